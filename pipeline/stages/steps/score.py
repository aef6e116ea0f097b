"""Score step: points per rule from the batch's profile, hard gates, QUALIFIED or REJECTED (pipeline.scoring).

Each lead is scored here, once, from its own fields; dedup scores again only the leads whose fields it changes
(a survivor filled from its duplicates, a lead that is no longer a duplicate).
"""

from __future__ import annotations

from typing import Any

from pipeline.models import Lead
from pipeline.scoring.leads import PROFILE_METRIC, lead_apply_score, profile_for
from pipeline.stages.context import StageContext


def batch_profile(ctx: StageContext) -> dict[str, Any]:
    """The profile this batch is scored with: the one ingest recorded when it started (so a profile edited
    while the batch runs does not mix two profiles in one batch), else the organisation's current one."""
    if ctx.scoring_profile is None:
        recorded = (ctx.batch.metrics or {}).get(PROFILE_METRIC) if ctx.batch is not None else None
        ctx.scoring_profile = recorded if isinstance(recorded, dict) else profile_for(ctx.organization_id)
    return ctx.scoring_profile


def score(leads: list[Lead], ctx: StageContext) -> None:
    profile = batch_profile(ctx)
    for lead in leads:
        lead_apply_score(lead, profile)
        ctx.counters[lead.status.lower()] += 1
