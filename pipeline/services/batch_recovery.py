"""Crash recovery: running batches whose worker was lost (killed, redeployed, out of memory) are resumed from
their last written chunk, or failed with the reason once they have been resumed BATCH_AUTO_RESUMES times."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from leadsite.core.exceptions import ApplicationError
from pipeline.models import Batch
from pipeline.services.batches import batch_attempt_next, batch_enqueue, batch_is_stale
from pipeline.stages.runner import batch_mark_failed

logger = logging.getLogger(__name__)


def batch_recover(*, batch_id) -> str:
    """Resume or fail one stale batch; returns "resumed", "failed" or "alive" (someone works on it)."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().filter(pk=batch_id).first()
        if locked is None or not batch_is_stale(locked):
            return "alive"
        if locked.auto_resumes >= settings.BATCH_AUTO_RESUMES:
            seen = locked.heartbeat_at or locked.started_at
            batch_mark_failed(
                batch=locked, phase=locked.current_phase or "ingest", attempt=locked.attempts,
                error=f"worker lost: no sign of life since {seen:%Y-%m-%d %H:%M:%S} UTC, after "
                      f"{locked.auto_resumes} automatic resume(s); retry to try again",
            )
            return "failed"
        start = batch_attempt_next(locked=locked, auto=True)
    try:
        batch_enqueue(locked, start)
    except ApplicationError:
        return "failed"  # queue unavailable: marked failed, reservation released
    logger.warning("batch %s resumed from stage %s (attempt %s)", locked.pk, start, locked.attempts)
    return "resumed"


def batches_recover() -> dict[str, int]:
    """Find running batches without a heartbeat for BATCH_STALE_SECONDS and recover each (beat, every minute)."""
    cutoff = timezone.now() - timedelta(seconds=settings.BATCH_STALE_SECONDS)
    stale = Batch.objects.filter(status=Batch.STATUS_RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    outcomes = Counter(batch_recover(batch_id=pk) for pk in stale.values_list("pk", flat=True))
    return dict(outcomes)
