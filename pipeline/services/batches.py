"""Start, cancel, retry and settle batches. Credits are reserved before any work and settled for what was done."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from billing.services.credits import credits_batch_estimate, credits_reserve
from leadsite.core.exceptions import ApplicationError
from leadsite.core.models import Organization
from pipeline.models import Batch, Upload
from pipeline.services.batch_settlement import batch_settle_credits, reservation_reference
from pipeline.stages import stage_to_resume
from pipeline.tasks import batch_stages_enqueue

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


def _enqueue(batch: Batch, start_stage: str) -> None:
    attempt = batch.attempts
    transaction.on_commit(
        lambda: batch_stages_enqueue(batch_id=str(batch.pk), start_stage=start_stage, attempt=attempt)
    )


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

    `charge=False` is for operators' internal runs (process_file without a customer): no credits move.
    """
    cleaned = _clean_options(options)
    if not charge:
        cleaned["uncharged"] = True
    estimate = credits_batch_estimate(rows=upload.row_count) if charge else 0
    with transaction.atomic():
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
        )
        if charge:
            _reserve(batch, estimate)
        if enqueue:
            _enqueue(batch, "ingest")
    return batch


def batch_cancel(*, batch: Batch) -> Batch:
    with transaction.atomic():
        updated = Batch.objects.filter(pk=batch.pk, status__in=[Batch.STATUS_PENDING, Batch.STATUS_RUNNING]).update(
            status=Batch.STATUS_CANCELLED, finished_at=timezone.now()
        )
    batch.refresh_from_db()
    if not updated:
        raise ApplicationError(
            f"Batch is {batch.status}; only a running batch can be cancelled.", code="conflict", status_code=409
        )
    batch_settle_credits(batch=batch)
    return batch


def batch_retry(*, batch: Batch) -> Batch:
    """Resume a failed or cancelled batch from the stage where it stopped; finished stages are not redone."""
    if batch.status not in (Batch.STATUS_FAILED, Batch.STATUS_CANCELLED):
        raise ApplicationError(
            f"Batch is {batch.status}; only failed or cancelled batches can be retried.",
            code="conflict",
            status_code=409,
        )
    start = stage_to_resume(failed_phase=batch.failed_phase, progress=batch.progress)
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (Batch.STATUS_FAILED, Batch.STATUS_CANCELLED):
            raise ApplicationError("Batch is already running.", code="conflict", status_code=409)
        locked.status = Batch.STATUS_RUNNING
        locked.error = ""
        locked.failed_phase = ""
        locked.finished_at = None
        locked.attempts += 1
        locked.save(update_fields=["status", "error", "failed_phase", "finished_at", "attempts"])
        if not locked.options.get("uncharged"):
            _reserve(locked, max(0, locked.credits_estimated - locked.credits_consumed))
        _enqueue(locked, start)
    return locked


