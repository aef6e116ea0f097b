import io

import responses

from enrichment.models import PredictivePattern
from enrichment.providers.dataset.index import demo_company_rows
from enrichment.tests.factories import batch_with_leads
from pipeline.models import Lead
from pipeline.stages.context import StageContext
from pipeline.stages.steps import enrich


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


def test_predictive_has_the_spec_shape(customer):
    body = customer.client.get("/v1/enrichment/predictive").json()
    assert set(body) == {"patterns_detected", "predictions", "performance", "background_queue"}
    assert set(body["patterns_detected"]) == {"company_batches", "sequential_patterns", "domain_patterns"}
    assert set(body["predictions"]) == {"total_generated", "pre_enriched", "success_rate"}
    assert set(body["performance"]) == {"avg_prediction_accuracy", "zero_latency_requests", "throughput_increase"}
    assert set(body["background_queue"]) == {"pending", "processing", "completed"}


def test_endpoints_need_authentication(client, db):
    assert client.get("/v1/cache/stats").status_code in (401, 403)


def make_lead(customer, **values):
    batch = batch_with_leads(organization=customer.organization, leads=[values])
    return Lead.objects.get(batch=batch)


def test_multi_source_404_for_unknown_or_other_organisations_email(customer, make_customer):
    make_lead(make_customer(), email="john.smith@techcorp.com", full_name="John Smith")
    response = customer.client.get("/v1/validation/multi-source", {"email": "john.smith@techcorp.com"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert customer.client.get("/v1/validation/multi-source", {"email": "not-an-email"}).status_code == 400


@responses.activate
def test_multi_source_consensus_with_hunter_dataset_and_domain_pattern(customer, settings):
    settings.HUNTER_API_KEY = "hk"
    demo = demo_company_rows()[7]
    email = f"john.smith@{demo['domain']}"
    make_lead(
        customer,
        email=email,
        first_name="John",
        last_name="Smith",
        full_name="John Smith",
        title="VP of Engineering",
        company_name=demo["name"],
        phone="+15550123",
        domain=demo["domain"],
        email_status="valid",
    )
    PredictivePattern.objects.create(
        organization=customer.organization,
        kind="domain_pattern",
        key=demo["domain"],
        support=9,
        detail={"format": "first.last", "share": 0.9},
    )
    responses.get(
        "https://api.hunter.io/v2/people/find",
        json={
            "data": {
                "name": {"fullName": "John Smith"},
                "email": email,
                "employment": {"name": demo["name"], "title": "VP Engineering", "domain": demo["domain"]},
                "linkedin": {"handle": "in/johnsmith"},
            }
        },
    )

    body = customer.client.get("/v1/validation/multi-source", {"email": email.upper()}).json()
    assert body["lead"] == {
        "email": email,
        "name": "John Smith",
        "title": "VP of Engineering",
        "company": demo["name"],
        "phone": "+15550123",
        "linkedin": "",
    }
    assert body["sources"]["hunter_io"] == {
        "agreement": True,
        "confidence": 0.85,
        "fields_provided": ["email", "name", "title", "company", "linkedin"],
    }
    assert body["sources"]["company_dataset"] == {"agreement": True, "confidence": 1.0, "fields_provided": ["company"]}
    assert body["sources"]["email_pattern"] == {"agreement": True, "confidence": 0.9, "fields_provided": ["email"]}
    assert body["sources"]["pipeline_validation"]["agreement"] is True
    assert body["consensus"]["email"] == {"agreement_score": 1.0, "sources": 4}
    assert body["consensus"]["company"] == {"agreement_score": 1.0, "sources": 3}
    assert 0.85 <= body["consensus"]["title"]["agreement_score"] < 1.0
    assert body["validation"]["coverage"] == 1.0
    assert 0.9 < body["validation"]["confidence_score"] <= 1.0
    # The person answer is cached: asking again makes no second provider call.
    customer.client.get("/v1/validation/multi-source", {"email": email})
    assert len(responses.calls) == 1


def test_dataset_upload_and_waterfall_api(customer):
    client = customer.client
    assert client.get("/v1/enrichment/dataset").json()["source"] == "demo"
    handle = io.BytesIO(b"domain,name,industry,size\nacme.test,Acme,Software,10\n")
    handle.name = "companies.csv"
    created = client.post("/v1/enrichment/dataset", {"file": handle}, format="multipart")
    assert created.status_code == 201 and created.json()["rows"] == 1
    bad = io.BytesIO(b"x,y\n1,2\n")
    bad.name = "bad.csv"
    refused = client.post("/v1/enrichment/dataset", {"file": bad}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "dataset_invalid"

    assert client.get("/v1/enrichment/waterfall").json()["configured"] == ["company_dataset"]
    updated = client.put("/v1/enrichment/waterfall", {"waterfall": ["hunter", "company_dataset"]}, format="json")
    assert updated.json() == {"waterfall": ["hunter", "company_dataset"], "configured": ["company_dataset"]}
    assert client.put("/v1/enrichment/waterfall", {"waterfall": ["nope"]}, format="json").status_code == 400


def test_enrichment_page_renders_and_accepts_a_dataset(customer, client):
    client.force_login(customer.user)
    page = client.get("/enrichment/")
    assert page.status_code == 200 and b"Provider waterfall" in page.content
    handle = io.BytesIO(b"domain,name\nacme.test,Acme\n")
    handle.name = "c.csv"
    response = client.post("/enrichment/", {"file": handle})
    assert response.status_code == 302
    assert b"c.csv: 1 companies" in client.get("/enrichment/").content
