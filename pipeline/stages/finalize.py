"""Finalize stage: count statuses, settle credits, mark the batch completed."""

from django.db import transaction
from django.utils import timezone

from pipeline.models import Batch
from pipeline.stages.context import StageContext
from pipeline.stages.settlement import batch_counts_refresh, batch_settle_credits


def run(ctx: StageContext) -> None:
    batch = ctx.batch
    batch_counts_refresh(batch=batch)
    batch_settle_credits(batch=batch)
    ctx.counters["qualified"] = batch.leads_qualified
    ctx.counters["rejected"] = batch.leads_rejected
    ctx.counters["duplicate"] = batch.leads_duplicate
    with transaction.atomic():
        Batch.objects.filter(pk=batch.pk, status=Batch.STATUS_RUNNING).update(
            status=Batch.STATUS_COMPLETED, current_phase="finalize", finished_at=timezone.now()
        )
