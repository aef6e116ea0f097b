"""What a stage (and each per-lead step of ingest) may read besides the leads, and where it records counters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.models import Batch

if TYPE_CHECKING:
    from enrichment.services.companies import EnrichmentSession
    from pipeline.validation.contacts import ContactValidator


@dataclass
class StageContext:
    """One batch's run of a stage in one process.

    `counters` are stored in `batch.metrics[<phase>]`. Ingest gives each per-lead step its own copy of the
    context (own counters, own state), made once per process, so the step's state below lives for the whole
    file: one DNS lookup per domain, one enrichment session, one scoring profile.
    """

    batch: Batch
    organization_id: int
    default_country: str = "US"
    attempt: int | None = None  # the batch's attempt this run works for: its writes stop when it is not current
    options: dict[str, Any] = field(default_factory=dict)
    counters: Counter = field(default_factory=Counter)
    # Set by ingest before its steps run.
    identifier_columns: frozenset[str] = frozenset()  # extra columns that dedup's keys use as identifiers
    scoring_profile: dict[str, Any] | None = None  # the profile the batch is scored with (None: the org's own)
    # The steps' own state, made on first use.
    validator: ContactValidator | None = None
    validation_lookups: dict[Any, Any] = field(default_factory=dict)  # DNS / SMTP answers for this file
    enrichment: EnrichmentSession | None = None
    # Dedup: leads whose fields it changed (filled survivors, leads no longer duplicates), scored again after it.
    rescore: set[int] = field(default_factory=set)

    def for_step(self) -> StageContext:
        """A copy for one per-lead step: shared inputs, its own counters and state."""
        return StageContext(
            batch=self.batch, organization_id=self.organization_id, default_country=self.default_country,
            attempt=self.attempt, options=self.options, identifier_columns=self.identifier_columns,
            scoring_profile=self.scoring_profile,
        )
