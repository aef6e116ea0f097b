"""The pipeline's enrich phase over real Lead rows, with the demo dataset as the only provider."""

from enrichment.providers.dataset.index import demo_company_rows
from pipeline.models import Lead
from pipeline.services.enrichment_metrics import batch_enrichment_metrics
from pipeline.stages.context import StageContext
from pipeline.stages.steps import enrich
from pipeline.tests.factories import batch_with_leads


def run_phase(batch):
    ctx = StageContext(batch=batch, organization_id=batch.organization_id)
    leads = list(Lead.objects.filter(batch=batch).order_by("pk"))
    enrich.enrich(leads, ctx)
    Lead.objects.bulk_update(leads, list(enrich.FIELDS) + ["reasons"])
    batch.metrics["enrich"] = dict(ctx.counters)
    batch.save(update_fields=["metrics"])
    return leads, ctx


def test_enriches_account_fields_once_per_company(org):
    demo = demo_company_rows()[3]
    leads = [
        {"email": f"p{i}@{demo['domain']}", "domain": demo["domain"], "first_name": f"P{i}", "last_name": "Q"}
        for i in range(3)
    ] + [
        {"email": "x@unknown-co.test", "domain": "unknown-co.test", "company_name": "Unknown Co"},
        {"email": "someone@gmail.com"},
        {"company_name": demo["name"].upper(), "industry": "Given By Customer", "signals": ["Own signal"]},
    ]
    batch = batch_with_leads(organization=org, leads=leads)
    result, ctx = run_phase(batch)
    first, second, _, unknown, freemail, by_name = result

    assert first.company_name == demo["name"] and first.industry == demo["industry"]
    assert first.employee_count is not None and first.technologies
    assert first.enrichment["provider"] == "company_dataset" and first.enrichment["cache"] == "provider"
    assert set(first.enrichment["fields"]) >= {"industry", "employee_count", "company_name", "technologies"}
    assert second.enrichment["cache"] == "chunk" and second.enrichment["cost"] == 0.0
    assert unknown.enrichment["status"] == "not_found"
    assert unknown.reasons == [
        {"phase": "enrich", "code": "company_not_found", "message": "No provider knows this company."}
    ]
    assert freemail.enrichment["status"] == "skipped"
    assert by_name.industry == "Given By Customer"  # input wins over enrichment
    assert by_name.signals[0] == "Own signal" and by_name.enrichment["confidence"] == 0.9

    assert ctx.counters["lookups"] == 3  # demo domain, unknown domain, demo name
    assert ctx.counters["leads_enriched"] == 4
    assert ctx.counters["multi_source_validated"] == 1  # only the by-name lead had its own company name
    metrics = batch_enrichment_metrics(batch)
    assert metrics == {
        "cache_hit_rate": 0.0,
        "predictive_matches": 0,
        "multi_source_validated": 1,
        "avg_confidence": round((3 * 1.0 + 0.9) / 4, 4),
    }


def test_running_twice_is_idempotent_and_second_run_hits_the_cache(org):
    demo = demo_company_rows()[5]
    batch = batch_with_leads(organization=org, leads=[{"domain": demo["domain"], "signals": ["Mine"]}])
    first, _ = run_phase(batch)
    snapshot = (
        first[0].industry,
        first[0].employee_count,
        first[0].signals,
        first[0].technologies,
        first[0].company_name,
    )
    again, ctx = run_phase(batch)
    lead = again[0]
    assert (lead.industry, lead.employee_count, lead.signals, lead.technologies, lead.company_name) == snapshot
    assert lead.enrichment["cache"] == "l1" and ctx.counters["provider_calls"] == 0
    assert batch_enrichment_metrics(batch)["cache_hit_rate"] == 1.0
