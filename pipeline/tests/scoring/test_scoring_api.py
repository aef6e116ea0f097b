import pytest

from billing.models.credits import CreditBalance, CreditEntry
from pipeline.models import Batch, Lead, ScoringProfile
from pipeline.scoring.leads import PROFILE_METRIC, SCORE_FIELDS, leads_rescore
from pipeline.stages import dedup
from pipeline.stages.context import StageContext
from pipeline.stages.steps import score
from pipeline.tests.dedup.batches import batch_with_leads

GOOD = {"first_name": "Sarah", "last_name": "Miller", "email": "sarah@techflow.com", "email_status": "unknown",
        "phone": "+14155550199", "phone_status": "fixed_line_or_mobile", "seniority": "manager",
        "department": "sales", "country": "US", "company_name": "TechFlow", "employee_count": 120}


def scored_batch(organization, rows, status=Batch.STATUS_COMPLETED):
    batch = batch_with_leads(organization, rows, status=status)
    ctx = StageContext(batch=batch, organization_id=organization.pk)
    leads_rescore(Lead.objects.filter(batch=batch), profile=score.batch_profile(ctx))
    return batch


@pytest.mark.django_db
def test_score_phase_scores_again_only_what_dedup_changed(organization):
    batch = batch_with_leads(organization, [GOOD, {**GOOD, "email": "", "phone": ""}, GOOD])
    leads = list(Lead.objects.filter(batch=batch).order_by("row_number"))
    ctx = StageContext(batch=batch, organization_id=organization.pk)
    score.score(leads, ctx)  # as ingest does, chunk by chunk
    Lead.objects.bulk_update(leads, [*SCORE_FIELDS, "reasons"])
    assert [lead.status for lead in leads][:2] == [Lead.STATUS_QUALIFIED, Lead.STATUS_REJECTED]
    # dedup: row 1 is a duplicate; row 3 changed (as if filled from a duplicate), so it is scored again
    Lead.objects.filter(pk=leads[0].pk).update(status=Lead.STATUS_DUPLICATE)
    Lead.objects.filter(pk=leads[2].pk).update(email="", phone="", status=Lead.STATUS_PENDING)
    ctx.counters.clear()
    ctx.rescore = {leads[2].pk}
    dedup.rescore(ctx)
    statuses = list(Lead.objects.filter(batch=batch).order_by("row_number").values_list("status", "score"))
    assert [s for s, _ in statuses] == [Lead.STATUS_DUPLICATE, Lead.STATUS_REJECTED, Lead.STATUS_REJECTED]
    assert statuses[2][1] is not None and ctx.counters["scored_here"] == 1
    assert ctx.counters["rejected"] == 2 and ctx.counters["duplicate"] == 1


@pytest.mark.django_db
def test_score_phase_statuses_and_reasons(organization):
    rows = [GOOD, {**GOOD, "email_status": "undeliverable"}, {**GOOD, "email": "", "phone": ""},
            {**GOOD, "status": Lead.STATUS_DUPLICATE}, {**GOOD, "seniority": "intern", "department": ""}]
    batch = scored_batch(organization, rows)
    leads = {lead.row_number: lead for lead in Lead.objects.filter(batch=batch)}
    assert leads[1].status == Lead.STATUS_QUALIFIED and leads[1].score >= 40
    assert leads[2].status == Lead.STATUS_REJECTED
    assert leads[2].reasons[-1] == {"phase": "score", "code": "email_undeliverable", "gate": True,
                                    "message": "The e-mail address cannot receive mail."}
    assert leads[3].status == Lead.STATUS_REJECTED and leads[3].reasons[0]["code"] == "no_contact"
    assert leads[4].status == Lead.STATUS_DUPLICATE and leads[4].score_breakdown
    assert leads[5].status == Lead.STATUS_REJECTED and leads[5].reasons[-1]["code"] == "below_threshold"


@pytest.mark.django_db
def test_gate_from_an_earlier_phase_never_qualifies(organization):
    row = {**GOOD, "reasons": [{"phase": "validate", "code": "bad", "message": "x", "gate": True}]}
    batch = scored_batch(organization, [row])
    assert Lead.objects.get(batch=batch).status == Lead.STATUS_REJECTED


