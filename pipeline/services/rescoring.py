"""Re-scoring a finished batch with the organisation's current profile (the profile itself: scoring_profiles.py).

Re-scoring recomputes score, breakdown and QUALIFIED/REJECTED from the leads as they are (no
normalisation, validation, enrichment or dedup is run again) and charges no credits.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from leadsite.core.exceptions import ApplicationError
from pipeline.bulk.lead_instances import lead_chunks
from pipeline.bulk.lead_writes import leads_bulk_update
from pipeline.models import Batch, Lead
from pipeline.scoring.leads import SCORE_FIELDS, lead_apply_score, profile_for
from pipeline.stages.settlement import batch_counts_refresh


def batch_rescore(*, batch: Batch) -> dict[str, Any]:
    """Score every lead of a completed batch again with the current profile; returns what changed."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != Batch.STATUS_COMPLETED:
            raise ApplicationError(
                f"Only a completed batch can be re-scored; this one is {locked.status}.",
                code="batch_not_finished", status_code=409, details={"status": locked.status},
            )
        profile = profile_for(locked.organization_id)
        counters: Counter = Counter()
        for chunk in lead_chunks(Lead.objects.filter(batch=locked), chunk_size=settings.PIPELINE_CHUNK_SIZE):
            for lead in chunk:
                before = lead.status
                lead_apply_score(lead, profile)
                counters[lead.status.lower()] += 1
                counters["changed"] += lead.status != before
            leads_bulk_update(chunk, SCORE_FIELDS + ("reasons",))
        batch_counts_refresh(batch=locked)
        summary = {"at": timezone.now().isoformat(), "threshold": profile["threshold"], **counters}
        locked.metrics = {**(locked.metrics or {}), "rescore": summary}
        locked.save(update_fields=["metrics"])
    batch.refresh_from_db()
    return {
        "batch_id": str(batch.pk),
        "leads_qualified": batch.leads_qualified,
        "leads_rejected": batch.leads_rejected,
        "leads_duplicate": batch.leads_duplicate,
        "status_changes": counters["changed"],
        "threshold": profile["threshold"],
        "credits_charged": 0,
    }
