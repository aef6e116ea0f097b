"""Customer corrections of the column mapping proposed at upload, and the check before processing."""

from leadsite.core.exceptions import ApplicationError
from pipeline.ingest import LEAD_FIELDS
from pipeline.ingest.mapping_checks import mapping_problems
from pipeline.models import Upload


def upload_mapping_check(*, upload: Upload) -> None:
    """Refuse (400, before any credit is reserved) a mapping that cannot give reachable leads or that puts two
    columns on one field; `details.problems` lists every problem, the first one gives the code."""
    mapping = {column: upload.column_mapping.get(column, "") for column in upload.columns}
    problems = mapping_problems(mapping)
    if problems:
        first = problems[0]
        raise ApplicationError(
            " ".join(p.message for p in problems),
            code=first.code,
            status_code=400,
            details={**first.details, "problems": [{"code": p.code, "message": p.message, **p.details}
                                                   for p in problems]},
        )


def upload_mapping_update(*, upload: Upload, mapping: dict[str, str]) -> Upload:
    unknown_headers = sorted(set(mapping) - set(upload.columns))
    if unknown_headers:
        raise ApplicationError(
            f"Unknown column(s) in mapping: {', '.join(unknown_headers)}.",
            code="invalid",
            details={"columns": upload.columns},
        )
    bad_targets = sorted({v for v in mapping.values() if v and v not in LEAD_FIELDS})
    if bad_targets:
        raise ApplicationError(
            f"Unknown lead field(s): {', '.join(bad_targets)}.",
            code="invalid",
            details={"fields": sorted(LEAD_FIELDS)},
        )
    merged = {**upload.column_mapping, **mapping}
    upload.column_mapping = merged
    upload.save(update_fields=["column_mapping"])
    return upload
