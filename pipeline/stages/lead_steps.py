"""Ingest's per-lead steps, in the order they run on each chunk before its one insert.

Each is a plain function `step(leads, ctx)` that sets fields on new `Lead` instances and counts into
`ctx.counters`; the name is the spec phase its progress and counters are reported under.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.models import Lead
from pipeline.stages.context import StageContext
from pipeline.stages.steps.dedup_keys import dedup_keys
from pipeline.stages.steps.enrich import enrich
from pipeline.stages.steps.normalize import normalize
from pipeline.stages.steps.score import score
from pipeline.stages.steps.validate import validate

LeadStep = Callable[[list[Lead], StageContext], None]

LEAD_STEPS: tuple[tuple[str, LeadStep], ...] = (
    ("normalize", normalize),
    ("validate", validate),
    ("enrich", enrich),
    ("score", score),  # dedup scores again only the leads whose fields it changes
    ("dedup", dedup_keys),  # blocking keys and packed features; the dedup stage does the rest
)
# Phases that are complete when ingest is: score and dedup are finished by the dedup stage.
PHASES_DONE_AT_INGEST = ("normalize", "validate", "enrich")
