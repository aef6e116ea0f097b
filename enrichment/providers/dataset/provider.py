"""Company lookups in the organisation's uploaded dataset, or the demo dataset when it has none."""

from __future__ import annotations

from ..base import CompanyProfile, CompanyQuery, Provider
from .index import DatasetIndex, dataset_index_for


class CompanyDatasetProvider(Provider):
    name = "company_dataset"
    local = True
    supports_company = True

    def __init__(self, index: DatasetIndex | None = None):
        self.index = index

    @classmethod
    def for_organization(cls, organization_id: int) -> CompanyDatasetProvider:
        return cls(dataset_index_for(organization_id=organization_id))

    def is_configured(self) -> bool:
        return self.index is not None and bool(self.index)

    def _company(self, query: CompanyQuery) -> CompanyProfile | None:
        # With a domain, the answer depends on the domain alone: it is cached under the domain for every lead
        # with that domain, whatever company name the first of them gave (and a name that belongs to a
        # dataset entry with another domain is conflicting evidence, not a match).
        if not self.index:
            return None
        return self.index.find(domain=query.domain, name="" if query.domain else query.name)
