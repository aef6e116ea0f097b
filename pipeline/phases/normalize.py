"""Normalize phase: names, company and match key, domain, country, title/seniority/department.

Reads only `lead.raw` (the mapped input as ingested), so running it again gives the same result.
"""

from __future__ import annotations

from pipeline.models import Lead
from pipeline.normalize import lead_values

from .base import PhaseContext, reasons_reset

PHASE = "normalize"
FIELDS: tuple[str, ...] = (
    "first_name", "last_name", "full_name", "email", "phone", "title", "title_normalized", "seniority", "department",
    "linkedin", "company_name", "company_key", "domain", "website", "industry", "employee_count", "street", "city",
    "state", "postcode", "country", "signals", "technologies",
)


def run(leads: list[Lead], ctx: PhaseContext) -> None:
    counters = ctx.counters
    for lead in leads:
        reasons_reset(lead, PHASE)
        values = lead_values(lead.raw or {})
        for name in FIELDS:
            setattr(lead, name, values[name])
        counters["leads"] += 1
        source = values["_domain_source"]
        counters[f"domain_from_{source}" if source else "no_domain"] += 1
        if values["_country_unrecognised"]:
            counters["country_unrecognised"] += 1
        if not values["full_name"]:
            counters["no_name"] += 1
        if values["seniority"] == "unknown" and values["title"]:
            counters["title_unrecognised"] += 1
