"""Out-of-order webhook sequences as a table. Each handler re-fetches the subscription from Stripe (served
here by `responses` with the state Stripe has when the event is processed) instead of trusting the payload."""

import re
import time

import pytest
import responses

from billing.models import CreditEntry, Invoice, Subscription, WebhookEvent
from billing.services.credits import credits_remaining
from billing.services.subscriptions import subscription_activate_local

from ..webhook_events import (
    RECORDED_STRIPE,
    SECRET,
    event,
    invoice_obj,
    post_event,
    proration_invoice_obj,
    stripe_recorded,
    subscription_obj,
)

pytestmark = pytest.mark.django_db

STRIPE = RECORDED_STRIPE
NOW = int(time.time())
START, END = NOW - 20 * 86400, NOW + 10 * 86400  # a 30-day cycle with a third left
PRO, ENT, STARTER = "price_professional_monthly", "price_enterprise_monthly", "price_starter_monthly"


def sub(price=PRO, status="active", **kw):
    return subscription_obj("sub_A", "cus_A", price, status=status, start=START, end=END, **kw)


def proration():
    return proration_invoice_obj("in_prorate", "cus_A", "sub_A", old_price=PRO, new_price=ENT, old_amount=16633,
                                 new_amount=49967, start=NOW, end=END)


def cycle_invoice():
    return invoice_obj("in_cycle", "cus_A", "sub_A", PRO, 49900, billing_reason="subscription_cycle", charge="ch_c")


# (name, Stripe's subscription now, [(event type, object, seconds after NOW)], expected)
SEQUENCES = [
    ("renewal delivered after deletion", sub(status="canceled"),
     [("customer.subscription.deleted", sub(status="canceled"), 10),
      ("invoice.paid", cycle_invoice(), 0)],
     {"status": "canceled", "plan": "professional", "credits": 0, "granted": {"in_cycle": 0}}),
    ("update delivered after deletion", sub(status="canceled"),
     [("customer.subscription.deleted", sub(status="canceled"), 10),
      ("customer.subscription.updated", sub(), 0)],
     {"status": "canceled", "plan": "professional", "credits": 0}),
    ("older update after a newer one", sub(ENT, cancel_at_period_end=True),
     [("customer.subscription.updated", sub(ENT, cancel_at_period_end=True), 10),
      ("customer.subscription.updated", sub(STARTER), 0)],
     {"status": "active", "plan": "enterprise", "credits": 5000}),
    ("payment failure delivered after its retry was paid", sub(),
     [("invoice.paid", cycle_invoice(), 10),
      ("invoice.payment_failed", cycle_invoice(), 0)],
     {"status": "active", "plan": "professional", "credits": 5000, "granted": {"in_cycle": 5000}}),
    ("upgrade: plan change, then its proration invoice", sub(ENT),
     [("customer.subscription.updated", sub(ENT), 0),
      ("invoice.paid", proration(), 1)],
     {"status": "active", "plan": "enterprise", "credits": 5000 + 6666, "granted": {"in_prorate": 6666}}),
    ("upgrade: proration invoice before the plan change", sub(ENT),
     [("invoice.paid", proration(), 1),
      ("customer.subscription.updated", sub(ENT), 0),
      ("invoice.paid", proration(), 2)],
     {"status": "active", "plan": "enterprise", "credits": 5000 + 6666, "granted": {"in_prorate": 6666}}),
]


