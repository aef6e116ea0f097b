"""Import of a customer's company dataset (CSV: domain, name, industry, size, signals, technologies)."""

from __future__ import annotations

import csv
import io
from typing import IO

from django.db import transaction

from leadsite.core.exceptions import ApplicationError

from ..models import CompanyDataset, CompanyRecord
from ..normalization import company_name_key, domain_clean, employee_count_parse, list_parse

REQUIRED_ANY = ("domain", "name")
COLUMNS = ("domain", "name", "industry", "size", "signals", "technologies")
BATCH = 2000


def _rows(fh: IO[bytes]) -> csv.DictReader:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.DictReader(text)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not any(c in header for c in REQUIRED_ANY):
        raise ApplicationError(
            "The dataset needs a 'domain' or a 'name' column.", code="dataset_invalid", details={"columns": header}
        )
    reader.fieldnames = header
    return reader


@transaction.atomic
def company_dataset_import(
    *, organization_id: int, fh: IO[bytes], filename: str, replace: bool = True
) -> CompanyDataset:
    """Load a CSV into the organisation's dataset (streamed, bulk upserts).

    Rows with neither a domain nor a name are skipped and counted.
    """
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

    for row in reader:
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
            employee_count=employee_count_parse(size),
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
