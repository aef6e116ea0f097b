"""Start, cancel, retry and settle batches. Credits are reserved before any work and settled for what was done."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing.services.credits import credits_batch_estimate, credits_reserve
from leadsite.core.exceptions import ApplicationError
from leadsite.core.models import Organization
from pipeline.models import Batch, Upload
from pipeline.services.mapping import upload_mapping_check
from pipeline.stages import stage_to_resume
from pipeline.stages.attempts import batch_lock_free
from pipeline.stages.queue import batch_stages_enqueue
from pipeline.stages.runner import batch_mark_failed
from pipeline.stages.settlement import batch_settle_credits, reservation_reference

logger = logging.getLogger(__name__)

ALLOWED_OPTIONS = {"dedup_history": bool}


def _clean_options(options: dict[str, Any] | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in (options or {}).items():
        expected = ALLOWED_OPTIONS.get(key)
        if expected is None:
            raise ApplicationError(
                f"Unknown option '{key}'.", code="invalid", details={"allowed": sorted(ALLOWED_OPTIONS)}
            )
        if not isinstance(value, expected):
            raise ApplicationError(f"Option '{key}' must be a {expected.__name__}.", code="invalid")
        cleaned[key] = value
    return cleaned


def _reserve(batch: Batch, amount: int) -> None:
    """Hold the batch's credits; InsufficientCredits is already a 402 with `needed` and `remaining`."""
    credits_reserve(organization_id=batch.organization_id, amount=amount, reference=reservation_reference(batch))


QUEUE_RETRY_AFTER = 30  # seconds a client is told to wait when the queue is unavailable


def batch_enqueue(batch: Batch, start_stage: str) -> None:
    """Queue the batch's stages once its transaction has committed (the worker must see it).

    Outside a transaction a broker that cannot be reached fails the batch at once: "queue unavailable", the
    reservation released, and a 503 with Retry-After for the caller. (Inside an outer transaction the queueing
    waits for its commit, as tests do.)
    """
    attempt, batch_id = batch.attempts, str(batch.pk)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: batch_stages_enqueue(batch_id=batch_id, start_stage=start_stage, attempt=attempt))
        return
    try:
        batch_stages_enqueue(batch_id=batch_id, start_stage=start_stage, attempt=attempt)
    except Exception as exc:  # noqa: BLE001 - any broker failure (kombu, redis, amqp, OS errors) means not queued
        logger.exception("could not queue batch %s", batch_id)
        batch_mark_failed(batch=batch, phase=start_stage, error=f"queue unavailable: {type(exc).__name__}: {exc}",
                          attempt=attempt)
        raise ApplicationError(
            "The processing queue is unavailable right now; the batch was not started and no credits were used. "
            "Retry the batch (or submit again) shortly.",
            code="queue_unavailable", status_code=503, details={"batch_id": batch_id},
            retry_after=QUEUE_RETRY_AFTER,
        ) from exc


def batch_start(
    *,
    organization: Organization,
    user,
    upload: Upload,
    options: dict[str, Any] | None = None,
    charge: bool = True,
    enqueue: bool = True,
) -> Batch:
    """Create a batch for an upload, reserve its estimated credits (402 when short) and queue its stages.

    One batch of an upload runs at a time: a second start while one runs (a double click, a retried request)
    is a 409 naming the running batch. A mapping with no email or phone column, or with two columns on one
    field, is refused first (400). `charge=False` is for operators' internal runs (process_file without a
    customer): no credits move.
    """
    cleaned = _clean_options(options)
    upload_mapping_check(upload=upload)
    if not charge:
        cleaned["uncharged"] = True
    estimate = credits_batch_estimate(rows=upload.row_count) if charge else 0
    with transaction.atomic():
        Upload.objects.select_for_update().filter(pk=upload.pk).first()  # starts of one upload one at a time
        running = Batch.objects.filter(upload=upload, status=Batch.STATUS_RUNNING).values_list("pk", flat=True).first()
        if running is not None:
            raise ApplicationError(
                "This file is already being processed.", code="batch_running", status_code=409,
                details={"batch_id": str(running)},
            )
        batch = Batch.objects.create(
            organization=organization,
            upload=upload,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            status=Batch.STATUS_RUNNING,
            options=cleaned,
            leads_total=upload.row_count,
            credits_estimated=estimate,
            attempts=1,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
        if charge:
            _reserve(batch, estimate)
    if enqueue:
        batch_enqueue(batch, "ingest")
    return batch


def batch_cancel(*, batch: Batch) -> Batch:
    """Cancel a running batch. The row lock waits for a chunk being written; every later chunk sees the
    cancel and writes nothing, so the credits settled here pay for exactly the leads written."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (Batch.STATUS_PENDING, Batch.STATUS_RUNNING):
            raise ApplicationError(
                f"Batch is {locked.status}; only a running batch can be cancelled.", code="conflict", status_code=409
            )
        locked.status, locked.finished_at = Batch.STATUS_CANCELLED, timezone.now()
        locked.save(update_fields=["status", "finished_at"])
        batch_settle_credits(batch=locked)
    batch.refresh_from_db()
    return batch


def batch_is_stale(batch: Batch, *, now=None) -> bool:
    """A running batch nobody works on: no heartbeat for BATCH_STALE_SECONDS and (PostgreSQL) its lock free."""
    now = now or timezone.now()
    seen = batch.heartbeat_at or batch.started_at or batch.created_at
    if batch.status != Batch.STATUS_RUNNING or (now - seen).total_seconds() < settings.BATCH_STALE_SECONDS:
        return False
    return batch_lock_free(batch.pk)


def batch_attempt_next(*, locked: Batch, auto: bool = False) -> str:
    """Start the next attempt of a batch locked FOR UPDATE: settle the attempt before it (it pays for the rows
    it wrote), reserve the rest, queue from the stage where it stopped. Returns that stage."""
    start = stage_to_resume(failed_phase=locked.failed_phase, progress=locked.progress)
    if locked.status == Batch.STATUS_RUNNING:
        batch_settle_credits(batch=locked)  # a lost attempt's reservation: consume what it wrote, release the rest
        locked.refresh_from_db()
    locked.status = Batch.STATUS_RUNNING
    locked.error = ""
    locked.failed_phase = ""
    locked.finished_at = None
    locked.attempts += 1
    locked.auto_resumes += auto
    locked.heartbeat_at = timezone.now()
    locked.save(update_fields=["status", "error", "failed_phase", "finished_at", "attempts", "auto_resumes",
                               "heartbeat_at"])
    if not locked.options.get("uncharged"):
        _reserve(locked, max(0, locked.credits_estimated - locked.credits_consumed))
    return start


def batch_retry(*, batch: Batch) -> Batch:
    """Resume a failed or cancelled batch (or a running one whose worker was lost) from the stage where it
    stopped; finished stages and written rows are not redone or charged again."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        stale = locked.status == Batch.STATUS_RUNNING and batch_is_stale(locked)
        if locked.status not in (Batch.STATUS_FAILED, Batch.STATUS_CANCELLED) and not stale:
            raise ApplicationError(
                f"Batch is {locked.status}; only failed or cancelled batches (or a running one whose worker was "
                "lost) can be retried.",
                code="conflict",
                status_code=409,
            )
        start = batch_attempt_next(locked=locked)
    batch_enqueue(locked, start)
    return locked
