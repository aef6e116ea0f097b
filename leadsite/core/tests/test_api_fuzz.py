"""Schemathesis over the whole OpenAPI schema, through the WSGI application in process: no generated request
may make a server error. Bounded: a few examples per operation."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from leadsite.core.services import api_token_create, customer_create
from leadsite.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 12


# Loaded at collection: generating the schema needs no database (schemathesis's lazy fixture loader does not
# run on pytest 9).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: in-process requests keep the test's connection and its transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db) -> str:
    user = customer_create(email="fuzz@example.org", password="fuzz-password-123")
    return api_token_create(user=user, name="fuzz")[1]


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_generated_request_makes_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=[not_a_server_error])
