"""dj-stripe mirror of the Stripe objects the gateway creates or receives: localstripe for customers,
subscriptions, invoices, charges and refunds; a recorded payload for the account (localstripe has none)."""

import json
import logging
from decimal import Decimal

import pytest
import responses
from djstripe import models as djstripe_models

from billing.gateways.stripe.sync import stripe_object_sync
from billing.models import Invoice, Subscription
from billing.services.refunds import refund_issue
from billing.services.subscriptions import subscription_cancel, subscription_upgrade

from .. import factories
from ..webhook_events import event, post_event, subscription_obj
from .test_stripe_gateway import subscribed  # noqa: F401 - the checkout + webhooks fixture

pytestmark = pytest.mark.django_db

ACCOUNT = {  # recorded shape of GET /v1/account (trimmed)
    "id": "acct_1LeadsiteTest", "object": "account", "type": "standard", "country": "US",
    "email": "ops@leadsite.example", "default_currency": "usd", "charges_enabled": True, "payouts_enabled": True,
    "details_submitted": True, "business_profile": {"name": "Leadsite Inc.", "url": "https://leadsite.example"},
    "settings": {"dashboard": {"display_name": "Leadsite"}}, "metadata": {}, "created": 1_700_000_000,
}


@pytest.fixture(autouse=True)
def stripe_account(stripe_settings, localstripe_url):
    """dj-stripe owns every row by the account of the API key (GET /v1/account, fetched once per key)."""
    stripe_settings.STRIPE_SECRET_KEY = "sk_test_LocalStripeLeadsite000000"  # dj-stripe checks Stripe's key shape
    with responses.RequestsMock() as rsps:
        rsps.add_passthru(localstripe_url)
        rsps.add(responses.GET, f"{localstripe_url}/v1/account", json=ACCOUNT)
        customer = {"id": "cus_seed", "object": "customer", "email": "seed@example.com", "metadata": {},
                    "created": 1_700_000_000, "livemode": False}
        assert stripe_object_sync(data=customer) is not None
    assert djstripe_models.Account.objects.filter(id=ACCOUNT["id"]).exists()


def test_checkout_and_webhooks_mirror_customer_subscription_invoice_charge(subscribed, org):  # noqa: F811
    customer = djstripe_models.Customer.objects.get(id=subscribed["customer"])
    assert customer.metadata["organization_id"] == str(org.pk)
    assert customer.djstripe_owner_account_id == ACCOUNT["id"]

    sub = djstripe_models.Subscription.objects.get(id=subscribed["sub"]["id"])
    assert sub.customer_id == customer.id
    assert sub.stripe_data["status"] == "active"
    assert sub.items.get().id == subscribed["sub"]["items"]["data"][0]["id"]

    ours = Invoice.objects.get(organization=org)
    invoice = djstripe_models.Invoice.objects.get(id=subscribed["invoice"]["id"])
    assert (invoice.subscription_id, invoice.customer_id) == (sub.id, customer.id)
    assert invoice.stripe_data["amount_paid"] == ours.total_cents == 49900
    assert invoice.charge.id == ours.gateway_charge_id
    charge = djstripe_models.Charge.objects.get(id=ours.gateway_charge_id)
    assert (charge.amount, charge.currency, charge.customer_id) == (Decimal("499.00"), "usd", customer.id)


def test_refund_is_mirrored_from_the_gateway_and_the_webhook(subscribed, org, stripe_api, client):  # noqa: F811
    staff = factories.customer(is_staff=True, prefix="ops")
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="issue_refund"))
    ours = Invoice.objects.get(organization=org)
    refund, _ = refund_issue(invoice_id=ours.pk, amount_cents=9980, reason="Goodwill", actor=staff,
                             refund_id="goodwill-9980")
    mirrored = djstripe_models.Refund.objects.get(id=refund.gateway_refund_id)
    assert mirrored.charge_id == ours.gateway_charge_id
    assert mirrored.stripe_data["amount"] == 9980

    charge = stripe_api.v1.charges.retrieve(ours.gateway_charge_id).to_dict()
    assert post_event(client, event("evt_ch_refunded", "charge.refunded", charge)).status_code == 200
    assert djstripe_models.Charge.objects.get(id=ours.gateway_charge_id).stripe_data["amount_refunded"] == 9980


