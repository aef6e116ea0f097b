"""Celery wrappers: one task per stage, chained. Each takes ids and calls one service."""

from celery import chain, shared_task

from pipeline.stages import stages_from
from pipeline.stages.runner import batch_stage_execute


@shared_task(name="pipeline.run_stage", acks_late=True)
def run_stage(batch_id: str, stage: str, attempt: int | None = None) -> bool:
    return batch_stage_execute(batch_id=batch_id, stage=stage, attempt=attempt)


def batch_stages_enqueue(*, batch_id: str, start_stage: str = "ingest", attempt: int | None = None) -> None:
    """Queue the remaining stages. Tasks carry the attempt, so a chain left from before a retry does nothing."""
    chain(*(run_stage.si(batch_id, stage, attempt) for stage in stages_from(start_stage))).apply_async()
