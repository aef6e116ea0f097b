"""Dedup-keys step: dedup's first half, on each chunk as ingest reads it (the dedup stage does the rest).

Stores each lead's blocking keys and sort code in `match_keys` and its packed comparison features in
`dedup_features`, so the dedup stage reads them instead of normalising every lead again. Until the dedup
stage finds a lookalike, a lead is taken as distinct (confidence 1.0).
"""

from __future__ import annotations

from pipeline.dedup import Features
from pipeline.dedup.features import keys_entry, lead_record, lead_row
from pipeline.dedup.records import features_pack
from pipeline.models import Lead
from pipeline.stages.context import StageContext


def dedup_keys(leads: list[Lead], ctx: StageContext) -> None:
    extra_keys = ctx.identifier_columns
    for lead in leads:
        feats = Features(lead_record(lead_row(lead), history=False), 0)
        lead.match_keys = keys_entry(feats, extra_keys)
        lead.dedup_features = features_pack(feats)
        lead.dedup_confidence = 1.0
    ctx.counters["leads_keyed"] += len(leads)
