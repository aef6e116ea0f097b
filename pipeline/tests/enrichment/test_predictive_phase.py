from enrichment.models import Prediction
from enrichment.providers.dataset.index import demo_company_rows
from enrichment.selectors import predictive_status
from pipeline.models import Lead
from pipeline.stages.context import StageContext
from pipeline.stages.steps import enrich
from pipeline.tests.factories import batch_with_leads


def test_preenriched_company_is_served_with_no_wait_and_counted(org, django_capture_on_commit_callbacks):
    demo = demo_company_rows()[20]
    batch = batch_with_leads(
        organization=org, leads=[{"domain": demo["domain"], "email": f"u{i}@{demo['domain']}"} for i in range(6)]
    )
    ctx = StageContext(batch=batch, organization_id=org.id)
    leads = list(Lead.objects.filter(batch=batch))
    with django_capture_on_commit_callbacks(execute=True):
        enrich.observe(ctx)  # observe → predictions → eager pre-enrichment
    enrich.enrich(leads, ctx)
    assert ctx.counters["predictions_queued"] == 1
    assert ctx.counters["predictive_matches"] == 6
    assert leads[0].enrichment["predicted"] is True and leads[0].enrichment["cache"] in ("l1", "l2")
    status = predictive_status(organization_id=org.id)
    assert status["performance"]["avg_prediction_accuracy"] == 1.0
    assert status["performance"]["zero_latency_requests"] == 1.0
    assert Prediction.objects.get(organization=org).uses == 1
