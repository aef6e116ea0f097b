"""Ingest's chunk work: build leads from rows, run the per-lead phases on them, insert them once.

Normalize, validate, enrich, the score and dedup's blocking keys need nothing but the lead
itself (and caches), so they run on each chunk before it is written: one insert per lead instead of a
read and a rewrite per phase. On PostgreSQL the chunks can be worked by a pool of forked processes
(`PIPELINE_WORKERS`, see pipeline.services.process_pool), each with its own database connection; the
parent reads the file, hands out chunks in order with primary keys allocated up front (so key order stays
row order), and sums what the workers report. Where no pool is allowed, chunks run in this process.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from enrichment.providers.http import rate_share_set
from pipeline.ingest import LEAD_FIELDS, IngestRow
from pipeline.models import Lead
from pipeline.phases.base import PhaseContext
from pipeline.services.lead_instances import lead_new
from pipeline.services.lead_writes import lead_ids_allocate, leads_bulk_insert
from pipeline.services.process_pool import fork_pool

PHASE = "ingest"
# (phase name, module, function): run on each chunk in this order; the phase's progress is recorded under its name.
INLINE_STEPS: tuple[tuple[str, str, str], ...] = (
    ("normalize", "pipeline.phases.normalize", "run"),
    ("validate", "pipeline.phases.validate", "run"),
    ("enrich", "pipeline.phases.enrich", "run"),
    ("score", "pipeline.phases.score", "run"),
    ("dedup", "pipeline.phases.dedup", "keys_run"),
)
# Phases that are complete when ingest is (score and dedup start here: their own tasks finish them).
INLINE_PHASES = ("normalize", "validate", "enrich")

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
        "raw": values,
        "extra": row.extra,
    }
    for name, limit in _TEXT_COLUMNS:
        value = values.get(name)
        data[name] = str(value).strip()[:limit] if value else ""
    if row.error and not any(values.values()):
        data["status"] = Lead.STATUS_REJECTED
        data["reasons"] = [{"phase": PHASE, "code": "unreadable_row", "message": row.error, "gate": True}]
    elif row.error:
        # A ragged row keeps what could be mapped; the problem is reported, the lead is judged on its data.
        data["reasons"] = [{"phase": PHASE, "code": "ragged_row", "message": row.error}]
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
    """What every chunk needs besides its rows; a forked worker inherits it."""

    context: PhaseContext
    identifier_columns: frozenset[str]
    scoring_profile: dict[str, Any] | None = None
    steps: list[tuple[str, Any, PhaseContext]] = field(default_factory=list)


# Set only inside a forked pool worker (by its initializer); the parent passes its setup explicitly, so
# two batches in one process (a threaded worker) never share it.
_setup: ChunkSetup | None = None


def _steps(setup: ChunkSetup) -> list[tuple[str, Any, PhaseContext]]:
    """Each step's function and context, made once per process (caches live for the whole file)."""
    if not setup.steps:
        for name, module, function in INLINE_STEPS:
            ctx = dataclasses.replace(setup.context, counters=Counter(), cache={})
            ctx.cache["identifier_columns"] = setup.identifier_columns
            if setup.scoring_profile is not None:
                ctx.cache["scoring_profile"] = setup.scoring_profile
            ctx.cache["observe_later"] = True  # enrich: predictive observation runs once, after the file
            setup.steps.append((name, getattr(importlib.import_module(module), function), ctx))
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
    unreadable = sum(lead.status == Lead.STATUS_REJECTED for lead in leads)
    ingest_counts = Counter(rows_unreadable=unreadable, rows_ragged=sum(bool(row.error) for row in rows) - unreadable)
    build_seconds = time.monotonic() - started
    for name, run, step_ctx in _steps(setup):
        step_ctx.counters = Counter()
        step_started = time.monotonic()
        run(leads, step_ctx)
        report.seconds[name] = time.monotonic() - step_started
        report.counters[name] = step_ctx.counters
    started = time.monotonic()
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
