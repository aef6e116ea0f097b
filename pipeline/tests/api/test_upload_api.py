import io

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_upload_returns_storage_key_not_server_path(customer, sample_csv, settings):
    response = customer.upload(sample_csv, name="../../etc/leads.csv")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["filename"] == "leads.csv"
    assert body["size"] == len(sample_csv.encode())
    assert body["rows"] == 4
    assert body["file_path"].startswith(f"uploads/{customer.organization.pk}/")
    assert str(settings.MEDIA_ROOT) not in body["file_path"]
    assert ".." not in body["file_path"]
    assert body["column_mapping"]["Email"] == "email"


def test_upload_requires_authentication(sample_csv):
    handle = io.BytesIO(sample_csv.encode())
    handle.name = "leads.csv"
    response = APIClient().post("/api/upload", {"file": handle}, format="multipart")
    assert response.status_code in (401, 403)
    assert response.json()["code"] in ("not_authenticated", "authentication_failed")


def test_upload_without_file_field_is_400(customer):
    response = customer.client.post("/api/upload", {"other": "x"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "missing_file"


def test_upload_too_large_is_413(customer, settings, sample_csv):
    settings.UPLOAD_MAX_BYTES = 100
    response = customer.upload(sample_csv)
    assert response.status_code == 413
    assert response.json()["details"]["max_bytes"] == 100


@pytest.mark.parametrize(
    "content,name",
    [
        (b"PK\x03\x04" + b"\x00" * 200, "leads.xlsx"),
        (b"%PDF-1.7\n" + b"\x00\x01\x02" * 100, "leads.pdf"),
    ],
)
def test_upload_unsupported_type_is_415(customer, content, name):
    response = customer.upload(content, name=name)
    assert response.status_code == 415
    assert response.json()["message"]


@pytest.mark.parametrize("content", [b'{"leads": [ {"email": "a@b.com"', b""])
def test_upload_unparseable_is_400(customer, content):
    response = customer.upload(content, name="leads.json")
    assert response.status_code == 400
    assert response.json()["code"] in ("unparseable", "invalid")


def test_upload_json_list(customer):
    response = customer.upload('[{"email": "a@acme.com", "name": "Ann Lee"}, {"email": "b@acme.com"}]', name="x.json")
    assert response.status_code == 201, response.json()
    assert response.json()["rows"] == 2
    assert response.json()["format"] == "json"


def test_upload_json_broken_after_the_sniffed_prefix_is_400(customer):
    items = ",".join(f'{{"email": "user{i}@acme.com", "name": "User {i}"}}' for i in range(3000))
    response = customer.upload("[" + items + ', {"email": ]', name="big.json")
    assert response.status_code == 400
    assert response.json()["code"] == "unparseable"


def test_upload_deeply_nested_json_is_400(customer):
    response = customer.upload("[" * 100_000 + "]" * 100_000, name="deep.json")
    assert response.status_code == 400


def test_upload_with_bad_content_length_is_400(customer, sample_csv):
    response = customer.client.post("/api/upload", {}, format="multipart", CONTENT_LENGTH="abc")
    assert response.status_code == 400
