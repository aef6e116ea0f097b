"""Celery wrappers: one task per phase, chained. Each takes ids and calls one service."""

from celery import chain, shared_task

from pipeline.services.runner import batch_phase_execute, phases_from


@shared_task(name="pipeline.run_phase", acks_late=True)
def run_phase(batch_id: str, phase: str, attempt: int | None = None) -> bool:
    return batch_phase_execute(batch_id=batch_id, phase=phase, attempt=attempt)


def batch_chain_start(*, batch_id: str, start_phase: str = "ingest", attempt: int | None = None) -> None:
    """Queue the remaining phases. Tasks carry the attempt, so a chain left from before a retry does nothing."""
    chain(*(run_phase.si(batch_id, phase, attempt) for phase in phases_from(start_phase))).apply_async()
