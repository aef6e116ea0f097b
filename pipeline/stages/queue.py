"""Queue a batch's stages on the broker: one `pipeline.run_stage` task per stage, chained.

Tasks are named, not imported, so services can queue work without importing the Celery wrappers that call them.
"""

from __future__ import annotations

from celery import chain, current_app

from pipeline.stages import stages_from

RUN_STAGE_TASK = "pipeline.run_stage"


def batch_stages_enqueue(*, batch_id: str, start_stage: str = "ingest", attempt: int | None = None) -> None:
    """Queue the remaining stages. Tasks carry the attempt, so a chain left from before a retry does nothing."""
    chain(
        *(current_app.signature(RUN_STAGE_TASK, args=(batch_id, stage, attempt), immutable=True)
          for stage in stages_from(start_stage))
    ).apply_async()
