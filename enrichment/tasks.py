"""Thin Celery wrappers. Task names start with `predictive_` so that settings route them to the
"predictive" queue (CELERY_TASK_ROUTES), away from the pipeline's own chain."""

from celery import shared_task
from django.db import transaction

from .services.predictive import predictions_execute


@shared_task(name="enrichment.tasks.predictive_enrich_companies", acks_late=True)
def predictive_enrich_companies(organization_id: int, prediction_ids: list[int]) -> int:
    return predictions_execute(organization_id=organization_id, prediction_ids=prediction_ids)


def predictions_enqueue(*, organization_id: int, prediction_ids: list[int]) -> None:
    """One pre-enrichment task per 200 predictions, sent when the current transaction commits."""
    for start in range(0, len(prediction_ids), 200):
        chunk = prediction_ids[start : start + 200]
        transaction.on_commit(lambda chunk=chunk: predictive_enrich_companies.delay(organization_id, chunk))
