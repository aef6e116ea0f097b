import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_schema_describes_the_spec_endpoints():
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    paths = set(schema["paths"])
    for path in ("/api/upload", "/api/process", "/api/batches", "/api/download/{job_id}", "/api/billing/subscription",
                 "/v1/cache/stats", "/v1/enrichment/predictive", "/v1/validation/multi-source"):
        assert path in paths, path
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


def test_swagger_ui_is_served_from_the_sidecar_without_a_cdn(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="docs@example.org", password="pw-123456789"))
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").stat().st_size > 10_000


def test_every_operation_documents_a_response_body_and_the_json_errors():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            success = [code for code in responses if code.startswith("2")]
            assert success, (method, path)
            if not {"204"} >= set(success):
                assert any(responses[code].get("content") for code in success), (method, path)
            assert responses["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message", "details"}
