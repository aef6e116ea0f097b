"""Idempotency-Key on POST /api/process and /api/upload, and one running batch per upload."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from billing.models.credits import CreditBalance
from pipeline.models import Batch, Upload
from pipeline.services.batches import batch_start


def _post(customer, path, data, key, fmt="json"):
    return customer.client.post(path, data, format=fmt, HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_same_key_replays_the_first_answer_and_starts_nothing_new(customer, sample_csv):
    assert customer.upload(sample_csv).status_code == 201
    with customer.capture_on_commit(execute=True):
        first = _post(customer, "/api/process", {"filename": "leads.csv"}, "k-1")
    again = _post(customer, "/api/process", {"filename": "leads.csv"}, "k-1")
    assert first.status_code == again.status_code == 202
    assert again.json()["batch_id"] == first.json()["batch_id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Batch.objects.filter(organization=customer.organization).count() == 1
    # only the first reserved and consumed credits
    assert CreditBalance.objects.get(organization=customer.organization).balance == 10_000 - 4


@pytest.mark.django_db
def test_same_key_with_another_body_is_422(customer, sample_csv):
    assert customer.upload(sample_csv).status_code == 201
    with customer.capture_on_commit(execute=True):
        assert _post(customer, "/api/process", {"filename": "leads.csv"}, "k-2").status_code == 202
    other = _post(customer, "/api/process", {"filename": "leads.csv", "options": {"dedup_history": False}}, "k-2")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"


@pytest.mark.django_db
def test_a_malformed_key_is_400_and_starts_nothing(customer, sample_csv):
    assert customer.upload(sample_csv).status_code == 201
    too_long = _post(customer, "/api/process", {"filename": "leads.csv"}, "x" * 300)
    assert too_long.status_code == 400 and too_long.json()["details"] == {"header": "Idempotency-Key"}
    assert not Batch.objects.filter(organization=customer.organization).exists()


@pytest.mark.django_db
def test_upload_with_the_same_key_is_stored_once(customer, sample_csv):
    import io

    def send():
        handle = io.BytesIO(sample_csv.encode())
        handle.name = "leads.csv"
        return _post(customer, "/api/upload", {"file": handle}, "u-1", fmt="multipart")

    first, second = send(), send()
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Upload.objects.filter(organization=customer.organization).count() == 1


@pytest.mark.django_db
def test_a_second_start_while_the_file_runs_is_409(customer, sample_csv):
    assert customer.upload(sample_csv).status_code == 201
    upload = Upload.objects.get(organization=customer.organization)
    running = batch_start(organization=customer.organization, user=customer.user, upload=upload, enqueue=False)
    response = customer.client.post("/api/process", {"filename": "leads.csv"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "batch_running"
    assert response.json()["details"] == {"batch_id": str(running.pk)}


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_requests_with_one_key_start_one_batch(customer, sample_csv):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections: PostgreSQL")
    assert customer.upload(sample_csv).status_code == 201

    def send(_):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {customer.key}")
        try:
            response = client.post("/api/process", {"filename": "leads.csv"}, format="json",
                                   HTTP_IDEMPOTENCY_KEY="double-click")
            return response.status_code, response.json().get("batch_id")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(send, range(20)))
    assert {code for code, _ in answers} == {202}
    assert len({batch_id for _, batch_id in answers}) == 1
    assert Batch.objects.filter(organization=customer.organization).count() == 1
