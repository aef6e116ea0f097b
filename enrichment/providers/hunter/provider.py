from __future__ import annotations

from typing import Any

from django.conf import settings

from ..base import CompanyProfile, CompanyQuery, PersonProfile, PersonQuery, Provider
from ..clearbit_schema import company_from_clearbit, person_from_clearbit
from .client import HunterClient


class HunterProvider(Provider):
    """Hunter's enrichment endpoints answer in the Clearbit schema; the email finder has its own."""

    name = "hunter"
    supports_company = True
    supports_person = True

    def __init__(self, client: HunterClient | None = None):
        self.client = client or HunterClient()
        self.cost_per_call = settings.HUNTER_COST_PER_CALL

    def is_configured(self) -> bool:
        return bool(self.client.api_key)

    def _company(self, query: CompanyQuery) -> CompanyProfile | None:
        if not query.domain:
            return None
        company = self.client.company_find(domain=query.domain)
        return company_from_clearbit(company, confidence=0.85) if company else None

    def _person(self, query: PersonQuery) -> PersonProfile | None:
        if query.email:
            person = self.client.person_find(email=query.email)
            return person_from_clearbit(person, confidence=0.85) if person else None
        if query.domain and query.first_name and query.last_name:
            found = self.client.email_finder(
                domain=query.domain, first_name=query.first_name, last_name=query.last_name
            )
            return person_from_email_finder(found) if found else None
        return None


def person_from_email_finder(data: dict[str, Any]) -> PersonProfile:
    return PersonProfile(
        email=data.get("email") or "",
        name=" ".join(filter(None, [data.get("first_name"), data.get("last_name")])),
        title=data.get("position") or "",
        company=data.get("company") or "",
        phone=data.get("phone_number") or "",
        linkedin=data.get("linkedin_url") or "",
        confidence=round((data.get("score") or 0) / 100, 2),
    )
