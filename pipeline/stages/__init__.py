"""The pipeline's stages, each one Celery task, and the spec's phases each reports progress under.

    ingest ─(per chunk: normalize → validate → enrich → score → dedup keys)→ dedup (+ score of what it changed)
           → finalize

The API reports progress per phase with the spec's names (`pipeline.models.PHASES`); a stage reports the
phases it does: ingest its own and those of its per-lead steps, dedup the dedup phase and the score phase's
finish (see pipeline.stages.runner).
"""

from __future__ import annotations

from typing import Any

from pipeline.models import PHASES

# stage → the phases it finishes, in order
STAGE_PHASES: dict[str, tuple[str, ...]] = {
    "ingest": ("ingest", "normalize", "validate", "enrich"),
    "dedup": ("dedup", "score"),
    "finalize": ("finalize",),
}
STAGES: tuple[str, ...] = tuple(STAGE_PHASES)
assert sorted(p for phases in STAGE_PHASES.values() for p in phases) == sorted(PHASES)


def stage_of(phase: str) -> str:
    """The stage that does a phase."""
    return next(stage for stage, phases in STAGE_PHASES.items() if phase in phases)


def stages_from(stage: str) -> tuple[str, ...]:
    return STAGES[STAGES.index(stage) :]


def stage_to_resume(*, failed_phase: str, progress: dict[str, Any]) -> str:
    """Where a retry starts: the stage of the phase that failed, else the first stage with a phase not done."""
    if failed_phase:
        return stage_of(failed_phase)
    for stage, phases in STAGE_PHASES.items():
        if any((progress.get(p) or {}).get("status") != "done" for p in phases):
            return stage
    return STAGES[-1]
