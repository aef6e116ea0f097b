"""Run one stage of a batch: its phases in order, with progress, counters and timings recorded on the batch.

Used by the Celery tasks (one per stage) and in-process by `process_file`. A failure marks the batch failed
with its phase and reason; leads written so far stay, and a retry starts again at that phase's stage.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pipeline.bulk.gc_tuning import bulk_allocation
from pipeline.models import Batch
from pipeline.stages import STAGE_PHASES, dedup, finalize, ingest, progress, stages_from
from pipeline.stages.attempts import BatchStopped, batch_lock
from pipeline.stages.context import StageContext
from pipeline.stages.settlement import batch_settle_credits

logger = logging.getLogger(__name__)

# phase → the function that does it, for each phase a stage runs itself (ingest's steps report under their own)
PHASE_RUNS: dict[str, Callable[[StageContext], None]] = {
    "ingest": ingest.run,
    "dedup": dedup.run,
    "score": dedup.rescore,
    "finalize": finalize.run,
}


class BatchBusy(Exception):
    """Another process still works on this batch (an earlier attempt finishing its chunk): try again later."""


def context_for(batch: Batch) -> StageContext:
    return StageContext(
        batch=batch,
        organization_id=batch.organization_id,
        attempt=batch.attempts,
        default_country=batch.organization.default_country or settings.DEFAULT_ORGANIZATION_COUNTRY,
        options=dict(batch.options or {}),
    )


def _phase_run(batch: Batch, ctx: StageContext, phase: str) -> None:
    ctx.counters = Counter()
    started = time.monotonic()
    progress.phase_started(batch=batch, phase=phase, total=batch.leads_total or batch.upload.row_count)
    PHASE_RUNS[phase](ctx)
    progress.phase_finished(batch=batch, phase=phase, seconds=time.monotonic() - started, counters=ctx.counters)


def _current(batch_id, attempt: int | None) -> Batch | None:
    batch = Batch.objects.select_related("organization", "upload").filter(pk=batch_id).first()
    if batch is None or batch.status != Batch.STATUS_RUNNING:
        return None
    if attempt is not None and batch.attempts != attempt:
        return None
    return batch


def batch_stage_execute(*, batch_id, stage: str, attempt: int | None = None, lock_wait: float | None = None) -> bool:
    """Run `stage` for a running batch. Returns False when the stages after it should not run.

    `attempt` (from the Celery task) must match the batch's current attempt: after a cancel and a retry, the
    tasks still queued from the earlier attempt find a newer one and do nothing, and one still running stops
    before its next write. The stage holds the batch's lock, so it starts only once the attempt before it has
    stopped (BatchBusy after `lock_wait` seconds). A stage whose phases are all done (a redelivered task) is
    not run again.
    """
    if _current(batch_id, attempt) is None:
        return False
    wait = settings.BATCH_LOCK_WAIT_SECONDS if lock_wait is None else lock_wait
    with batch_lock(batch_id, wait_seconds=wait) as held:
        if not held:
            raise BatchBusy(f"batch {batch_id} is still worked on by another process")
        batch = _current(batch_id, attempt)  # read again: it may have changed while we waited
        if batch is None:
            return False
        phases = STAGE_PHASES[stage]
        if all((batch.progress.get(p) or {}).get("status") == "done" for p in phases):
            return True
        ctx = context_for(batch)
        phase = phases[0]
        try:
            with bulk_allocation():
                for phase in (p for p in phases if p in PHASE_RUNS):
                    _phase_run(batch, ctx, phase)
        except BatchStopped:
            progress.phase_stopped(batch=batch, phase=phase)
            logger.info("batch %s attempt %s stopped in phase %s", batch.pk, ctx.attempt, phase)
            return False
        except Exception as exc:  # noqa: BLE001 - any failure of a stage must be recorded on the batch
            logger.exception("batch %s failed in phase %s", batch.pk, phase)
            batch_mark_failed(batch=batch, phase=phase, error=f"{type(exc).__name__}: {exc}", attempt=ctx.attempt)
            return False
    return True


def batch_mark_failed(*, batch: Batch, phase: str, error: str, attempt: int | None = None) -> bool:
    """Mark a running batch (of this attempt, if given) failed in `phase` and settle its credits.
    False when it was no longer running (cancelled, or another attempt took over)."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().filter(pk=batch.pk).first()
        if locked is None or locked.status != Batch.STATUS_RUNNING or attempt not in (None, locked.attempts):
            return False
        progress.phase_marked_failed(locked.progress, phase=phase, error=error)
        locked.status, locked.failed_phase, locked.error = Batch.STATUS_FAILED, phase, error[:2000]
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "failed_phase", "error", "finished_at", "progress"])
        batch_settle_credits(batch=locked)
    batch.refresh_from_db()
    return True


def batch_run_sync(*, batch: Batch, start_stage: str = "ingest") -> Batch:
    """Run the remaining stages in this process (operators' `process_file`, tests)."""
    for stage in stages_from(start_stage):
        if not batch_stage_execute(batch_id=batch.pk, stage=stage, attempt=batch.attempts):
            break
    batch.refresh_from_db()
    return batch
