from __future__ import annotations

from typing import Any

from django.conf import settings

from ..base import CompanyProfile, CompanyQuery, PersonProfile, PersonQuery, Provider
from .client import SnovClient


class SnovProvider(Provider):
    name = "snov"
    supports_company = True
    supports_person = True

    def __init__(self, client: SnovClient | None = None):
        self.client = client or SnovClient()
        self.cost_per_call = settings.SNOV_COST_PER_CALL

    def is_configured(self) -> bool:
        return bool(self.client.client_id and self.client.client_secret)

    def _company(self, query: CompanyQuery) -> CompanyProfile | None:
        if not query.domain:
            return None
        body = self.client.domain_emails(domain=query.domain)
        if not body or not body.get("companyName"):
            return None
        return CompanyProfile(name=body["companyName"], domain=body.get("domain") or query.domain, confidence=0.7)

    def _person(self, query: PersonQuery) -> PersonProfile | None:
        if query.email:
            body = self.client.profile_by_email(email=query.email)
            return person_from_snov(body, email=query.email) if body else None
        if query.domain and query.first_name and query.last_name:
            body = self.client.emails_from_names(
                first_name=query.first_name, last_name=query.last_name, domain=query.domain
            )
            emails = ((body or {}).get("data") or {}).get("emails") or []
            valid = [e for e in emails if e.get("emailStatus") == "valid"]
            if not valid:
                return None
            return PersonProfile(email=valid[0]["email"], name=f"{query.first_name} {query.last_name}", confidence=0.8)
        return None


def person_from_snov(body: dict[str, Any], *, email: str) -> PersonProfile:
    jobs = body.get("currentJobs") or body.get("currentJob") or []
    job = jobs[0] if jobs else {}
    linkedin = next((s.get("link") for s in body.get("social") or [] if s.get("type") == "linkedIn"), "") or ""
    return PersonProfile(
        email=email,
        name=body.get("name") or " ".join(filter(None, [body.get("firstName"), body.get("lastName")])),
        title=job.get("position") or "",
        company=job.get("companyName") or "",
        linkedin=linkedin,
        confidence=0.8,
    )