@pytest.fixture
def stripe_sub(org, settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    stripe_recorded(settings)
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    from datetime import UTC, datetime

    Subscription.objects.filter(organization=org).update(
        gateway="stripe", gateway_customer_id="cus_A", gateway_subscription_id="sub_A",
        current_period_start=datetime.fromtimestamp(START, tz=UTC),
        current_period_end=datetime.fromtimestamp(END, tz=UTC))
    return Subscription.objects.get(organization=org)


@pytest.mark.parametrize("name,stripe_now,events,expected", SEQUENCES, ids=[s[0] for s in SEQUENCES])
def test_webhook_sequence(client, org, stripe_sub, name, stripe_now, events, expected):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(responses.GET, re.compile(re.escape(STRIPE) + r"/v1/subscriptions/sub_A"), json=stripe_now)
        for n, (event_type, obj, offset) in enumerate(events):
            response = post_event(client, event(f"evt_{n}", event_type, obj, created=NOW + offset))
            assert response.status_code == 200, (event_type, response.content)
    stripe_sub.refresh_from_db()
    assert (stripe_sub.status, stripe_sub.plan_id) == (expected["status"], expected["plan"])
    assert credits_remaining(organization_id=org.pk) == expected["credits"]
    for invoice_id, granted in expected.get("granted", {}).items():
        assert Invoice.objects.get(gateway_invoice_id=invoice_id).credits_granted == granted


def test_event_for_an_unknown_customer_is_acknowledged_and_set_aside(client, org, stripe_sub):
    payload = event("evt_nobody", "invoice.paid", invoice_obj("in_u", "cus_nobody", "sub_x", PRO, 9900))
    response = post_event(client, payload)
    assert response.status_code == 200 and response.json()["status"] == "unmatched"
    row = WebhookEvent.objects.get(event_id="evt_nobody")
    assert row.status == "unmatched" and "cus_nobody" in row.error
    assert not Invoice.objects.filter(gateway_invoice_id="in_u").exists()
    assert post_event(client, payload).status_code == 200  # a redelivery is acknowledged too
    assert WebhookEvent.objects.get(event_id="evt_nobody").attempts == 1


def test_unmatched_event_processed_again_from_the_admin_once_the_customer_is_known(client, org, stripe_sub):
    from django.contrib.auth.models import Permission

    from .. import factories

    payload = event("evt_later", "invoice.paid", invoice_obj("in_l", "cus_B", "sub_B", PRO, 49900,
                                                             billing_reason="subscription_cycle"))
    post_event(client, payload)
    # staff link the organisation to its Stripe customer and subscription
    Subscription.objects.filter(pk=stripe_sub.pk).update(gateway_customer_id="cus_B", gateway_subscription_id="sub_B")
    staff = factories.customer(is_staff=True, prefix="ops")
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_unmatchedwebhookevent",
                                                                        "change_unmatchedwebhookevent"]))
    client.force_login(staff)
    listing = client.get("/admin/billing/unmatchedwebhookevent/")
    assert listing.status_code == 200 and b"evt_later" in listing.content
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(responses.GET, re.compile(re.escape(STRIPE) + r"/v1/subscriptions/sub_B"),
                 json=subscription_obj("sub_B", "cus_B", PRO, start=START, end=END))
        done = client.post("/admin/billing/unmatchedwebhookevent/",
                           {"action": "process_again", "_selected_action": [WebhookEvent.objects.get().pk]})
    assert done.status_code == 302
    assert WebhookEvent.objects.get(event_id="evt_later").status == "processed"
    assert Invoice.objects.get(gateway_invoice_id="in_l").credits_granted == 5000
    assert CreditEntry.objects.filter(reference="invoice:in_l").count() == 1


def test_a_late_invoice_of_the_previous_subscription_leaves_the_new_one_alone(client, org, stripe_sub):
    """The organisation re-subscribed (sub_B); a renewal of its old, canceled sub_A arrives late."""
    Subscription.objects.filter(pk=stripe_sub.pk).update(gateway_subscription_id="sub_B")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(responses.GET, re.compile(re.escape(STRIPE) + r"/v1/subscriptions/sub_A"), json=sub(status="canceled"))
        assert post_event(client, event("evt_old", "invoice.paid", cycle_invoice())).status_code == 200
    stripe_sub.refresh_from_db()
    assert (stripe_sub.status, stripe_sub.gateway_subscription_id) == ("active", "sub_B")
    assert Invoice.objects.get(gateway_invoice_id="in_cycle").credits_granted == 0
    assert credits_remaining(organization_id=org.pk) == 5000
