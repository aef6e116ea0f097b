"""A lead's reasons: why it is (or may be) rejected, each tagged with the phase that found it.

Every stage and step writes reasons through these helpers, so that running one again first drops its own.
"""

from __future__ import annotations

from typing import Any

from pipeline.models import Lead


def reasons_reset(lead: Lead, phase: str) -> None:
    """Drop the reasons a phase wrote earlier, so that running it again is idempotent."""
    lead.reasons = [r for r in (lead.reasons or []) if r.get("phase") != phase]


def reason_add(lead: Lead, phase: str, code: str, message: str, *, gate: bool = False) -> None:
    """Record why a lead is (or may be) rejected. `gate=True` means it can never qualify."""
    entry: dict[str, Any] = {"phase": phase, "code": code, "message": message}
    if gate:
        entry["gate"] = True
    lead.reasons = [*(lead.reasons or []), entry]


def reasons_gated(reasons: list[dict[str, Any]] | None) -> bool:
    """True when one of the reasons is a gate: the lead can never qualify."""
    return any(r.get("gate") for r in (reasons or []))


def has_gate(lead: Lead) -> bool:
    return reasons_gated(lead.reasons)
