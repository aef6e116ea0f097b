"""Celery wrappers: one task per stage (queued by pipeline.stages.queue), and batch recovery (beat)."""

from celery import shared_task

from pipeline.services.batch_recovery import batches_recover
from pipeline.stages.queue import RUN_STAGE_TASK
from pipeline.stages.runner import BatchBusy, batch_stage_execute

BUSY_RETRY_SECONDS = 15


@shared_task(name=RUN_STAGE_TASK, bind=True, acks_late=True, max_retries=40)
def run_stage(self, batch_id: str, stage: str, attempt: int | None = None) -> bool:
    try:
        return batch_stage_execute(batch_id=batch_id, stage=stage, attempt=attempt)
    except BatchBusy as exc:  # the attempt before this one has not stopped yet
        raise self.retry(exc=exc, countdown=BUSY_RETRY_SECONDS) from exc


@shared_task(name="pipeline.batches_recover")
def batches_recover_task() -> dict[str, int]:
    return batches_recover()
