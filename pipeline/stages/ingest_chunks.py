"""Ingest's chunk work: build leads from rows, run the per-lead steps on them, insert them once.

Normalize, validate, enrich, the score and dedup's blocking keys need nothing but the lead
itself (and caches), so they run on each chunk before it is written (pipeline.stages.steps): one insert
per lead. On PostgreSQL the chunks can be worked by a pool of forked processes
(`PIPELINE_WORKERS`, see pipeline.bulk.process_pool), each with its own database connection; the
parent reads the file, hands out chunks in order with primary keys allocated up front (so key order stays
row order), and sums what the workers report. Where no pool is allowed, chunks run in this process.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from enrichment.providers.http import rate_share_set
from pipeline.bulk.lead_instances import lead_new
from pipeline.bulk.lead_writes import lead_ids_allocate, leads_bulk_insert
from pipeline.bulk.process_pool import fork_pool
from pipeline.ingest import LEAD_FIELDS, IngestRow
from pipeline.models import Lead
from pipeline.stages.attempts import attempt_write
from pipeline.stages.context import StageContext
from pipeline.stages.lead_steps import LEAD_STEPS, LeadStep

PHASE = "ingest"
NO_CONTACT = "no_contact_data"  # a row with neither e-mail nor phone: rejected at ingest, free

# Mapped text columns copied as read; these four are parsed by normalize instead.
_PARSED_LATER = ("employee_count", "signals", "technologies", "country")
_TEXT_COLUMNS = tuple(
    (name, Lead._meta.get_field(name).max_length) for name in LEAD_FIELDS if name not in _PARSED_LATER
)


def lead_from_row(row: IngestRow, *, batch_id: Any, organization_id: int) -> Lead:
    """A new lead holding the row as read: mapped text columns are copied so a lead stays readable even
    if a later phase fails; an unreadable row becomes a REJECTED lead that says why."""
    values = row.values
    data: dict[str, Any] = {
        "batch_id": batch_id,
        "organization_id": organization_id,
        "row_number": row.row_number,
        "raw": {**values, "alternates": row.alternates} if row.alternates else values,
        "extra": row.extra,
    }
    for name, limit in _TEXT_COLUMNS:
        value = values.get(name)
        data[name] = str(value).strip()[:limit] if value else ""
    if row.error and not any(values.values()):
        data["status"] = Lead.STATUS_REJECTED
        data["reasons"] = [{"phase": PHASE, "code": "unreadable_row", "message": row.error, "gate": True}]
        return lead_new(data)
    reasons = []
    if row.error:
        # A ragged row keeps what could be mapped; the problem is reported, the lead is judged on its data.
        reasons.append({"phase": PHASE, "code": "ragged_row", "message": row.error})
    if not values.get("email") and not values.get("phone"):
        # Nothing to reach the lead by: rejected here and not charged (stages.settlement.leads_billable).
        data["status"] = Lead.STATUS_REJECTED
        reasons.append({"phase": PHASE, "code": NO_CONTACT, "gate": True,
                        "message": "No e-mail and no phone in this row: there is no way to reach this lead (free)."})
    if reasons:
        data["reasons"] = reasons
    return lead_new(data)


@dataclass
class ChunkReport:
    """What one chunk did: rows stored, and per phase its counters and seconds of work."""

    rows: int = 0
    counters: dict[str, Counter] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, other: ChunkReport) -> None:
        self.rows += other.rows
        for phase, counts in other.counters.items():
            self.counters.setdefault(phase, Counter()).update(counts)
        for phase, seconds in other.seconds.items():
            self.seconds[phase] = self.seconds.get(phase, 0.0) + seconds


@dataclass
class ChunkSetup:
    """What every chunk needs besides its rows (the batch's context, with the identifier columns and scoring
    profile set); a forked worker inherits it. `steps` holds each step's own context, made once per process."""

    context: StageContext
    steps: list[tuple[str, LeadStep, StageContext]] = field(default_factory=list)


