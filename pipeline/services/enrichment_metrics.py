"""The spec's phase3_metrics of a batch (its enrichment figures), from the counters its enrich phase recorded."""

from __future__ import annotations

from typing import Any

from pipeline.models import Batch


def batch_enrichment_metrics(batch: Batch) -> dict[str, Any]:
    enrich = (batch.metrics or {}).get("enrich") or {}
    lookups = enrich.get("lookups", 0)
    hits = enrich.get("l1_hits", 0) + enrich.get("l2_hits", 0) + enrich.get("similarity_hits", 0)
    enriched = enrich.get("leads_enriched", 0)
    return {
        "cache_hit_rate": round(hits / lookups, 4) if lookups else 0.0,
        "predictive_matches": enrich.get("predictive_matches", 0),
        "multi_source_validated": enrich.get("multi_source_validated", 0),
        "avg_confidence": round(enrich.get("confidence_sum", 0) / enriched, 4) if enriched else 0.0,
    }
