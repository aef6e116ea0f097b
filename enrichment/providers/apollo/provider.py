from __future__ import annotations

from typing import Any

from django.conf import settings

from ..base import CompanyProfile, CompanyQuery, PersonProfile, PersonQuery, Provider
from .client import ApolloClient


class ApolloProvider(Provider):
    name = "apollo"
    supports_company = True
    supports_person = True

    def __init__(self, client: ApolloClient | None = None):
        self.client = client or ApolloClient()
        self.cost_per_call = settings.APOLLO_COST_PER_CALL

    def is_configured(self) -> bool:
        return bool(self.client.api_key)

    def _company(self, query: CompanyQuery) -> CompanyProfile | None:
        if not query.domain:
            return None
        org = self.client.organization_enrich(domain=query.domain)
        return company_from_apollo(org) if org else None

    def _person(self, query: PersonQuery) -> PersonProfile | None:
        person = self.client.people_match(
            email=query.email, first_name=query.first_name, last_name=query.last_name, domain=query.domain
        )
        return person_from_apollo(person) if person else None


def company_from_apollo(org: dict[str, Any]) -> CompanyProfile:
    signals = []
    if stage := org.get("latest_funding_stage"):
        signals.append(stage)
    if org.get("publicly_traded_symbol"):
        signals.append("Public company")
    return CompanyProfile(
        name=org.get("name") or "",
        domain=org.get("primary_domain") or "",
        industry=(org.get("industry") or "").title(),
        employee_count=org.get("estimated_num_employees"),
        signals=signals,
        technologies=list(org.get("technology_names") or []),
        linkedin=org.get("linkedin_url") or "",
        confidence=0.9,
    )


def person_from_apollo(person: dict[str, Any]) -> PersonProfile:
    phones = person.get("phone_numbers") or []
    organization = person.get("organization") or {}
    return PersonProfile(
        email=person.get("email") or "",
        name=person.get("name") or " ".join(filter(None, [person.get("first_name"), person.get("last_name")])),
        title=person.get("title") or "",
        company=organization.get("name") or "",
        phone=(phones[0].get("sanitized_number") or phones[0].get("raw_number") or "") if phones else "",
        linkedin=person.get("linkedin_url") or "",
        confidence=0.9 if person.get("email_status") == "verified" else 0.7,
    )
