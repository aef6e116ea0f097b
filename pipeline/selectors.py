"""Read side of the pipeline: every queryset is scoped to one organisation."""

from collections import Counter

from django.db import connection
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
        Lead.objects.select_related("batch", "batch__upload", "duplicate_of"), organization=organization, pk=lead_id
    )



def lead_for_email(*, organization_id: int, email: str) -> Lead | None:
    """The organisation's most recent lead with this email, or None."""
    email = (email or "").strip()
    return (
        Lead.objects.filter(organization_id=organization_id, email__in={email, email.lower()})
        .order_by("-created_at", "-id")
        .first()
    )


SURVIVOR_FIELDS = ("id", "batch_id", "row_number", "full_name", "first_name", "last_name", "email")


def lead_survivors(leads: list[Lead]) -> dict[int, Lead]:
    """The surviving leads the duplicates among `leads` point to, by id (one query, few columns)."""
    ids = {lead.duplicate_of_id for lead in leads if lead.duplicate_of_id}
    return Lead.objects.only(*SURVIVOR_FIELDS).in_bulk(ids) if ids else {}


def lead_duplicates(*, lead: Lead, limit: int = 20) -> list[Lead]:
    """Leads found to be duplicates of `lead` (in any batch of its organisation), by row."""
    return list(
        Lead.objects.filter(duplicate_of=lead, organization_id=lead.organization_id)
        .only(*SURVIVOR_FIELDS).order_by("batch_id", "row_number")[:limit]
    )


_REJECTION_COUNTS_SQL = """
    SELECT r.value ->> 'code' AS code, count(DISTINCT l.id)
    FROM pipeline_lead l, json_array_elements(l.reasons) r
    WHERE l.batch_id = %s AND l.status = %s
    GROUP BY 1 ORDER BY 2 DESC, 1
"""


def batch_rejection_reasons(*, batch: Batch) -> list[tuple[str, int]]:
    """How many rejected leads carry each reason code, most frequent first (a lead may have several)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_REJECTION_COUNTS_SQL, [batch.pk, Lead.STATUS_REJECTED])
            return [(code or "", count) for code, count in cursor.fetchall()]
    counts: Counter[str] = Counter()
    for reasons in Lead.objects.filter(batch=batch, status=Lead.STATUS_REJECTED).values_list("reasons", flat=True):
        counts.update({str(r.get("code") or "") for r in reasons or []})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

