"""Accept an uploaded file: check size and type, store it under a generated key, record what it holds."""

from __future__ import annotations

import hashlib
import os
import uuid

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename

from leadsite.core.exceptions import ApplicationError
from leadsite.core.models import Organization
from pipeline.ingest import IngestError, iter_rows, sniff_upload
from pipeline.ingest.mapping_checks import mapping_warnings
from pipeline.models import Upload

ALLOWED_EXTENSIONS = {".csv", ".tsv", ".txt", ".json"}


def display_filename(name: str) -> str:
    """A safe display name: the base name only, no path parts, limited length."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    try:
        cleaned = get_valid_filename(base)
    except Exception:  # noqa: BLE001 - SuspiciousFileOperation for names like ".."
        cleaned = ""
    return (cleaned or "upload")[:200]


def _sha256(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for block in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(block)
    fileobj.seek(0)
    return digest.hexdigest()


def upload_create(*, organization: Organization, user, fileobj: File, max_bytes: int | None = None) -> Upload:
    """Validate and store one upload. Errors: 413 too large, 415 unsupported type, 400 unparseable.

    Rows are counted here (one streaming pass) so that a batch can reserve exact credits.
    """
    max_bytes = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if fileobj.size is not None and fileobj.size > max_bytes:
        raise ApplicationError(
            f"File is {fileobj.size} bytes; the limit is {max_bytes} bytes.",
            code="file_too_large",
            status_code=413,
            details={"size": fileobj.size, "max_bytes": max_bytes},
        )
    filename = display_filename(getattr(fileobj, "name", "") or "")
    ext = os.path.splitext(filename)[1].lower()
    if ext and ext not in ALLOWED_EXTENSIONS:
        raise ApplicationError(
            f"Unsupported file type '{ext}'. Upload a CSV or JSON file.",
            code="unsupported_type",
            status_code=415,
            details={"allowed": sorted(ALLOWED_EXTENSIONS)},
        )
    if not fileobj.size:
        raise ApplicationError("The file is empty.", code="unparseable", details={"filename": filename})
    try:
        fileobj.seek(0)
        info = sniff_upload(fileobj, filename=filename)
    except IngestError as exc:
        status = 415 if exc.code == "unsupported_type" else 400
        details = {"filename": filename, **(exc.details or {})}
        raise ApplicationError(exc.message, code=exc.code, status_code=status, details=details) from exc
    digest = _sha256(fileobj)
    try:
        row_count = sum(1 for _ in iter_rows(fileobj, info=info))
    except IngestError as exc:
        raise ApplicationError(exc.message, code=exc.code, status_code=400, details={"filename": filename}) from exc
    fileobj.seek(0)
    key = f"uploads/{organization.pk}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{info.format}"
    fileobj.seek(0)
    stored_key = default_storage.save(key, fileobj)
    upload = Upload(
        organization=organization,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        filename=filename,
        storage_key=stored_key,
        size=fileobj.size,
        sha256=digest,
        format=info.format,
        encoding=info.encoding or "",
        delimiter=info.delimiter or "",
        columns=list(info.columns),
        column_mapping=dict(info.mapping),
        row_count=row_count,
    )
    upload.save()
    upload.preview = info.preview  # not stored; shown right after upload
    upload.warnings = info.warnings
    return upload


def upload_samples(*, upload: Upload, rows: int = 3) -> dict[str, list[str]]:
    """The first values of each column as read with the proposed mapping (for the mapping preview)."""
    return upload_review(upload=upload, rows=rows)[0]


def upload_review(*, upload: Upload, rows: int = 3) -> tuple[dict[str, list[str]], list[str]]:
    """Sample values per column and the warnings on the upload as it is mapped now (for the mapping page)."""
    samples: dict[str, list[str]] = {column: [] for column in upload.columns}
    with default_storage.open(upload.storage_key, "rb") as fileobj:
        info = sniff_upload(fileobj, filename=upload.filename)
        fileobj.seek(0)
        for count, row in enumerate(iter_rows(fileobj, info=info)):
            if count >= rows:
                break
            for column in upload.columns:
                field = info.mapping.get(column, "")
                value = row.values.get(field, "") if field else row.extra.get(column, "")
                samples[column].append(str(value or "")[:60])
    mapping = {column: upload.column_mapping.get(column, "") for column in upload.columns}
    warnings = [w for w in info.warnings if "notes" in w] if info.header_row else []
    warnings.extend(mapping_warnings(mapping))
    return samples, warnings
