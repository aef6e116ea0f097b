"""Login lockout per account and per client (django-axes) and API throttles (429 JSON with Retry-After)."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from leadsite.core.services import api_token_create, customer_create

pytestmark = pytest.mark.django_db

_addresses = (f"10.17.{high}.{low}" for high, low in itertools.product(range(256), range(1, 255)))
PASSWORD = "right-password-123"


@pytest.fixture
def address() -> str:
    """A client address of its own per test, so counters kept in the shared cache never carry over."""
    return next(_addresses)


@pytest.fixture(autouse=True)
def _lockout_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def rates(settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "token_failure": None}
    return settings.API_THROTTLE_RATES


def _login(path: str, email: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post(path, {"username": email, "password": password})


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_an_account_is_locked_after_five_wrong_passwords_even_from_other_clients(path, address, settings):
    user = customer_create(email="victim@example.org", password=PASSWORD)
    if path.startswith("/admin/"):
        get_user_model().objects.filter(pk=user.pk).update(is_staff=True)
    for _ in range(4):
        assert _login(path, user.email, "wrong", address).status_code == 200
    assert _login(path, user.email, "wrong", address).status_code == 429  # the fifth failure locks
    locked = _login(path, user.email, PASSWORD, "192.0.2.99")
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content
    assert "_auth_user_id" not in locked.wsgi_request.session


def test_a_client_is_locked_after_five_failures_across_accounts(address):
    customer_create(email="other@example.org", password=PASSWORD)
    for attempt in range(4):
        assert _login("/login/", f"guess{attempt}@example.org", "wrong", address).status_code == 200
    assert _login("/login/", "guess4@example.org", "wrong", address).status_code == 429
    assert _login("/login/", "other@example.org", PASSWORD, address).status_code == 429
    assert _login("/login/", "other@example.org", PASSWORD, next(_addresses)).status_code == 302


def test_a_successful_login_resets_the_account_count(address):
    customer_create(email="typo@example.org", password=PASSWORD)
    for _ in range(4):
        _login("/login/", "typo@example.org", "wrong", next(_addresses))
    assert _login("/login/", "typo@example.org", PASSWORD, next(_addresses)).status_code == 302
    for _ in range(4):
        _login("/login/", "typo@example.org", "wrong", next(_addresses))
    assert _login("/login/", "typo@example.org", PASSWORD, next(_addresses)).status_code == 302


def _assert_throttled(response) -> None:
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert int(response["Retry-After"]) >= 1
    assert body["details"]["retry_after_seconds"] > 0


def test_failed_token_authentications_are_throttled_per_client(rates, address):
    rates["token_failure"] = "3/minute"
    user = customer_create(email="api@example.org", password=PASSWORD)
    _, key = api_token_create(user=user)
    client = APIClient(REMOTE_ADDR=address)
    for attempt in range(3):
        client.credentials(HTTP_AUTHORIZATION=f"Token bad-{attempt}")
        assert client.get("/api/batches").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    _assert_throttled(client.get("/api/batches"))
    other = APIClient(REMOTE_ADDR=next(_addresses))
    other.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert other.get("/api/batches").status_code == 200


def test_an_authenticated_client_is_throttled_per_user(rates, address):
    rates["user"] = "3/minute"
    user = customer_create(email="busy@example.org", password=PASSWORD)
    _, key = api_token_create(user=user)
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for _ in range(3):
        assert client.get("/api/batches").status_code == 200
    _assert_throttled(client.get("/api/batches"))


def test_anonymous_clients_are_throttled_per_address(rates, address):
    rates["anon"] = "2/minute"
    client = APIClient(REMOTE_ADDR=address, HTTP_ACCEPT="application/json")
    for _ in range(2):
        assert client.get("/api/schema/").status_code == 200
    _assert_throttled(client.get("/api/schema/"))
    assert APIClient(REMOTE_ADDR=next(_addresses)).get("/api/schema/").status_code == 200
