import io

import pytest
from rest_framework.test import APIClient

from leadsite.core.services import api_token_create, customer_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    user = customer_create(email="limits@example.org", password="pw-123456789")
    _, key = api_token_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _post(client, content: bytes, name: str):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post("/v1/enrichment/dataset", {"file": handle}, format="multipart")


def test_dataset_over_the_upload_limit_is_413(client, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = _post(client, b"domain,name\n" + b"acme.com,Acme\n" * 200, "big.csv")
    assert response.status_code == 413


def test_dataset_of_another_type_is_415(client):
    assert _post(client, b"PK\x03\x04binary", "companies.xlsx").status_code == 415


def test_dataset_with_nul_and_oversized_field(client):
    assert _post(client, b"domain,name\nacme.com,Ac\x00me\n", "nul.csv").status_code == 201
    huge = b"domain,name\nacme.com," + b"x" * 200_000 + b"\n"
    response = _post(client, huge, "huge.csv")
    assert response.status_code == 400
    assert response.json()["code"] == "dataset_invalid"
