from enrichment.providers.dataset.index import demo_company_rows
from pipeline.models import Lead
from pipeline.stages.context import StageContext
from pipeline.stages.steps import enrich
from pipeline.tests.factories import batch_with_leads


def test_cache_stats_has_the_spec_shape_and_moves_when_a_batch_runs(customer):
    empty = customer.client.get("/v1/cache/stats").json()
    assert empty == {
        "l1_cache": {"hit_rate": 0.0, "avg_latency_ms": 0.0, "total_hits": 0, "total_misses": 0},
        "l2_cache": {"hit_rate": 0.0, "avg_latency_ms": 0.0, "total_hits": 0, "total_misses": 0},
        "similarity_matches": {"total": 0, "threshold": 0.85},
        "cost_savings": {"api_calls_saved": 0, "estimated_savings_usd": 0.0},
    }
    demo = demo_company_rows()[0]
    batch = batch_with_leads(organization=customer.organization, leads=[{"domain": demo["domain"]}])
    for _ in range(2):
        enrich.enrich(
            list(Lead.objects.filter(batch=batch)), StageContext(batch=batch, organization_id=batch.organization_id)
        )
    stats = customer.client.get("/v1/cache/stats").json()
    assert stats["l1_cache"]["total_hits"] == 1 and stats["l1_cache"]["total_misses"] == 1
    assert stats["l1_cache"]["hit_rate"] == 0.5 and stats["l1_cache"]["avg_latency_ms"] > 0
    assert stats["cost_savings"]["api_calls_saved"] == 1
