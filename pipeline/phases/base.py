"""The contract every pipeline phase follows.

A chunk phase is a function `run(leads, ctx)` that mutates a list of `Lead` instances
in place and declares which fields it writes (`FIELDS`); the runner loads the chunk,
calls it, and bulk-updates those fields. A phase must be idempotent: running it twice
over the same leads gives the same result (it first drops its own reasons).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.models import Batch, Lead


@dataclass
class PhaseContext:
    """What a phase may read besides the leads, and where it records counters.

    `counters` are merged into `batch.metrics[<phase>]` after every chunk; `cache`
    lives for the whole run of one phase (e.g. one DNS lookup per domain per file).
    """

    batch: Batch
    organization_id: int
    default_country: str = "US"
    options: dict[str, Any] = field(default_factory=dict)
    counters: Counter = field(default_factory=Counter)
    cache: dict[str, Any] = field(default_factory=dict)


class ChunkPhase(Protocol):
    FIELDS: tuple[str, ...]

    def run(self, leads: list[Lead], ctx: PhaseContext) -> None: ...


def reasons_reset(lead: Lead, phase: str) -> None:
    """Drop the reasons a phase wrote earlier, so that running it again is idempotent."""
    lead.reasons = [r for r in (lead.reasons or []) if r.get("phase") != phase]


def reason_add(lead: Lead, phase: str, code: str, message: str, *, gate: bool = False) -> None:
    """Record why a lead is (or may be) rejected. `gate=True` means it can never qualify."""
    entry: dict[str, Any] = {"phase": phase, "code": code, "message": message}
    if gate:
        entry["gate"] = True
    lead.reasons = [*(lead.reasons or []), entry]


def has_gate(lead: Lead) -> bool:
    return any(r.get("gate") for r in (lead.reasons or []))
