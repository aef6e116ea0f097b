import pytest
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
