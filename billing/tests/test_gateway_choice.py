"""The local gateway takes no money: refused in production (DEBUG off) unless PAYMENT_GATEWAY=local is explicit."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from billing.checks import payment_gateway_check
from billing.gateways import gateway_get
from billing.models import CheckoutSession, Subscription
from billing.services.subscriptions import subscription_activate_local, subscriptions_renew_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.PAYMENT_GATEWAY = ""
    return settings


def test_no_gateway_chosen_in_production_refuses_the_local_one(production, api):
    with pytest.raises(ImproperlyConfigured, match="PAYMENT_GATEWAY"):
        gateway_get()
    with pytest.raises(ImproperlyConfigured, match="PAYMENT_GATEWAY=local"):
        gateway_get("local")
    response = api.post("/api/billing/create-checkout", {"plan_id": "professional"}, format="json")
    assert response.status_code == 503
    assert response.json()["code"] == "payments_not_configured"
    assert not CheckoutSession.objects.exists()
    assert [m.id for m in payment_gateway_check(None)] == ["billing.W001"]


def test_a_local_checkout_cannot_be_paid_once_stripe_is_the_gateway(settings, client, user, org):
    settings.DEBUG, settings.PAYMENT_GATEWAY = False, "local"
    client.force_login(user)
    checkout_url = client.post("/billing/action/", {"action": "checkout", "plan_id": "starter"}).url
    settings.PAYMENT_GATEWAY = "stripe"
    assert client.post(checkout_url, {"decision": "pay"}).status_code == 404
    assert Subscription.objects.get(organization=org).status == "incomplete"
    assert payment_gateway_check(None) == []


def test_local_renewals_stop_when_the_local_gateway_is_refused(settings, org):
    from datetime import timedelta

    from django.utils import timezone

    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    Subscription.objects.filter(organization=org).update(current_period_end=timezone.now() - timedelta(hours=1))
    settings.DEBUG, settings.PAYMENT_GATEWAY = False, "stripe"
    assert subscriptions_renew_due() == 0
    settings.PAYMENT_GATEWAY = "local"
    assert subscriptions_renew_due() == 1


def test_debug_without_a_choice_uses_the_local_gateway(settings):
    settings.DEBUG, settings.PAYMENT_GATEWAY = True, ""
    assert gateway_get().name == "local"
    assert payment_gateway_check(None) == []


def test_explicit_local_gateway_works_in_production_and_pages_say_test_mode(settings, client, user, org):
    settings.DEBUG, settings.PAYMENT_GATEWAY = False, "local"
    assert gateway_get().name == "local"
    client.force_login(user)
    assert b'id="test-mode"' in client.get("/billing/").content
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    assert b'id="test-mode"' in client.get("/billing/").content


def test_stripe_gateway_pages_have_no_test_mode_banner(settings, client, user):
    settings.DEBUG, settings.PAYMENT_GATEWAY = False, "stripe"
    client.force_login(user)
    page = client.get("/billing/").content
    assert b'id="test-mode"' not in page and b"TEST MODE" not in page
