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

import numpy as np
from django.conf import settings
from django.core.files.storage import default_storage

from pipeline.bulk.lead_writes import leads_table_analyze
from pipeline.bulk.process_pool import pool_size
from pipeline.dedup import extra_identifier_keys
from pipeline.dedup.records import extra_values
from pipeline.dedup.roles import is_company_phone_mapping
from pipeline.ingest import iter_rows, sniff_upload
from pipeline.models import Batch, Lead
from pipeline.scoring.leads import PROFILE_METRIC, profile_for
from pipeline.stages import progress
from pipeline.stages.attempts import BatchStopped, attempt_current
from pipeline.stages.context import StageContext
from pipeline.stages.ingest_chunks import PHASE, ChunkReport, ChunkRunner, ChunkSetup
from pipeline.stages.lead_steps import LEAD_STEPS, PHASES_DONE_AT_INGEST
from pipeline.stages.steps.enrich import observe

# Rows read before the first chunk is handed out, to find identifier-like extra columns for dedup's keys.
IDENTIFIER_SAMPLE = 10_000


def _rows_written(batch: Batch) -> np.ndarray:
    """Which row numbers an earlier attempt already wrote (a mask indexed by row number): a resumed batch
    continues after its last written chunks and never writes, or charges, a row twice."""
    numbers = np.fromiter(Lead.objects.filter(batch=batch).values_list("row_number", flat=True).iterator(20_000),
                          dtype=np.int64)
    mask = np.zeros(int(numbers.max()) + 1 if numbers.size else 0, dtype=bool)
    mask[numbers] = True
    return mask


def _carried(batch: Batch, rows: int) -> ChunkReport:
    """What the chunks of earlier attempts did, from the batch's metrics, to go on counting from."""
    report = ChunkReport(rows=rows)
    if not rows:
        return report
    metrics = batch.metrics or {}
    for name, _step in LEAD_STEPS:
        stored = dict(metrics.get(name if name in PHASES_DONE_AT_INGEST else f"{name}_at_ingest") or {})
        report.seconds[name] = float(stored.pop("seconds_at_ingest", 0.0) or 0.0)
        report.counters[name] = Counter({k: v for k, v in stored.items() if isinstance(v, int | float)})
    ingest = metrics.get(PHASE) or {}
    report.counters[PHASE] = Counter(
        {k: ingest.get(k, 0) for k in ("rows_unreadable", "rows_ragged", "rows_without_contact")}
    )
    return report


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
    written = _rows_written(batch)
    resumed = int(written.sum())
    for name in PHASES_DONE_AT_INGEST:
        progress.phase_started(batch=batch, phase=name, total=upload.row_count)
    chunk_size = settings.PIPELINE_CHUNK_SIZE
    total = _carried(batch, resumed)
    started = time.monotonic()
    with default_storage.open(upload.storage_key, "rb") as fileobj:
        info = sniff_upload(fileobj, filename=upload.filename)
        if upload.column_mapping:
            info = dataclasses.replace(info, mapping=dict(upload.column_mapping))
        fileobj.seek(0)
        read_counts: Counter = Counter()
        rows = iter_rows(fileobj, info=info, counters=read_counts)
        head = list(itertools.islice(rows, IDENTIFIER_SAMPLE))
        identifier_columns = extra_identifier_keys(
            (extra_values(row.extra) for row in head),
            names=((row.values.get("first_name", ""), row.values.get("last_name", "")) for row in head),
        )
        stored = batch.metrics.get(PROFILE_METRIC)
        if resumed:  # the rows already written were keyed and scored with these: keep them for the rest
            identifier_columns = frozenset((batch.metrics.get("dedup_keys") or {}).get(
                "identifier_columns", identifier_columns))
        batch.metrics["dedup_keys"] = {"identifier_columns": sorted(identifier_columns),
                                       "company_phone": is_company_phone_mapping(info.mapping)}
        profile = batch.metrics[PROFILE_METRIC] = (
            stored if resumed and isinstance(stored, dict) else profile_for(ctx.organization_id))
        if resumed:
            total.counters[PHASE]["rows_resumed"] = resumed
        setup = ChunkSetup(context=dataclasses.replace(
            ctx, identifier_columns=identifier_columns, scoring_profile=profile, counters=Counter()))
        with ChunkRunner(setup, workers=pool_size()) as runner:
            chunk: list = []
            for row in itertools.chain(head, rows):
                if row.row_number < written.size and written[row.row_number]:
                    continue  # written by an earlier attempt
                chunk.append(row)
                if len(chunk) >= chunk_size:
                    for report in runner.submit(chunk):
                        total.add(report)
                        _record(batch, ctx, total)
                    chunk = []
                    if not attempt_current(batch_id=batch.pk, attempt=ctx.attempt):
                        raise BatchStopped  # cancelled or superseded: read no further
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
