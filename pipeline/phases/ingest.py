"""Ingest: stream the stored upload into Lead rows, chunk by chunk. Unreadable rows become REJECTED leads."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.core.files.storage import default_storage

from pipeline.ingest import iter_rows, sniff_upload
from pipeline.models import Batch, Lead
from pipeline.phases.base import PhaseContext
from pipeline.services import progress

PHASE = "ingest"
_TEXT_FIELDS = (
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "title",
    "company_name",
    "website",
    "linkedin",
    "industry",
    "street",
    "city",
    "state",
    "postcode",
)
_MAX_LENGTHS = {name: Lead._meta.get_field(name).max_length for name in _TEXT_FIELDS}


def lead_from_row(row, *, batch: Batch) -> Lead:
    values = row.values
    lead = Lead(
        batch=batch,
        organization_id=batch.organization_id,
        row_number=row.row_number,
        raw=values,
        extra=row.extra,
        **{name: str(values.get(name) or "").strip()[: _MAX_LENGTHS[name]] for name in _TEXT_FIELDS},
    )
    if row.error:
        lead.status = Lead.STATUS_REJECTED
        lead.reasons = [{"phase": PHASE, "code": "unreadable_row", "message": row.error, "gate": True}]
    return lead


def run_batch(ctx: PhaseContext) -> None:
    batch = ctx.batch
    upload = batch.upload
    Lead.objects.filter(batch=batch).delete()
    chunk_size = settings.PIPELINE_CHUNK_SIZE
    done = 0
    with default_storage.open(upload.storage_key, "rb") as fileobj:
        info = sniff_upload(fileobj, filename=upload.filename)
        if upload.column_mapping:
            info = dataclasses.replace(info, mapping=dict(upload.column_mapping))
        fileobj.seek(0)
        chunk: list[Lead] = []
        for row in iter_rows(fileobj, info=info):
            lead = lead_from_row(row, batch=batch)
            if row.error:
                ctx.counters["rows_unreadable"] += 1
            chunk.append(lead)
            if len(chunk) >= chunk_size:
                Lead.objects.bulk_create(chunk, batch_size=chunk_size)
                done += len(chunk)
                chunk = []
                progress.phase_advanced(batch=batch, phase=PHASE, done=done, counters=ctx.counters)
        if chunk:
            Lead.objects.bulk_create(chunk, batch_size=chunk_size)
            done += len(chunk)
    ctx.counters["rows_read"] = done
    Batch.objects.filter(pk=batch.pk).update(leads_total=done)
    batch.leads_total = done
    progress.phase_advanced(batch=batch, phase=PHASE, done=done, counters=ctx.counters, total=done)
