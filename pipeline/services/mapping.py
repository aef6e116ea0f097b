"""Customer corrections of the column mapping proposed at upload."""

from leadsite.core.exceptions import ApplicationError
from pipeline.ingest import LEAD_FIELDS
from pipeline.models import Upload


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
