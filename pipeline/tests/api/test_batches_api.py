import csv
import io

import pytest

from pipeline.models import Batch, Lead

pytestmark = pytest.mark.django_db


def _process(customer, csv_text, name="leads.csv"):
    assert customer.upload(csv_text, name=name).status_code == 201
    return customer.post_and_commit("/api/process", {"filename": name})


def test_process_runs_all_phases_and_reports_batch(customer, sample_csv):
    response = _process(customer, sample_csv)
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["batch_id"] == body["job_id"]
    detail = customer.client.get(f"/api/batches/{body['batch_id']}").json()
    assert detail["status"] == "completed", detail
    assert detail["leads_total"] == 4
    assert detail["leads_processed"] == 4
    assert detail["leads_qualified"] + detail["leads_rejected"] + detail["leads_duplicate"] == 4
    assert detail["leads_duplicate"] >= 1
    assert set(detail["progress"]) == {"ingest", "normalize", "validate", "enrich", "dedup", "score", "finalize"}
    assert all(p["status"] == "done" for p in detail["progress"].values())
    assert set(detail["phase3_metrics"]) >= {
        "cache_hit_rate",
        "predictive_matches",
        "multi_source_validated",
        "avg_confidence",
    }
    assert detail["timings"]["total_seconds"] is not None


