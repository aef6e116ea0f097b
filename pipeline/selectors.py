"""Read side of the pipeline: every queryset is scoped to one organisation."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from leadsite.core.models import Organization
from pipeline.models import Batch, Lead, Upload


def upload_list(*, organization: Organization) -> QuerySet[Upload]:
    return Upload.objects.filter(organization=organization)


def upload_latest_by_name(*, organization: Organization, filename: str) -> Upload | None:
    return upload_list(organization=organization).filter(filename=filename).order_by("-created_at").first()


def upload_get(*, organization: Organization, storage_key: str) -> Upload:
    return get_object_or_404(Upload, organization=organization, storage_key=storage_key)


def batch_list(*, organization: Organization) -> QuerySet[Batch]:
    return Batch.objects.filter(organization=organization).select_related("upload").order_by("-created_at")


def batch_get(*, organization: Organization, batch_id) -> Batch:
    return get_object_or_404(batch_list(organization=organization), pk=batch_id)


def lead_list_qualified(*, batch: Batch) -> QuerySet[Lead]:
    """A batch's qualified leads, once its score phase has run (the batch completed, or failed after it):
    before that a lead may still turn out a duplicate (ingest scores each lead as it reads it; dedup comes
    later), so none is listed yet."""
    scored = (batch.progress or {}).get("score", {}).get("status") == "done"
    if batch.status != Batch.STATUS_COMPLETED and not scored:
        return Lead.objects.none()
    return Lead.objects.filter(batch=batch, status=Lead.STATUS_QUALIFIED).order_by("-score", "row_number")


def leads_in_order(ids: list[int]) -> list[Lead]:
    """The leads of a page chosen on ids alone (sorting narrow rows, not whole leads), in that order."""
    found = Lead.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def lead_list_all(*, batch: Batch) -> QuerySet[Lead]:
    return Lead.objects.filter(batch=batch).order_by("row_number")


def lead_get(*, organization: Organization, lead_id: int) -> Lead:
    return get_object_or_404(
        Lead.objects.select_related("batch", "duplicate_of"), organization=organization, pk=lead_id
    )



def lead_for_email(*, organization_id: int, email: str) -> Lead | None:
    """The organisation's most recent lead with this email, or None."""
    email = (email or "").strip()
    return (
        Lead.objects.filter(organization_id=organization_id, email__in={email, email.lower()})
        .order_by("-created_at", "-id")
        .first()
    )
