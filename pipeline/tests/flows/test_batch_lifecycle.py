"""Cancel, a killed worker and a broker that is down, with real processes on the real database and broker.

Each test reproduces a failure once seen in a running stack: a cancelled batch that went on working (and
charging), a batch left `running` for ever after its worker was killed, and a 500 that kept credits on hold.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests
from django.conf import settings as django_settings

from billing.models.credits import CreditBalance
from pipeline.models import Batch, Lead, Upload
from pipeline.services.batch_recovery import batch_recover
from pipeline.services.batches import batch_start

from .processes import free_port, needs_real_servers, process_env, wait_for, workers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = 8_000
CREDITS = 100_000
# Small chunks, so that a cancel or a kill lands in the middle of ingest.
WORKER_ENV = {"PIPELINE_CHUNK_SIZE": "100", "PIPELINE_WORKERS": "2"}


def leads_csv(rows: int) -> str:
    lines = ["First Name,Last Name,Email,Phone,Job Title,Company,Website,Country"]
    for i in range(1, rows + 1):
        company = f"Company{i % 997}"
        lines.append(f"Ann{i},Lee{i},ann{i}@{company.lower()}.com,+1 415 555 {i % 10_000:04d},VP Sales,"
                     f"{company} Inc,{company.lower()}.com,US")
    return "\n".join(lines) + "\n"


def balance(customer) -> tuple[int, int]:
    row = CreditBalance.objects.get(organization=customer.organization)
    return row.balance, row.reserved


def start(customer, name: str = "big.csv") -> str:
    assert customer.upload(leads_csv(ROWS), name=name).status_code == 201
    response = customer.client.post("/api/process", {"filename": name}, format="json")
    assert response.status_code == 202, response.json()
    return response.json()["batch_id"]


def ingest_done(batch_id: str) -> int:
    progress = Batch.objects.get(pk=batch_id).progress
    return (progress.get("ingest") or {}).get("done", 0)


def finished(batch_id: str) -> Batch | None:
    batch = Batch.objects.get(pk=batch_id)
    return batch if batch.status in Batch.FINAL_STATUSES else None


def test_cancel_stops_paid_work_within_a_chunk_and_retry_completes_once(make_customer, tmp_path, settings):
    customer = make_customer(credits=CREDITS)
    with workers(tmp_path, settings, **WORKER_ENV) as start_worker:
        worker = start_worker()
        batch_id = start(customer)
        wait_for(lambda: ingest_done(batch_id) >= 300, timeout=120, what="the first chunks", log=worker.log)

        cancelled = customer.client.post(f"/api/batches/{batch_id}/cancel")
        assert cancelled.status_code == 200, cancelled.json()
        written_at_cancel = Lead.objects.filter(batch_id=batch_id).count()
        # the attempt notices at its next chunk and stops: its progress says so, and no lead is written after
        wait_for(lambda: (Batch.objects.get(pk=batch_id).progress.get("ingest") or {}).get("status") == "stopped",
                 timeout=60, what="the cancelled attempt to stop", log=worker.log)
        written = Lead.objects.filter(batch_id=batch_id).count()
        assert written == written_at_cancel < ROWS

        batch = Batch.objects.get(pk=batch_id)
        assert batch.status == Batch.STATUS_CANCELLED
        assert batch.credits_consumed == written  # every written (readable) row is paid for, nothing more
        assert balance(customer) == (CREDITS - written, 0)  # the rest of the hold released
        listed = customer.client.get(f"/api/batches/{batch_id}/leads?status=ALL&page_size=1").json()
        assert listed["count"] == written

        retried = customer.client.post(f"/api/batches/{batch_id}/retry")
        assert retried.status_code == 202, retried.json()
        done = wait_for(lambda: finished(batch_id), timeout=240, what="the retried batch", log=worker.log)
    assert done.status == Batch.STATUS_COMPLETED, done.error
    assert done.attempts == 2 and done.leads_total == ROWS
    assert Lead.objects.filter(batch_id=batch_id).count() == ROWS  # no row written twice, none lost
    assert done.credits_consumed == ROWS
    assert balance(customer) == (CREDITS - ROWS, 0)


def test_killed_worker_is_recovered_and_resumes_after_its_last_chunk(make_customer, tmp_path, settings):
    customer = make_customer(credits=CREDITS)
    with workers(tmp_path, settings, **WORKER_ENV) as start_worker:
        worker = start_worker()
        batch_id = start(customer)
        wait_for(lambda: ingest_done(batch_id) >= 500, timeout=120, what="the first chunks", log=worker.log)
        worker.kill()  # as an OOM kill or a redeploy does: no clean-up at all
        written_before = Lead.objects.filter(batch_id=batch_id).count()
        assert 0 < written_before < ROWS
        assert Batch.objects.get(pk=batch_id).status == Batch.STATUS_RUNNING  # nobody says otherwise

        settings.BATCH_STALE_SECONDS = 0
        # the dead worker's lock goes with its connection; recovery resumes the batch as a new attempt
        assert wait_for(lambda: batch_recover(batch_id=batch_id) == "resumed", timeout=30, what="recovery",
                        every=0.5)
        resumed = Batch.objects.get(pk=batch_id)
        assert (resumed.attempts, resumed.auto_resumes, resumed.status) == (2, 1, Batch.STATUS_RUNNING)

        start_worker()
        done = wait_for(lambda: finished(batch_id), timeout=240, what="the resumed batch", log=worker.log)
    assert done.status == Batch.STATUS_COMPLETED, done.error
    assert done.metrics["ingest"]["rows_resumed"] >= written_before  # it went on after the written chunks
    assert Lead.objects.filter(batch_id=batch_id).count() == ROWS
    assert done.credits_consumed == ROWS  # charged once per row across both attempts
    assert balance(customer) == (CREDITS - ROWS, 0)


def test_recovery_fails_a_batch_that_keeps_losing_its_worker(make_customer, settings):
    customer = make_customer(credits=CREDITS)
    needs_real_servers()
    settings.BATCH_STALE_SECONDS = 0
    settings.BATCH_AUTO_RESUMES = 0
    assert customer.upload(leads_csv(10), name="small.csv").status_code == 201
    upload = Upload.objects.get(organization=customer.organization, filename="small.csv")
    # started, but its stages never reach a worker
    batch_id = batch_start(organization=customer.organization, user=customer.user, upload=upload, enqueue=False).pk
    assert balance(customer) == (CREDITS - 10, 10)
    assert batch_recover(batch_id=batch_id) == "failed"
    batch = Batch.objects.get(pk=batch_id)
    assert batch.status == Batch.STATUS_FAILED and batch.error.startswith("worker lost")
    assert balance(customer) == (CREDITS, 0)  # the hold is released, nothing charged
    assert customer.client.post(f"/api/batches/{batch_id}/retry").status_code == 202


def test_broker_down_is_503_and_releases_the_hold(make_customer, tmp_path, settings):
    needs_real_servers()
    customer = make_customer(credits=CREDITS)
    var_dir = tmp_path / "var"
    settings.MEDIA_ROOT = var_dir / "media"
    assert customer.upload(leads_csv(50), name="down.csv").status_code == 201
    port = free_port()
    dead_broker = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    env = process_env(var_dir, CELERY_BROKER_URL=dead_broker)
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=django_settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=(tmp_path / "web.log").open("w"),
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def up():
            try:
                return requests.get(f"{base}/api/batches", timeout=1).status_code
            except requests.ConnectionError:
                return None

        wait_for(up, timeout=30, what="the web server", log=tmp_path / "web.log", every=0.2)
        headers = {"Authorization": f"Token {customer.key}"}
        response = requests.post(f"{base}/api/process", json={"filename": "down.csv"}, headers=headers, timeout=30)
        assert response.status_code == 503, response.text
        body = response.json()
        assert body["code"] == "queue_unavailable" and response.headers["Retry-After"] == "30"
        batch = Batch.objects.get(pk=body["details"]["batch_id"])
        assert batch.status == Batch.STATUS_FAILED and batch.error.startswith("queue unavailable")
        assert balance(customer) == (CREDITS, 0)  # nothing held, nothing charged

        again = requests.post(f"{base}/api/batches/{batch.pk}/retry", headers=headers, timeout=30)
        assert again.status_code == 503 and again.json()["code"] == "queue_unavailable"
        assert balance(customer) == (CREDITS, 0)
    finally:
        web.kill()
        web.wait(timeout=20)