def test_cancel_now_updates_the_mirrored_subscription(subscribed, org):  # noqa: F811
    subscription_cancel(organization_id=org.pk, at_period_end=False)
    assert djstripe_models.Subscription.objects.get(id=subscribed["sub"]["id"]).stripe_data["status"] == "canceled"


def test_subscription_updated_webhook_refreshes_the_mirror(subscribed, org, stripe_api, client):  # noqa: F811
    stripe_api.v1.subscriptions.update(subscribed["sub"]["id"], params={"cancel_at_period_end": True})
    obj = stripe_api.v1.subscriptions.retrieve(subscribed["sub"]["id"]).to_dict()
    assert post_event(client, event("evt_sub_upd", "customer.subscription.updated", obj)).status_code == 200
    assert Subscription.objects.get(organization=org).cancel_at_period_end is True
    assert djstripe_models.Subscription.objects.get(id=obj["id"]).stripe_data["cancel_at_period_end"] is True


def test_upgrade_mirrors_the_recorded_subscription(subscribed, org, localstripe_url):  # noqa: F811
    sub_id = subscribed["sub"]["id"]
    updated = json.loads(json.dumps(subscribed["sub"]))
    updated["items"]["data"][0]["plan"]["id"] = "price_enterprise_monthly"
    updated["items"]["data"][0]["plan"]["amount"] = 149900
    with responses.RequestsMock() as rsps:  # localstripe answers 500 to proration_behavior
        rsps.add_passthru(localstripe_url)
        rsps.add(responses.POST, f"{localstripe_url}/v1/subscriptions/{sub_id}", json=updated)
        subscription_upgrade(organization_id=org.pk, plan_id="enterprise")
    mirrored = djstripe_models.Subscription.objects.get(id=sub_id)
    assert mirrored.stripe_data["items"]["data"][0]["plan"]["id"] == "price_enterprise_monthly"


def test_a_sync_failure_is_logged_and_never_breaks_the_webhook(subscribed, org, client, caplog,  # noqa: F811
                                                               stripe_api):
    stripe_api.v1.subscriptions.update(subscribed["sub"]["id"], params={"cancel_at_period_end": True})
    # the event's payload names a customer localstripe does not know: dj-stripe's customer lookup gets a 404
    obj = subscription_obj(subscribed["sub"]["id"], "cus_unknown_at_stripe", "price_professional_monthly",
                           cancel_at_period_end=True)
    with caplog.at_level(logging.WARNING, logger="billing.gateways.stripe.sync"):
        response = post_event(client, event("evt_sub_bad", "customer.subscription.updated", obj))
    assert response.status_code == 200
    assert Subscription.objects.get(organization=org).cancel_at_period_end is True  # our bookkeeping still ran
    assert "dj-stripe sync of subscription" in caplog.text
    mirrored = djstripe_models.Subscription.objects.get(id=obj["id"])  # from the re-fetch, not the bad payload
    assert mirrored.customer.id == subscribed["customer"] and mirrored.stripe_data["cancel_at_period_end"] is True


def test_no_key_means_no_sync(settings):
    settings.STRIPE_SECRET_KEY = ""
    assert stripe_object_sync(data={"id": "cus_nokey", "object": "customer"}) is None
    assert not djstripe_models.Customer.objects.filter(id="cus_nokey").exists()


def test_completed_checkout_session_is_mirrored(subscribed, org):  # noqa: F811
    session = djstripe_models.Session.objects.get(id="cs_test_a1b2c3")
    assert session.customer.id == subscribed["customer"]
    assert session.stripe_data["client_reference_id"] == str(org.pk)
