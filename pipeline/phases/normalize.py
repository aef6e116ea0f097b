"""Normalize phase: names, company and match key, domain, country, title/seniority/department.

Reads only `lead.raw` (the mapped input as ingested), so running it again gives the same result.
"""

from __future__ import annotations

from collections import Counter

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
    counts: Counter = Counter()
    for lead in leads:
        if lead.reasons:
            reasons_reset(lead, PHASE)
        values = lead_values(lead.raw or {})
        for name in FIELDS:
            setattr(lead, name, values[name])
        counts[values["_domain_source"]] += 1
        if values["_country_unrecognised"]:
            counts["country_unrecognised"] += 1
        if not values["full_name"]:
            counts["no_name"] += 1
        if values["seniority"] == "unknown" and values["title"]:
            counts["title_unrecognised"] += 1
    counts["leads"] = len(leads)
    counts["domain_from_website"] = counts.pop("website", 0)
    counts["domain_from_email"] = counts.pop("email", 0)
    counts["no_domain"] = counts.pop("", 0)
    ctx.counters.update(+counts)
