from __future__ import annotations

import time
from typing import Any

from django.conf import settings

from ...normalization import employee_count_parse
from ..base import CompanyProfile, CompanyQuery, CompanyResult, PersonProfile, PersonQuery, Provider
from .client import ClearbitClient

# Clearbit/Hunter technology slugs → display names; unknown slugs are title-cased.
TECH_NAMES = {
    "google_apps": "Google Workspace",
    "microsoft_exchange_online": "Microsoft 365",
    "office_365": "Microsoft 365",
    "aws": "AWS",
    "amazon_ses": "Amazon SES",
    "hubspot": "HubSpot",
    "salesforce": "Salesforce",
    "zendesk": "Zendesk",
    "stripe": "Stripe",
    "google_analytics": "Google Analytics",
    "marketo": "Marketo",
    "intercom": "Intercom",
    "segment": "Segment",
}


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


def company_from_clearbit(company: dict[str, Any], *, confidence: float = 0.95) -> CompanyProfile:
    metrics = company.get("metrics") or {}
    employees = metrics.get("employees")
    if not isinstance(employees, int):
        employees = employee_count_parse(employees or metrics.get("employeesRange"))
    signals = list(company.get("tags") or [])
    if metrics.get("raised"):
        signals.append(f"Raised ${metrics['raised']:,}")
    handle = (company.get("linkedin") or {}).get("handle") or ""
    return CompanyProfile(
        name=company.get("name") or "",
        domain=company.get("domain") or "",
        industry=(company.get("category") or {}).get("industry") or "",
        employee_count=employees,
        signals=signals,
        technologies=[TECH_NAMES.get(t, t.replace("_", " ").title()) for t in company.get("tech") or []],
        linkedin=f"https://www.linkedin.com/{handle}" if handle else "",
        confidence=confidence,
    )


def person_from_clearbit(person: dict[str, Any], *, confidence: float = 0.95) -> PersonProfile:
    employment = person.get("employment") or {}
    handle = (person.get("linkedin") or {}).get("handle") or ""
    return PersonProfile(
        email=person.get("email") or "",
        name=(person.get("name") or {}).get("fullName") or "",
        title=employment.get("title") or "",
        company=employment.get("name") or "",
        phone=person.get("phone") or "",
        linkedin=f"https://www.linkedin.com/{handle}" if handle else "",
        confidence=confidence,
    )
