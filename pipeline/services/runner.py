"""Run one phase of a batch: load leads in chunks, call the phase, write back, record progress.

Used by the Celery chain (one task per phase) and in-process by `process_file`.
A failure marks the batch failed with its phase and reason; leads written so far stay.
"""

from __future__ import annotations

import importlib
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pipeline.models import PHASES, Batch, Lead
from pipeline.phases.base import PhaseContext
from pipeline.services import progress
from pipeline.services.gc_tuning import bulk_allocation
from pipeline.services.lead_instances import lead_chunks
from pipeline.services.lead_writes import leads_bulk_update

logger = logging.getLogger(__name__)


class BatchStopped(Exception):
    """The batch was cancelled (or failed elsewhere) while a phase ran."""


def phases_from(phase: str) -> tuple[str, ...]:
    return PHASES[PHASES.index(phase) :]


def phase_module(phase: str):
    return importlib.import_module(f"pipeline.phases.{phase}")


def context_for(batch: Batch) -> PhaseContext:
    return PhaseContext(
        batch=batch,
        organization_id=batch.organization_id,
        default_country=batch.organization.default_country or settings.DEFAULT_ORGANIZATION_COUNTRY,
        options=dict(batch.options or {}),
    )


# Large JSON columns a chunk phase never reads: not loading them halves the cost of a pass.
UNREAD_COLUMNS = {
    "enrich": ("raw", "extra", "validation", "match_keys", "dedup_features", "dedup_reasons", "score_breakdown"),
}


def _still_running(batch: Batch) -> bool:
    return Batch.objects.filter(pk=batch.pk, status=Batch.STATUS_RUNNING).exists()


def _run_chunked(module, batch: Batch, ctx: PhaseContext, phase: str) -> None:
    total = Lead.objects.filter(batch=batch).count()
    progress.phase_started(batch=batch, phase=phase, total=total)
    fields = tuple(module.FIELDS) + ("reasons",)
    done = 0
    defer = UNREAD_COLUMNS.get(phase, ())
    for chunk in lead_chunks(Lead.objects.filter(batch=batch), chunk_size=settings.PIPELINE_CHUNK_SIZE, defer=defer):
        module.run(chunk, ctx)
        leads_bulk_update(chunk, fields)
        done += len(chunk)
        progress.phase_advanced(batch=batch, phase=phase, done=done, counters=ctx.counters)
        if not _still_running(batch):
            raise BatchStopped


def batch_phase_execute(*, batch_id, phase: str, attempt: int | None = None) -> bool:
    """Run `phase` for a running batch. Returns False when the chain should stop.

    `attempt` (from the Celery chain) must match the batch's current attempt: after a cancel and a retry,
    the tasks still queued from the earlier attempt find a newer one and do nothing.
    """
    batch = Batch.objects.select_related("organization", "upload").filter(pk=batch_id).first()
    if batch is None or batch.status != Batch.STATUS_RUNNING:
        return False
    if attempt is not None and batch.attempts != attempt:
        return False
    if (batch.progress.get(phase) or {}).get("status") == "done":
        return True  # done already: run inline by ingest, or a redelivered task
    module = phase_module(phase)
    ctx = context_for(batch)
    started = time.monotonic()
    try:
        with bulk_allocation():
            if hasattr(module, "run_batch"):
                progress.phase_started(batch=batch, phase=phase, total=batch.leads_total or batch.upload.row_count)
                module.run_batch(ctx)
            else:
                _run_chunked(module, batch, ctx, phase)
    except BatchStopped:
        progress.phase_failed(batch=batch, phase=phase, error="stopped: batch is no longer running")
        return False
    except Exception as exc:  # noqa: BLE001 - any failure of a phase must be recorded on the batch
        logger.exception("batch %s failed in phase %s", batch.pk, phase)
        batch_mark_failed(batch=batch, phase=phase, error=f"{type(exc).__name__}: {exc}")
        return False
    progress.phase_finished(batch=batch, phase=phase, seconds=time.monotonic() - started, counters=ctx.counters)
    return True


def batch_mark_failed(*, batch: Batch, phase: str, error: str) -> None:
    from pipeline.services.batches import batch_settle_credits

    progress.phase_failed(batch=batch, phase=phase, error=error)
    with transaction.atomic():
        updated = Batch.objects.filter(pk=batch.pk, status=Batch.STATUS_RUNNING).update(
            status=Batch.STATUS_FAILED, failed_phase=phase, error=error[:2000], finished_at=timezone.now()
        )
    if updated:
        batch.refresh_from_db()
        batch_settle_credits(batch=batch)


def batch_run_sync(*, batch: Batch, start_phase: str = "ingest") -> Batch:
    """Run the remaining phases in this process (operators' `process_file`, tests)."""
    for phase in phases_from(start_phase):
        if not batch_phase_execute(batch_id=batch.pk, phase=phase):
            break
    batch.refresh_from_db()
    return batch