# Set only inside a forked pool worker (by its initializer); the parent passes its setup explicitly, so
# two batches in one process (a threaded worker) never share it.
_setup: ChunkSetup | None = None


def _steps(setup: ChunkSetup) -> list[tuple[str, LeadStep, StageContext]]:
    """Each step with its own context, made once per process (its state lives for the whole file)."""
    if not setup.steps:
        setup.steps.extend((name, step, setup.context.for_step()) for name, step in LEAD_STEPS)
    return setup.steps


def chunk_store(job: tuple[list[int], list[IngestRow]], setup: ChunkSetup | None = None) -> ChunkReport:
    """Build, work and insert one chunk: in a pool worker (its `_setup`) or in this process (`setup`)."""
    ids, rows = job
    setup = setup or _setup
    ctx = setup.context
    started = time.monotonic()
    leads = [lead_from_row(row, batch_id=ctx.batch.pk, organization_id=ctx.organization_id) for row in rows]
    for lead, pk in zip(leads, ids, strict=False):
        lead.id = pk
    report = ChunkReport(rows=len(leads))
    codes = Counter(reason["code"] for lead in leads for reason in (lead.reasons or ()) if reason["phase"] == PHASE)
    ingest_counts = Counter(rows_unreadable=codes["unreadable_row"], rows_ragged=codes["ragged_row"],
                            rows_without_contact=codes[NO_CONTACT])
    build_seconds = time.monotonic() - started
    for name, step, step_ctx in _steps(setup):
        step_started = time.monotonic()
        step(leads, step_ctx)
        report.seconds[name] = time.monotonic() - step_started
        # copied, then cleared in place: a step's state (the validator) may hold the counters object
        report.counters[name] = Counter(step_ctx.counters)
        step_ctx.counters.clear()
    started = time.monotonic()
    with attempt_write(batch_id=ctx.batch.pk, attempt=ctx.attempt):  # a cancelled or superseded attempt stops here
        leads_bulk_insert(leads)
    insert_seconds = time.monotonic() - started
    report.seconds[PHASE] = build_seconds + insert_seconds
    # summed over chunks (and workers): where ingest's time goes besides the inline phases
    ingest_counts["seconds_building"] = round(build_seconds, 3)
    ingest_counts["seconds_inserting"] = round(insert_seconds, 3)
    report.counters[PHASE] = ingest_counts
    return report


def _worker_init(setup: ChunkSetup, workers: int) -> None:
    """In each pool worker: the setup, and a 1/workers share of every enrichment vendor's rate limit."""
    global _setup
    _setup = setup
    rate_share_set(1 / workers)


class ChunkRunner:
    """Runs `chunk_store` over chunks in order, in this process or in a pool; yields reports as chunks finish."""

    def __init__(self, setup: ChunkSetup, *, workers: int):
        self.setup = setup
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[Future] = deque()

    def __enter__(self) -> ChunkRunner:
        if self.workers > 1:
            # Start every worker before this process opens a new database connection.
            self.pool = fork_pool(self.workers, initializer=_worker_init, initargs=(self.setup, self.workers))
            for warm in [self.pool.submit(os.getpid) for _ in range(self.workers)]:
                warm.result()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, rows: list[IngestRow]) -> Iterator[ChunkReport]:
        """Queue a chunk; yields the reports of earlier chunks that are done (at most 2 per worker wait)."""
        ids = lead_ids_allocate(len(rows))
        if self.pool is None:
            yield chunk_store((ids, rows), self.setup)
            return
        self.pending.append(self.pool.submit(chunk_store, (ids, rows)))
        while self.pending and (self.pending[0].done() or len(self.pending) > 2 * self.workers):
            yield self.pending.popleft().result()

    def drain(self) -> Iterator[ChunkReport]:
        while self.pending:
            yield self.pending.popleft().result()
