from enrichment.models import Prediction, PredictivePattern
from enrichment.providers.dataset.index import demo_company_rows
from enrichment.selectors import predictive_status
from enrichment.services.predictive import CompanyCount, email_format_detect, predictive_observe
from enrichment.tasks import predictions_enqueue


def test_email_format_detection():
    assert email_format_detect(first_name="Sarah", last_name="Miller", email="sarah.miller@x.com") == "first.last"
    assert email_format_detect(first_name="Sarah", last_name="Miller", email="smiller@x.com") == "flast"
    assert email_format_detect(first_name="José", last_name="Núñez", email="jose@x.com") == "first"
    assert email_format_detect(first_name="Sarah", last_name="Miller", email="sales@x.com") == ""


def test_observe_detects_the_three_patterns_and_preenriches(org, django_capture_on_commit_callbacks):
    rows = demo_company_rows()
    big, small = rows[10], rows[11]
    people = [(f"Ann{c}", "Lee", f"ann{c}.lee@{big['domain']}") for c in "abcd"]
    with django_capture_on_commit_callbacks(execute=True):
        first = predictive_observe(
            organization_id=org.id,
            reference="batch-1",
            companies=[
                CompanyCount(domain=big["domain"], name="", leads=7),
                CompanyCount(domain=small["domain"], name="", leads=1),
            ],
            people=people,
        )
        predictions_enqueue(organization_id=org.id, prediction_ids=first.predictions)
    assert (first.company_batches, first.sequential, first.domain_patterns) == (1, 0, 1)
    pattern = PredictivePattern.objects.get(organization=org, kind="domain_pattern")
    assert pattern.key == big["domain"] and pattern.detail == {"format": "first.last", "share": 1.0}
    prediction = Prediction.objects.get(organization=org, lookup_key="d:" + big["domain"])
    assert prediction.status == "completed" and prediction.found is True  # eager Celery ran the predictive task

    with django_capture_on_commit_callbacks(execute=True):
        second = predictive_observe(
            organization_id=org.id,
            reference="batch-2",
            companies=[CompanyCount(domain=big["domain"], name="", leads=2)],
            people=[],
        )
        predictions_enqueue(organization_id=org.id, prediction_ids=second.predictions)
    assert second.sequential == 1  # {big} vs {big, small}: Jaccard 0.5
    assert Prediction.objects.get(organization=org, lookup_key="d:" + small["domain"]).source == "sequential"

    status = predictive_status(organization_id=org.id)
    assert status["patterns_detected"] == {"company_batches": 1, "sequential_patterns": 1, "domain_patterns": 1}
    assert status["predictions"] == {"total_generated": 2, "pre_enriched": 2, "success_rate": 1.0}
    assert status["background_queue"] == {"pending": 0, "processing": 0, "completed": 2}
    assert status["performance"]["avg_prediction_accuracy"] == 0.0  # nothing used yet
