"""Every API failure answers JSON 4xx: deep nesting, NULs, oversized bodies; page forms refuse NULs with a message;
download names outside ASCII make a valid Content-Disposition."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DEEP = "[" * 5000 + "]" * 5000


def _assert_json_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["message"] and "details" in body, body


@pytest.mark.parametrize(
    "method, path",
    [("post", "/api/process"), ("post", "/api/tokens"), ("post", "/api/billing/refund"), ("post", "/api/validate"),
     ("put", "/api/scoring-profile")],
)
def test_deeply_nested_json_is_a_400(customer, method, path):
    response = getattr(customer.client, method)(path, DEEP, content_type="application/json")
    _assert_json_error(response, 400, "parse_error")
    assert "nested too deeply" in response.json()["message"]


def test_nul_in_a_json_string_is_a_400(customer):
    body = '{"filename": "leads.csv", "column_mapping": {"a\\u0000": "email"}}'
    response = customer.client.post("/api/process", body, content_type="application/json")
    _assert_json_error(response, 400, "parse_error")
    assert "NUL" in response.json()["message"]


def test_json_body_over_the_memory_limit_is_a_413(customer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"filename": "' + "x" * 2000 + '"}'
    _assert_json_error(customer.client.post("/api/process", body, content_type="application/json"), 413,
                       "request_too_large")


def test_form_body_over_the_memory_limit_is_a_json_413(customer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = customer.client.post("/api/tokens", "name=" + "x" * 2000,
                                    content_type="application/x-www-form-urlencoded")
    _assert_json_error(response, 413, "request_too_large")


def test_a_nul_in_a_page_form_is_refused_with_a_message(customer):
    for path in ("/login/", "/tokens/"):
        response = Client().post(path, {"username": "demo\x00@example.org", "password": "x", "name": "a\x00b"})
        assert response.status_code == 400
        assert b"NUL characters are not allowed in form fields" in response.content


def test_a_non_ascii_download_name_makes_a_valid_content_disposition(customer, sample_csv):
    uploaded = customer.upload(sample_csv, name="Résumé leads 日本.csv")
    assert uploaded.status_code == 201
    name = uploaded.json()["filename"]
    started = customer.post_and_commit("/api/process", {"filename": name})
    assert started.status_code == 202, started.json()
    batch_id = started.json()["batch_id"]
    download = customer.client.get(f"/api/download/{batch_id}")
    assert download.status_code == 200
    header = download["Content-Disposition"]
    header.encode("latin-1")  # a header value must be Latin-1; the unquoted name is not
    assert header == "attachment; filename*=utf-8''R%C3%A9sum%C3%A9_leads_%E6%97%A5%E6%9C%AC-qualified.csv"
