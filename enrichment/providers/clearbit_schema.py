"""Answers in the Clearbit schema, read into profiles: Clearbit's API and Hunter's enrichment endpoints use it."""

from __future__ import annotations

from typing import Any

from leadsite.core.text.counts import employee_count_structured

from .base import CompanyProfile, PersonProfile

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


def company_from_clearbit(company: dict[str, Any], *, confidence: float = 0.95) -> CompanyProfile:
    metrics = company.get("metrics") or {}
    employees = metrics.get("employees")
    if not isinstance(employees, int):
        employees = employee_count_structured(employees or metrics.get("employeesRange"))
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
