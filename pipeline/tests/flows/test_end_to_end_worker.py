"""Upload → process → poll → download over HTTP, with a real Celery worker on the real broker and database."""

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from leadsite.celery import app as celery_app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BROKER = os.environ.get("CELERY_BROKER_URL", "")


def _database_url() -> str:
    cfg = connection.settings_dict
    return f"postgres://{cfg['USER']}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{cfg['NAME']}"


@pytest.fixture
def worker(tmp_path, settings):
    if connection.vendor != "postgresql" or not BROKER or BROKER.startswith("filesystem"):
        pytest.skip("needs DATABASE_URL (PostgreSQL) and a real CELERY_BROKER_URL")
    var_dir = tmp_path / "var"
    settings.MEDIA_ROOT = var_dir / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leadsite.settings.base",
        "DATABASE_URL": _database_url(),
        "LEADSITE_VAR_DIR": str(var_dir),
        "EMAIL_DNS_CHECKS": "off",
    }
    queue = f"e2e-{os.getpid()}-{int(time.time())}"
    env["CELERY_TASK_DEFAULT_QUEUE"] = queue
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "leadsite",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--loglevel",
            "INFO",
        ],
        cwd=Path(django_settings.BASE_DIR),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield proc
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_upload_process_poll_download_with_real_worker(worker, make_customer, tmp_path):
    customer = make_customer()
    text = (
        "Full Name;E-mail;Direct Dial;Job Title;Account;Domain;Country\n"
        "Sarah Miller;sarah.miller@techflow.com;+1 415 555 0199;VP Sales;TechFlow Systems Inc;techflow.com;USA\n"
        "Jean Dupont;jean.dupont@acme.fr;+33 1 42 68 53 00;Directeur Commercial;Acme SARL;acme.fr;France\n"
        "Sarah Miller;sarah.miller@techflow.com;415-555-0199;Vice President, Sales;TechFlow Systems;techflow.com;US\n"
    )
    assert customer.upload(text, name="e2e.csv").status_code == 201
    started = customer.client.post("/api/process", {"filename": "e2e.csv"}, format="json")
    assert started.status_code == 202, started.json()
    batch_id = started.json()["batch_id"]
    assert started.json()["status"] == "running"

    deadline = time.monotonic() + 120
    seen_phases = set()
    while time.monotonic() < deadline:
        body = customer.client.get(f"/api/batches/{batch_id}").json()
        seen_phases.add(body["current_phase"])
        if body["status"] in ("completed", "failed"):
            break
        time.sleep(0.3)
    else:
        log = (tmp_path / "worker.log").read_text()[-3000:]
        pytest.fail(f"batch did not finish in time; worker log:\n{log}")
    assert body["status"] == "completed", body
    assert body["leads_total"] == 3
    assert body["leads_duplicate"] == 1
    download = customer.client.get(f"/api/download/{batch_id}")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == body["leads_qualified"]
    emails = {row["contact.email"] for row in rows}
    assert emails <= {"sarah.miller@techflow.com", "jean.dupont@acme.fr"}
