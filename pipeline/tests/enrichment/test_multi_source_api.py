import responses

from enrichment.models import PredictivePattern
from enrichment.providers.dataset.index import demo_company_rows
from pipeline.models import Lead
from pipeline.tests.factories import batch_with_leads


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
