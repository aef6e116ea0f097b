"""What a batch is charged for, settled when it ends, and its status counts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast

from billing.services.credits import credits_settle
from pipeline.models import Batch, Lead


def reservation_reference(batch: Batch) -> str:
    """The credit ledger's reference of this attempt's reservation."""
    return f"batch:{batch.pk}:attempt:{batch.attempts}"


UNREADABLE_CODE = '"unreadable_row"'  # the reason ingest gives a row it could not read (free)
NO_CONTACT_CODE = '"no_contact_data"'  # ... and a row with neither e-mail nor phone (free)


def credits_breakdown(*, batch: Batch) -> dict[str, int]:
    """What the batch is charged for: the leads written for it, but unreadable rows, rows with neither e-mail nor
    phone, and duplicates of the organisation's earlier leads (paid for when first seen). Each free row is
    counted once. Counted in the database, not from progress, so that a cancelled batch pays for exactly the
    rows it wrote and can show."""
    leads = Lead.objects.filter(batch=batch).annotate(reasons_text=Cast("reasons", TextField()))
    unreadable = Q(reasons_text__contains=UNREADABLE_CODE)
    no_contact = Q(reasons_text__contains=NO_CONTACT_CODE) & ~unreadable
    earlier = (Q(status=Lead.STATUS_DUPLICATE, duplicate_of__isnull=False) & ~Q(duplicate_of__batch_id=batch.pk)
               & ~unreadable & ~no_contact)
    counts = leads.aggregate(
        written=Count("id"), unreadable=Count("id", filter=unreadable), no_contact=Count("id", filter=no_contact),
        earlier=Count("id", filter=earlier),
    )
    free = counts["unreadable"] + counts["no_contact"] + counts["earlier"]
    return {"rows_written": counts["written"], "free_unreadable": counts["unreadable"],
            "free_no_contact": counts["no_contact"], "free_duplicates_of_earlier_leads": counts["earlier"],
            "charged": max(0, counts["written"] - free)}


def leads_billable(*, batch: Batch) -> int:
    """Leads the batch is charged for (see `credits_breakdown`)."""
    return credits_breakdown(batch=batch)["charged"]


def batch_settle_credits(*, batch: Batch) -> None:
    """Consume credits for what this attempt added and release the rest of its reservation."""
    if batch.options.get("uncharged"):
        return
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        breakdown = credits_breakdown(batch=locked)
        billable = breakdown["charged"]
        consumed_now = max(0, billable - locked.credits_consumed)
        batch.metrics["credits"] = locked.metrics["credits"] = breakdown
        Batch.objects.filter(pk=batch.pk).update(metrics=locked.metrics)
        credits_settle(
            organization_id=locked.organization_id, reference=reservation_reference(locked), consumed=consumed_now
        )
        if consumed_now:
            locked.credits_consumed += consumed_now
            locked.save(update_fields=["credits_consumed"])
    batch.credits_consumed = locked.credits_consumed


def batch_counts_refresh(*, batch: Batch) -> None:
    counts = Lead.objects.filter(batch=batch).aggregate(
        total=Count("id"),
        qualified=Count("id", filter=Q(status=Lead.STATUS_QUALIFIED)),
        rejected=Count("id", filter=Q(status=Lead.STATUS_REJECTED)),
        duplicate=Count("id", filter=Q(status=Lead.STATUS_DUPLICATE)),
    )
    Batch.objects.filter(pk=batch.pk).update(
        leads_processed=counts["total"],
        leads_qualified=counts["qualified"],
        leads_rejected=counts["rejected"],
        leads_duplicate=counts["duplicate"],
    )
    batch.leads_processed = counts["total"]
    batch.leads_qualified = counts["qualified"]
    batch.leads_rejected = counts["rejected"]
    batch.leads_duplicate = counts["duplicate"]
