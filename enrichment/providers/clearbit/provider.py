from __future__ import annotations

import time

from django.conf import settings

from ..base import CompanyQuery, CompanyResult, PersonProfile, PersonQuery, Provider
from ..clearbit_schema import company_from_clearbit, person_from_clearbit
from .client import ClearbitClient


class ClearbitProvider(Provider):
    name = "clearbit"
    supports_company = True
    supports_person = True

    def __init__(self, client: ClearbitClient | None = None):
        self.client = client or ClearbitClient()
        self.cost_per_call = settings.CLEARBIT_COST_PER_CALL

    def is_configured(self) -> bool:
        return bool(self.client.api_key)

    def company_lookup(self, query: CompanyQuery) -> CompanyResult:
        started = time.perf_counter()
        calls = 0
        domain = query.domain
        if not domain and query.name:
            calls += 1
            found = self.client.domain_find(name=query.name)
            domain = (found or {}).get("domain") or ""
        profile = None
        if domain:
            calls += 1
            company = self.client.company_find(domain=domain)
            profile = company_from_clearbit(company) if company else None
        latency = (time.perf_counter() - started) * 1000
        return CompanyResult(self.name, profile, self.cost_per_call * calls, latency, calls)

    def _person(self, query: PersonQuery) -> PersonProfile | None:
        if not query.email:
            return None
        person = self.client.person_find(email=query.email)
        return person_from_clearbit(person) if person else None
