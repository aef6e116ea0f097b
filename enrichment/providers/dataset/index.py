"""In-memory indexes of company datasets, one per organisation and dataset version, per process."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

from django.conf import settings

from leadsite.core.text.companies import company_name_key
from leadsite.core.text.counts import employee_count_structured

from ...models import CompanyDataset, CompanyRecord
from ...normalization import domain_clean, list_parse
from ..base import CompanyProfile

DEMO_DATASET_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "demo_companies.csv"


class DatasetIndex:
    def __init__(self, *, label: str, profiles: list[CompanyProfile]):
        self.label = label
        self.by_domain: dict[str, CompanyProfile] = {}
        self.by_name: dict[str, CompanyProfile] = {}
        for profile in profiles:
            if profile.domain:
                self.by_domain.setdefault(profile.domain, profile)
            if key := company_name_key(profile.name):
                self.by_name.setdefault(key, profile)

    def __len__(self) -> int:
        return max(len(self.by_domain), len(self.by_name))

    def find(self, *, domain: str, name: str) -> CompanyProfile | None:
        if domain and (profile := self.by_domain.get(domain)):
            return profile
        if name and (profile := self.by_name.get(company_name_key(name))):
            # A name match is weaker evidence than a domain match.
            return CompanyProfile(**{**profile.as_dict(), "confidence": 0.9})
        return None


_lock = threading.Lock()
_indexes: dict[tuple[int, int], DatasetIndex] = {}
_demo: DatasetIndex | None = None


def demo_company_rows() -> list[dict[str, str]]:
    """The rows of the shipped demo dataset (for seed data that should show enriched accounts)."""
    with DEMO_DATASET_PATH.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def profile_from_row(row: dict[str, str]) -> CompanyProfile:
    return CompanyProfile(
        name=(row.get("name") or "").strip(),
        domain=domain_clean(row.get("domain") or ""),
        industry=(row.get("industry") or "").strip(),
        employee_count=employee_count_structured(row.get("size")),
        signals=list_parse(row.get("signals")),
        technologies=list_parse(row.get("technologies")),
        confidence=1.0,
    )


def demo_index() -> DatasetIndex:
    global _demo
    with _lock:
        if _demo is None:
            _demo = DatasetIndex(label="demo", profiles=[profile_from_row(r) for r in demo_company_rows()])
        return _demo


def dataset_index_for(*, organization_id: int) -> DatasetIndex | None:
    """The organisation's own dataset, else the demo dataset (if enabled), else None."""
    version = CompanyDataset.objects.filter(organization_id=organization_id).values_list("version", flat=True).first()
    if version is None:
        return demo_index() if settings.ENRICHMENT_DEMO_DATASET else None
    key = (organization_id, version)
    with _lock:
        if key in _indexes:
            return _indexes[key]
    records = CompanyRecord.objects.filter(organization_id=organization_id).values_list(
        "domain", "name", "industry", "employee_count", "signals", "technologies"
    )
    profiles = [
        CompanyProfile(name=n, domain=d, industry=i, employee_count=e, signals=s or [], technologies=t or [])
        for d, n, i, e, s, t in records.iterator(chunk_size=5000)
    ]
    index = DatasetIndex(label="customer", profiles=profiles)
    with _lock:
        for stale in [k for k in _indexes if k[0] == organization_id]:
            del _indexes[stale]
        _indexes[key] = index
    return index
