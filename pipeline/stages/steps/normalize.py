"""Normalize step: names, company and match key, domain, country, title/seniority/department.

Reads only `lead.raw` (the mapped input as ingested), so running it again gives the same result.
"""

from __future__ import annotations

from collections import Counter

from pipeline.models import Lead
from pipeline.normalize import NORMALIZED_FIELDS, lead_values
from pipeline.reasons import reasons_reset
from pipeline.stages.context import StageContext

PHASE = "normalize"
FIELDS: tuple[str, ...] = NORMALIZED_FIELDS


def normalize(leads: list[Lead], ctx: StageContext) -> None:
    counts: Counter = Counter()
    for lead in leads:
        if lead.reasons:
            reasons_reset(lead, PHASE)
        # Plain concrete fields have no __set__ descriptor, so one dict update equals 23 setattr calls, faster.
        vars(lead).update(lead_values(lead.raw or {}, counters=counts))
    counts["leads"] += len(leads)
    ctx.counters.update(counts)
