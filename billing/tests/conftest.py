import pytest
from rest_framework.test import APIClient

from .factories import customer, token_for


@pytest.fixture
def user(db):
    return customer()


@pytest.fixture
def org(user):
    return user.membership.organization


@pytest.fixture
def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


@pytest.fixture
def other_api(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(customer(prefix='other'))}")
    return client


@pytest.fixture(autouse=True)
def _plans(request):
    """Transactional tests flush tables (the plans of the data migration included): put them back."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return
    from importlib import import_module

    from billing.models import Plan

    for plan_id, name, price, credits, price_id in import_module("billing.migrations.0002_plans").PLANS:
        Plan.objects.get_or_create(pk=plan_id, defaults={"name": name, "monthly_price_cents": price,
                                                         "credits_per_cycle": credits, "stripe_price_id": price_id})