def test_process_unknown_file_is_404(customer):
    response = customer.client.post("/api/process", {"filename": "nope.csv"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_process_requires_filename_or_path(customer):
    response = customer.client.post("/api/process", {}, format="json")
    assert response.status_code == 400
    assert "filename" in response.json()["message"]


def test_process_without_credits_is_402(make_customer, sample_csv):
    poor = make_customer(credits=2)
    response = _process(poor, sample_csv)
    assert response.status_code == 402
    assert response.json()["details"] == {"needed": 4, "remaining": 2}
    assert not Batch.objects.filter(organization=poor.organization).exists()


def test_qualified_leads_follow_schema_and_csv_is_safe(customer):
    text = (
        "name,email,title,company,website,phone,country\n"
        "Sarah Miller,sarah@techflow.com,VP Sales,=cmd|' /C calc'!A0,techflow.com,+1 415 555 0199,US\n"
    )
    batch_id = _process(customer, text).json()["batch_id"]
    Lead.objects.filter(batch_id=batch_id).update(status=Lead.STATUS_QUALIFIED, score=90)
    leads = customer.client.get(f"/api/batches/{batch_id}/leads").json()
    assert leads["count"] == 1
    lead = leads["results"][0]
    assert lead["status"] == "QUALIFIED"
    assert set(lead) >= {"status", "score", "account", "contact", "dedup_confidence"}
    assert set(lead["account"]) >= {"name", "domain", "signals", "technologies"}
    assert set(lead["contact"]) >= {"full_name", "title_normalized", "email", "email_status", "phone", "phone_status"}
    download = customer.client.get(f"/api/download/{batch_id}")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 1
    assert rows[0]["account.name"].startswith("'=")
    assert rows[0]["contact.email"] == "sarah@techflow.com"


def test_download_before_completion_is_409(customer, sample_csv):
    batch_id = _process(customer, sample_csv).json()["batch_id"]
    Batch.objects.filter(pk=batch_id).update(status=Batch.STATUS_RUNNING)
    response = customer.client.get(f"/api/download/{batch_id}")
    assert response.status_code == 409
    assert response.json()["code"] == "not_ready"


def test_other_customer_sees_nothing(make_customer, sample_csv):
    alice, bob = make_customer(), make_customer()
    upload = alice.upload(sample_csv).json()
    batch_id = alice.post_and_commit("/api/process", {"filename": "leads.csv"}).json()["batch_id"]
    lead_id = Lead.objects.filter(batch_id=batch_id).first().pk
    assert bob.client.get(f"/api/batches/{batch_id}").status_code == 404
    assert bob.client.get(f"/api/batches/{batch_id}/leads").status_code == 404
    assert bob.client.get(f"/api/download/{batch_id}").status_code == 404
    assert bob.client.get(f"/api/leads/{lead_id}").status_code == 404
    assert bob.client.post(f"/api/batches/{batch_id}/cancel").status_code == 404
    assert bob.client.post("/api/process", {"file_path": upload["file_path"]}, format="json").status_code == 404
    assert bob.client.post("/api/process", {"filename": "leads.csv"}, format="json").status_code == 404
    assert bob.client.get("/api/batches").json()["count"] == 0


def test_batches_list_is_paginated_newest_first(customer, sample_csv):
    first = _process(customer, sample_csv, name="a.csv").json()["batch_id"]
    second = _process(customer, sample_csv, name="b.csv").json()["batch_id"]
    body = customer.client.get("/api/batches?page_size=1").json()
    assert body["count"] == 2
    assert body["results"][0]["batch_id"] == second
    assert body["next"]
    assert customer.client.get("/api/batches?page=2&page_size=1").json()["results"][0]["batch_id"] == first


def test_unknown_api_path_is_json_404(customer):
    response = customer.client.get("/api/download/not-a-uuid")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_failed_phase_keeps_partial_results_and_retry_completes(customer, sample_csv, monkeypatch):
    from pipeline.stages import runner

    def boom(ctx):
        raise RuntimeError("disk full")

    original = runner.PHASE_RUNS["dedup"]
    monkeypatch.setitem(runner.PHASE_RUNS, "dedup", boom)
    batch_id = _process(customer, sample_csv).json()["batch_id"]
    failed = customer.client.get(f"/api/batches/{batch_id}").json()
    assert failed["status"] == "failed"
    assert failed["failed_phase"] == "dedup"
    assert "disk full" in failed["error"]
    assert Lead.objects.filter(batch_id=batch_id).count() == 4
    assert failed["progress"]["enrich"]["status"] == "done"
    monkeypatch.setitem(runner.PHASE_RUNS, "dedup", original)
    retried = customer.post_and_commit(f"/api/batches/{batch_id}/retry")
    assert retried.status_code == 202
    done = customer.client.get(f"/api/batches/{batch_id}").json()
    assert done["status"] == "completed"
    assert done["attempts"] == 2
    assert done["credits_consumed"] == 4


def test_cancel_completed_batch_is_409(customer, sample_csv):
    batch_id = _process(customer, sample_csv).json()["batch_id"]
    response = customer.client.post(f"/api/batches/{batch_id}/cancel")
    assert response.status_code == 409


def test_tasks_of_an_earlier_attempt_do_nothing(customer, sample_csv):
    from pipeline.stages.runner import batch_stage_execute

    batch_id = _process(customer, sample_csv).json()["batch_id"]
    Batch.objects.filter(pk=batch_id).update(status=Batch.STATUS_RUNNING, attempts=2, progress={})
    assert batch_stage_execute(batch_id=batch_id, stage="dedup", attempt=1) is False
    assert Batch.objects.get(pk=batch_id).progress == {}
    assert batch_stage_execute(batch_id=batch_id, stage="dedup", attempt=2) is True
    assert Batch.objects.get(pk=batch_id).progress["score"]["status"] == "done"


def test_nul_in_url_is_400(customer):
    response = customer.client.get("/api/billing/invoices/%00/pdf")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_qualified_leads_are_paged_best_score_first(customer):
    rows = "".join(f"Person {i},p{i}@acme{i}.com,VP Sales,Acme {i},acme{i}.com,US\n" for i in range(7))
    batch_id = _process(customer, "name,email,title,company,website,country\n" + rows).json()["batch_id"]
    scores = [55, 90, 70, 90, 40, 85, 60]  # two leads tie at 90: row order breaks the tie
    for lead in Lead.objects.filter(batch_id=batch_id):
        Lead.objects.filter(pk=lead.pk).update(status=Lead.STATUS_QUALIFIED, score=scores[lead.row_number - 1])
    Lead.objects.filter(batch_id=batch_id, row_number=5).update(status=Lead.STATUS_REJECTED)
    seen = []
    for page in (1, 2, 3):
        body = customer.client.get(f"/api/batches/{batch_id}/leads?page={page}&page_size=2").json()
        assert body["count"] == 6
        seen += [(lead["score"], lead["contact"]["email"]) for lead in body["results"]]
    assert seen == [(90, "p1@acme1.com"), (90, "p3@acme3.com"), (85, "p5@acme5.com"), (70, "p2@acme2.com"),
                    (60, "p6@acme6.com"), (55, "p0@acme0.com")]
