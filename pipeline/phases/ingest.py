"""Ingest: stream the stored upload into Lead rows, chunk by chunk. Unreadable rows become REJECTED leads."""

from __future__ import annotations

import dataclasses
import importlib
import time
from collections import Counter

from django.conf import settings
from django.core.files.storage import default_storage

from pipeline.ingest import LEAD_FIELDS, iter_rows, sniff_upload
from pipeline.models import Batch, Lead
from pipeline.phases.base import PhaseContext
from pipeline.services import progress
from pipeline.services.lead_writes import leads_bulk_insert, leads_table_analyze

PHASE = "ingest"
INLINE_PHASES = ("normalize", "validate")
# Mapped text columns are copied as read, so a lead stays readable even if a later phase fails.
_PARSED_LATER = ("employee_count", "signals", "technologies", "country")
_TEXT_FIELDS = tuple(name for name in LEAD_FIELDS if name not in _PARSED_LATER)
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
    if row.error and not any(values.values()):
        lead.status = Lead.STATUS_REJECTED
        lead.reasons = [{"phase": PHASE, "code": "unreadable_row", "message": row.error, "gate": True}]
    elif row.error:
        # A ragged row keeps what could be mapped; the problem is reported, the lead is judged on its data.
        lead.reasons = [{"phase": PHASE, "code": "ragged_row", "message": row.error}]
    return lead


class InlinePhase:
    """A per-lead phase with no database reads (normalize, validate) run on each chunk before it is written.

    Saves a full read and rewrite of the batch per phase; its progress, timing and counters are still
    recorded under its own name, and the runner skips it afterwards because it is done.
    """

    def __init__(self, name: str, parent: PhaseContext):
        self.name = name
        self.module = importlib.import_module(f"pipeline.phases.{name}")
        self.ctx = dataclasses.replace(parent, counters=Counter(), cache={})
        self.seconds = 0.0

    def run(self, chunk: list[Lead]) -> None:
        started = time.monotonic()
        self.module.run(chunk, self.ctx)
        self.seconds += time.monotonic() - started


def _clear_previous_attempt(batch: Batch) -> None:
    Lead.objects.filter(duplicate_of__batch=batch).exclude(batch=batch).update(duplicate_of=None)
    Lead.objects.filter(batch=batch).update(duplicate_of=None)
    Lead.objects.filter(batch=batch)._raw_delete(Lead.objects.db)


def run_batch(ctx: PhaseContext) -> None:
    batch = ctx.batch
    upload = batch.upload
    _clear_previous_attempt(batch)
    inline = [InlinePhase(name, ctx) for name in INLINE_PHASES]
    for phase in inline:
        progress.phase_started(batch=batch, phase=phase.name, total=upload.row_count)
    chunk_size = settings.PIPELINE_CHUNK_SIZE
    done = 0

    def flush(chunk: list[Lead]) -> None:
        nonlocal done
        for phase in inline:
            phase.run(chunk)
        leads_bulk_insert(chunk)
        done += len(chunk)
        progress.phase_advanced(batch=batch, phase=PHASE, done=done, counters=ctx.counters)
        for phase in inline:
            progress.phase_advanced(batch=batch, phase=phase.name, done=done, counters=phase.ctx.counters)

    with default_storage.open(upload.storage_key, "rb") as fileobj:
        info = sniff_upload(fileobj, filename=upload.filename)
        if upload.column_mapping:
            info = dataclasses.replace(info, mapping=dict(upload.column_mapping))
        fileobj.seek(0)
        chunk: list[Lead] = []
        for row in iter_rows(fileobj, info=info, counters=ctx.counters):
            lead = lead_from_row(row, batch=batch)
            if lead.status == Lead.STATUS_REJECTED:
                ctx.counters["rows_unreadable"] += 1
            elif row.error:
                ctx.counters["rows_ragged"] += 1
            chunk.append(lead)
            if len(chunk) >= chunk_size:
                flush(chunk)
                chunk = []
        if chunk:
            flush(chunk)
    leads_table_analyze()
    ctx.counters["rows_read"] = done
    Batch.objects.filter(pk=batch.pk).update(leads_total=done)
    batch.leads_total = done
    progress.phase_advanced(batch=batch, phase=PHASE, done=done, counters=ctx.counters, total=done)
    for phase in inline:
        batch.progress[phase.name]["total"] = done
        progress.phase_finished(batch=batch, phase=phase.name, seconds=phase.seconds, counters=phase.ctx.counters)
