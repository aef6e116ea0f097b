"""Read side: the /v1 figures (all from shared counters and tables)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from .models import CompanyDataset, Prediction, PredictivePattern
from .provider_labels import provider_label
from .services.counters import counters_read
from .services.waterfall import providers_for, waterfall_order


def _ratio(part: float, whole: float, digits: int = 4) -> float:
    return round(part / whole, digits) if whole else 0.0


def cache_stats(*, organization_id: int) -> dict[str, Any]:
    c = counters_read(organization_id=organization_id)
    l1_lookups = c.get("l1_hits", 0) + c.get("l1_misses", 0)
    l2_lookups = c.get("l2_hits", 0) + c.get("l2_misses", 0)
    return {
        "l1_cache": {
            "hit_rate": _ratio(c.get("l1_hits", 0), l1_lookups),
            "avg_latency_ms": round(c.get("l1_time_us", 0) / l1_lookups / 1000, 4) if l1_lookups else 0.0,
            "total_hits": c.get("l1_hits", 0),
            "total_misses": c.get("l1_misses", 0),
        },
        "l2_cache": {
            "hit_rate": _ratio(c.get("l2_hits", 0), l2_lookups),
            "avg_latency_ms": round(c.get("l2_time_us", 0) / l2_lookups / 1000, 4) if l2_lookups else 0.0,
            "total_hits": c.get("l2_hits", 0),
            "total_misses": c.get("l2_misses", 0),
        },
        "similarity_matches": {
            "total": c.get("similarity_hits", 0),
            "threshold": settings.ENRICHMENT_SIMILARITY_THRESHOLD,
        },
        "cost_savings": {
            "api_calls_saved": c.get("calls_saved", 0),
            "estimated_savings_usd": round(c.get("savings_micro", 0) / 1e6, 2),
        },
    }


def predictive_status(*, organization_id: int) -> dict[str, Any]:
    patterns = dict(
        PredictivePattern.objects.filter(organization_id=organization_id).values_list("kind").annotate(n=Count("id"))
    )
    p = Prediction.objects.filter(organization_id=organization_id).aggregate(
        total=Count("id"),
        pending=Count("id", filter=Q(status=Prediction.STATUS_PENDING)),
        processing=Count("id", filter=Q(status=Prediction.STATUS_PROCESSING)),
        completed=Count("id", filter=Q(status=Prediction.STATUS_COMPLETED)),
        pre_enriched=Count("id", filter=Q(status=Prediction.STATUS_COMPLETED, found=True)),
        used=Count("id", filter=Q(status=Prediction.STATUS_COMPLETED, found=True, used_at__isnull=False)),
    )
    c = counters_read(organization_id=organization_id)
    hits = c.get("predictive_hits", 0)
    per_hit = c.get("predictive_time_us", 0) / hits if hits else 0.0
    per_provider = c.get("provider_time_us", 0) / c["provider_lookups"] if c.get("provider_lookups") else 0.0
    return {
        "patterns_detected": {
            "company_batches": patterns.get(PredictivePattern.KIND_COMPANY_BATCH, 0),
            "sequential_patterns": patterns.get(PredictivePattern.KIND_SEQUENTIAL, 0),
            "domain_patterns": patterns.get(PredictivePattern.KIND_DOMAIN, 0),
        },
        "predictions": {
            "total_generated": p["total"],
            "pre_enriched": p["pre_enriched"],
            "success_rate": _ratio(p["pre_enriched"], p["total"]),
        },
        "performance": {
            "avg_prediction_accuracy": _ratio(p["used"], p["pre_enriched"]),
            "zero_latency_requests": _ratio(hits, c.get("predicted_lookups", 0)),
            "throughput_increase": round(per_provider / per_hit, 2) if per_hit and per_provider else 0.0,
        },
        "background_queue": {
            "pending": p["pending"],
            "processing": p["processing"],
            "completed": p["completed"],
        },
    }


def enrichment_overview(*, organization_id: int) -> dict[str, Any]:
    dataset = CompanyDataset.objects.filter(organization_id=organization_id).first()
    configured = {p.name for p in providers_for(organization_id=organization_id)}
    return {
        "waterfall": [
            {"name": name, "label": provider_label(name), "configured": name in configured}
            for name in waterfall_order(organization_id=organization_id)
        ],
        "dataset": dataset,
        "demo_dataset": dataset is None and settings.ENRICHMENT_DEMO_DATASET,
        "cache": cache_stats(organization_id=organization_id),
        "predictive": predictive_status(organization_id=organization_id),
    }
