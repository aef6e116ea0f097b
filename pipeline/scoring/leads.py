"""Scoring applied to stored leads: the organisation's effective profile, one lead's score and status, and
re-scoring a set of leads in chunks. The rules themselves are in `engine` and `profile` (no database)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from pipeline.bulk.lead_instances import lead_chunks
from pipeline.bulk.lead_writes import leads_bulk_update
from pipeline.models import Lead, ScoringProfile
from pipeline.reasons import has_gate, reason_add, reasons_reset

from .engine import lead_score
from .profile import ProfileError, profile_resolve

PHASE = "score"
SCORE_FIELDS = ("score", "score_breakdown", "status")
PROFILE_METRIC = "scoring_profile"  # batch.metrics key: the profile ingest scored the batch with
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
    """Write score, breakdown, reasons and status of one lead (idempotent).

    DUPLICATE leads are scored too (their breakdown is useful) but keep their status.
    """
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


def leads_rescore(leads: Iterable[Lead] | Any, *, profile: dict[str, Any]) -> int:
    """Score the leads of a queryset again, a chunk at a time, and write them; returns how many."""
    scored = 0
    for chunk in lead_chunks(leads, chunk_size=settings.PIPELINE_CHUNK_SIZE, defer=UNREAD_COLUMNS):
        for lead in chunk:
            lead_apply_score(lead, profile)
        leads_bulk_update(chunk, SCORE_FIELDS + ("reasons",))
        scored += len(chunk)
    return scored
