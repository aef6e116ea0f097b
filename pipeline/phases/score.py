"""Phase 06 Score: points per rule from the organisation's profile, hard gates, QUALIFIED or REJECTED.

DUPLICATE leads are scored too (their breakdown is useful) but keep their status.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count

from pipeline.models import Lead, ScoringProfile
from pipeline.phases.base import PhaseContext, has_gate, reason_add, reasons_reset
from pipeline.scoring import ProfileError, lead_score, profile_resolve
from pipeline.services.lead_instances import lead_chunks
from pipeline.services.lead_writes import leads_bulk_update

PHASE = "score"
FIELDS = ("score", "score_breakdown", "status")
PROFILE_METRIC = "scoring_profile"  # batch.metrics key: the profile ingest scored with
# Large JSON columns scoring never reads (it overwrites score_breakdown without reading it).
UNREAD_COLUMNS = ("raw", "extra", "enrichment", "match_keys", "dedup_features", "dedup_reasons", "validation",
                  "score_breakdown")


def profile_for(organization_id: int) -> dict[str, Any]:
    """The organisation's effective profile; a stored profile that no longer validates falls back to the default."""
    config = ScoringProfile.objects.filter(organization_id=organization_id).values_list("config", flat=True).first()
    threshold = settings.SCORING_DEFAULT_THRESHOLD
    try:
        return profile_resolve(config, threshold=threshold)
    except ProfileError:
        return profile_resolve(None, threshold=threshold)


def lead_apply_score(lead: Lead, profile: dict[str, Any]) -> None:
    """Write score, breakdown, reasons and status of one lead (idempotent)."""
    reasons_reset(lead, PHASE)
    result = lead_score(lead, profile)
    lead.score = result.score
    lead.score_breakdown = result.breakdown
    for code, message in result.gates:
        reason_add(lead, PHASE, code, message, gate=True)
    if lead.status == Lead.STATUS_DUPLICATE:
        return
    if has_gate(lead):
        lead.status = Lead.STATUS_REJECTED
    elif result.score >= result.threshold:
        lead.status = Lead.STATUS_QUALIFIED
    else:
        lead.status = Lead.STATUS_REJECTED
        reason_add(lead, PHASE, "below_threshold",
                   f"Score {result.score:g} is below the qualification threshold {result.threshold:g}.")


def _profile(ctx: PhaseContext) -> dict[str, Any]:
    """The profile this batch is scored with: the one ingest recorded when it started (so a profile edited
    while the batch runs does not mix two profiles in one batch), else the organisation's current one."""
    profile = ctx.cache.get("scoring_profile")
    if profile is None:
        recorded = (ctx.batch.metrics or {}).get(PROFILE_METRIC) if ctx.batch is not None else None
        profile = recorded if isinstance(recorded, dict) else profile_for(ctx.organization_id)
        ctx.cache["scoring_profile"] = profile
    return profile


def run(leads: list[Lead], ctx: PhaseContext) -> None:
    """Score a chunk (ingest runs this on every chunk as it reads the file)."""
    profile = _profile(ctx)
    for lead in leads:
        lead_apply_score(lead, profile)
        ctx.counters[lead.status.lower()] += 1


def run_batch(ctx: PhaseContext) -> None:
    """The phase after dedup: score the leads that have no score yet, or lost it when dedup changed them
    (a survivor filled from its duplicates, a lead no longer a duplicate), then count the statuses.

    Until this phase is done the batch's qualified leads are not listed (see selectors.lead_list_qualified).
    """
    batch = ctx.batch
    profile = _profile(ctx)
    rescored = 0
    unscored = Lead.objects.filter(batch=batch, score__isnull=True)
    for chunk in lead_chunks(unscored, chunk_size=settings.PIPELINE_CHUNK_SIZE, defer=UNREAD_COLUMNS):
        for lead in chunk:
            lead_apply_score(lead, profile)
        leads_bulk_update(chunk, FIELDS + ("reasons",))
        rescored += len(chunk)
    counts = dict(Lead.objects.filter(batch=batch).values_list("status").annotate(n=Count("id")).order_by())
    ctx.counters["scored_here"] = rescored
    for status in (Lead.STATUS_QUALIFIED, Lead.STATUS_REJECTED, Lead.STATUS_DUPLICATE):
        ctx.counters[status.lower()] = counts.get(status, 0)
