"""Ingest stage: stream the stored upload into Lead rows, chunk by chunk. Unreadable rows become REJECTED leads.

Each chunk goes through the per-lead steps (pipeline.stages.steps: normalize, validate, enrich, score,
dedup's keys) before its one insert; their progress, counters and seconds of work are recorded under the
spec's phase names.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections import Counter

from django.conf import settings
from django.core.files.storage import default_storage

from pipeline.bulk.lead_writes import leads_table_analyze
from pipeline.bulk.process_pool import pool_size
from pipeline.dedup import extra_identifier_keys
from pipeline.dedup.records import extra_values
from pipeline.ingest import iter_rows, sniff_upload
from pipeline.models import Batch, Lead
from pipeline.scoring.leads import PROFILE_METRIC, profile_for
from pipeline.stages import progress
from pipeline.stages.context import StageContext
from pipeline.stages.ingest_chunks import PHASE, ChunkReport, ChunkRunner, ChunkSetup
from pipeline.stages.lead_steps import LEAD_STEPS, PHASES_DONE_AT_INGEST
from pipeline.stages.steps.enrich import observe

# Rows read before the first chunk is handed out, to find identifier-like extra columns for dedup's keys.
IDENTIFIER_SAMPLE = 10_000


def _clear_previous_attempt(batch: Batch) -> None:
    Lead.objects.filter(duplicate_of__batch=batch).exclude(batch=batch).update(duplicate_of=None)
    Lead.objects.filter(batch=batch).update(duplicate_of=None)
    Lead.objects.filter(batch=batch)._raw_delete(Lead.objects.db)


def _record(batch: Batch, ctx: StageContext, sums: ChunkReport, **extra) -> None:
    """One progress write for ingest and every per-lead step."""
    ctx.counters.clear()
    ctx.counters.update(sums.counters.get(PHASE, {}))
    for name, _step in LEAD_STEPS:
        if name in PHASES_DONE_AT_INGEST:
            batch.progress.setdefault(name, {})["done"] = sums.rows
        counts = dict(sums.counters.get(name, {}))
        if name not in PHASES_DONE_AT_INGEST:
            # scores and dedup's keys, made here; the dedup stage finishes them
            counts["seconds_at_ingest"] = round(sums.seconds.get(name, 0.0), 3)
            name = f"{name}_at_ingest"
        batch.metrics[name] = counts
    progress.phase_advanced(batch=batch, phase=PHASE, done=sums.rows, counters=ctx.counters, **extra)


def run(ctx: StageContext) -> None:
    batch = ctx.batch
    upload = batch.upload
    _clear_previous_attempt(batch)
    for name in PHASES_DONE_AT_INGEST:
        progress.phase_started(batch=batch, phase=name, total=upload.row_count)
    chunk_size = settings.PIPELINE_CHUNK_SIZE
    total = ChunkReport()
    started = time.monotonic()
    with default_storage.open(upload.storage_key, "rb") as fileobj:
        info = sniff_upload(fileobj, filename=upload.filename)
        if upload.column_mapping:
            info = dataclasses.replace(info, mapping=dict(upload.column_mapping))
        fileobj.seek(0)
        read_counts: Counter = Counter()
        rows = iter_rows(fileobj, info=info, counters=read_counts)
        head = list(itertools.islice(rows, IDENTIFIER_SAMPLE))
        identifier_columns = extra_identifier_keys(extra_values(row.extra) for row in head)
        batch.metrics["dedup_keys"] = {"identifier_columns": sorted(identifier_columns)}
        profile = batch.metrics[PROFILE_METRIC] = profile_for(ctx.organization_id)
        setup = ChunkSetup(context=dataclasses.replace(
            ctx, identifier_columns=identifier_columns, scoring_profile=profile, counters=Counter()))
        with ChunkRunner(setup, workers=pool_size()) as runner:
            chunk: list = []
            for row in itertools.chain(head, rows):
                chunk.append(row)
                if len(chunk) >= chunk_size:
                    for report in runner.submit(chunk):
                        total.add(report)
                        _record(batch, ctx, total)
                    chunk = []
            if chunk:
                for report in runner.submit(chunk):
                    total.add(report)
            for report in runner.drain():
                total.add(report)
    leads_table_analyze()
    total.counters.setdefault(PHASE, Counter()).update(read_counts)
    total.counters[PHASE]["workers"] = runner.workers
    done = total.rows
    Batch.objects.filter(pk=batch.pk).update(leads_total=done)
    batch.leads_total = done
    _record(batch, ctx, total, total=done)
    observe(ctx, counters=total.counters.setdefault("enrich", Counter()))
    for name in PHASES_DONE_AT_INGEST:
        batch.progress[name]["total"] = done
        # seconds of work summed over the workers, so with a pool they can add up to more than the wall time
        progress.phase_finished(
            batch=batch, phase=name, seconds=total.seconds.get(name, 0.0), counters=total.counters.get(name)
        )
    ctx.counters["wall_seconds"] = round(time.monotonic() - started, 3)
