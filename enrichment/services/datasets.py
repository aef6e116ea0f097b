"""Import of a customer's company dataset (CSV: domain, name, industry, size, signals, technologies)."""

from __future__ import annotations

import csv
import io
import os
from typing import IO

from django.conf import settings
from django.db import transaction

from leadsite.core.exceptions import ApplicationError
from leadsite.core.text.companies import company_name_key
from leadsite.core.text.counts import employee_count_structured

from ..models import CompanyDataset, CompanyRecord
from ..normalization import domain_clean, list_parse

REQUIRED_ANY = ("domain", "name")
COLUMNS = ("domain", "name", "industry", "size", "signals", "technologies")
BATCH = 2000


DATASET_EXTENSIONS = {".csv", ".tsv", ".txt", ""}


def _check_limits(fh: IO[bytes], filename: str) -> None:
    """The same limits as lead uploads: CSV only, at most UPLOAD_MAX_BYTES."""
    ext = os.path.splitext(filename or "")[1].lower()
    if ext not in DATASET_EXTENSIONS:
        raise ApplicationError(
            f"Unsupported file type {ext!r}: upload a CSV.", code="unsupported_type", status_code=415
        )
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    fh.seek(0)
    if size > settings.UPLOAD_MAX_BYTES:
        raise ApplicationError(
            f"File is {size} bytes; the limit is {settings.UPLOAD_MAX_BYTES} bytes.",
            code="file_too_large",
            status_code=413,
            details={"max_bytes": settings.UPLOAD_MAX_BYTES},
        )


def _rows(fh: IO[bytes]) -> csv.DictReader:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
    # PostgreSQL cannot store NUL characters; a stray one must not fail the whole import.
    reader = csv.DictReader(line.replace("\x00", "") for line in text)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not any(c in header for c in REQUIRED_ANY):
        raise ApplicationError(
            "The dataset needs a 'domain' or a 'name' column.", code="dataset_invalid", details={"columns": header}
        )
    reader.fieldnames = header
    return reader


def _checked(reader: csv.DictReader):
    try:
        yield from reader
    except csv.Error as exc:
        raise ApplicationError(
            f"The dataset is not valid CSV near line {reader.line_num}: {exc}.", code="dataset_invalid"
        ) from exc


@transaction.atomic
def company_dataset_import(
    *, organization_id: int, fh: IO[bytes], filename: str, replace: bool = True
) -> CompanyDataset:
    """Load a CSV into the organisation's dataset (streamed, bulk upserts).

    Rows with neither a domain nor a name are skipped and counted.
    """
    _check_limits(fh, filename)
    reader = _rows(fh)
    if replace:
        CompanyRecord.objects.filter(organization_id=organization_id).delete()
    accepted = rejected = 0
    batch: dict[tuple[str, str], CompanyRecord] = {}

    def flush() -> None:
        CompanyRecord.objects.bulk_create(
            list(batch.values()),
            update_conflicts=True,
            unique_fields=["organization", "domain", "name_key"],
            update_fields=["name", "industry", "size", "employee_count", "signals", "technologies"],
        )
        batch.clear()

    for row in _checked(reader):
        domain = domain_clean(row.get("domain") or "")
        name = (row.get("name") or "").strip()
        name_key = "" if domain else company_name_key(name)
        if not domain and not name_key:
            rejected += 1
            continue
        size = (row.get("size") or "").strip()
        batch[(domain, name_key)] = CompanyRecord(
            organization_id=organization_id,
            domain=domain[:255],
            name=name[:300],
            name_key=name_key[:300],
            industry=(row.get("industry") or "").strip()[:200],
            size=size[:64],
            employee_count=employee_count_structured(size),
            signals=list_parse(row.get("signals")),
            technologies=list_parse(row.get("technologies")),
        )
        accepted += 1
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    if accepted == 0:
        raise ApplicationError("The dataset has no usable rows.", code="dataset_empty", details={"rejected": rejected})
    dataset, created = CompanyDataset.objects.get_or_create(organization_id=organization_id)
    dataset.filename = filename[:255]
    dataset.rows = CompanyRecord.objects.filter(organization_id=organization_id).count()
    dataset.rows_rejected = rejected
    if not created:
        dataset.version += 1
    dataset.save()
    return dataset


@transaction.atomic
def company_dataset_delete(*, organization_id: int) -> None:
    CompanyRecord.objects.filter(organization_id=organization_id).delete()
    CompanyDataset.objects.filter(organization_id=organization_id).delete()
