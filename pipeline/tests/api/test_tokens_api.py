import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_token_lifecycle(customer):
    created = customer.client.post("/api/tokens", {"name": "crm"}, format="json")
    assert created.status_code == 201
    key = created.json()["key"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/batches").status_code == 200
    listed = customer.client.get("/api/tokens").json()
    assert all("key" not in t for t in listed)
    assert customer.client.delete(f"/api/tokens/{created.json()['id']}").status_code == 204
    denied = client.get("/api/batches")
    assert denied.status_code == 401
    assert denied.json()["code"] == "authentication_failed"


def test_cannot_revoke_someone_elses_token(make_customer):
    alice, bob = make_customer(), make_customer()
    token_id = alice.client.get("/api/tokens").json()[0]["id"]
    assert bob.client.delete(f"/api/tokens/{token_id}").status_code == 404