@pytest.mark.django_db
def test_profile_get_put_and_validation(customer):
    client = customer.client
    response = client.get("/api/scoring-profile")
    assert response.status_code == 200
    assert response.json()["is_default"] is True and response.json()["profile"]["threshold"] == 40

    response = client.put("/api/scoring-profile", {"threshold": 70, "gates": {"countries": ["us", "gb"]}},
                          format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["is_default"] is False and body["profile"]["threshold"] == 70
    assert body["profile"]["gates"]["countries"] == ["US", "GB"]
    assert body["profile"]["rules"]["seniority"]["max"] == 25  # defaults fill what was left out

    response = client.put("/api/scoring-profile", {"threshold": 300, "rules": {"karma": {}}}, format="json")
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid_profile"
    assert set(error["details"]) == {"threshold", "rules.karma"}
    assert ScoringProfile.objects.get(organization=customer.organization).config["threshold"] == 70

    assert client.put("/api/scoring-profile", {}, format="json").json()["is_default"] is True


@pytest.mark.django_db
def test_rescore_after_profile_change_updates_statuses_and_counters_without_charging(customer, make_customer):
    organization = customer.organization

    def credits():
        balance = CreditBalance.objects.get(organization=organization)
        return balance.balance, balance.reserved, CreditEntry.objects.filter(organization=organization).count()

    batch = scored_batch(organization, [GOOD, {**GOOD, "seniority": "entry"}, {**GOOD, "email_status": "disposable"}])
    before = credits()
    assert customer.client.put("/api/scoring-profile", {"threshold": 5}, format="json").status_code == 200

    response = customer.client.post(f"/api/batches/{batch.pk}/rescore")
    assert response.status_code == 200, response.json()
    assert response.json()["leads_qualified"] == 2 and response.json()["credits_charged"] == 0
    batch.refresh_from_db()
    assert (batch.leads_qualified, batch.leads_rejected) == (2, 1)
    assert batch.metrics["rescore"]["threshold"] == 5
    assert credits() == before

    other = make_customer()
    assert other.client.post(f"/api/batches/{batch.pk}/rescore").status_code == 404


@pytest.mark.django_db
def test_rescore_refuses_a_running_batch(customer):
    batch = scored_batch(customer.organization, [GOOD], status=Batch.STATUS_RUNNING)
    response = customer.client.post(f"/api/batches/{batch.pk}/rescore")
    assert response.status_code == 409
    assert response.json()["code"] == "batch_not_finished"


@pytest.mark.django_db
def test_score_phase_keeps_the_profile_ingest_recorded(organization):
    from pipeline.scoring import profile_resolve

    strict = profile_resolve({"threshold": 100}, threshold=40)
    batch = batch_with_leads(organization, [GOOD])
    Batch.objects.filter(pk=batch.pk).update(metrics={PROFILE_METRIC: strict})
    batch.refresh_from_db()
    leads_rescore(Lead.objects.filter(batch=batch),
                  profile=score.batch_profile(StageContext(batch=batch, organization_id=organization.pk)))
    lead = Lead.objects.get(batch=batch)
    assert lead.status == Lead.STATUS_REJECTED  # the default profile would qualify it (see above)
    assert lead.reasons[-1]["code"] == "below_threshold" and "100" in lead.reasons[-1]["message"]


@pytest.mark.django_db
def test_qualified_leads_are_listed_once_the_score_phase_has_run(organization):
    from pipeline import selectors

    batch = scored_batch(organization, [GOOD], status=Batch.STATUS_RUNNING)
    assert not selectors.lead_list_qualified(batch=batch).exists()  # dedup/score still to come
    batch.status = Batch.STATUS_FAILED
    batch.progress = {"score": {"status": "done"}}  # failed afterwards (e.g. in finalize): results stand
    assert selectors.lead_list_qualified(batch=batch).count() == 1
    batch.status = Batch.STATUS_COMPLETED
    batch.progress = {}
    assert selectors.lead_list_qualified(batch=batch).count() == 1
