"""StripeGateway against localstripe; objects localstripe lacks (checkout sessions, schedules, proration)
come from recorded Stripe payloads served by `responses` while everything else passes through."""

import json
import re
import urllib.request
from urllib.parse import parse_qs

import pytest
import responses

from billing.models import CheckoutSession, Invoice, Subscription
from billing.services.credits import credits_remaining
from billing.services.refunds import refund_issue
from billing.services.subscriptions import (
    subscription_cancel,
    subscription_cancel_undo,
    subscription_downgrade,
    subscription_downgrade_cancel,
    subscription_upgrade,
)

from .. import factories
from ..webhook_events import checkout_session_obj, event, post_event, proration_invoice_obj

pytestmark = pytest.mark.django_db

def _form(body) -> dict:
    body = body.decode() if isinstance(body, bytes) else body
    return {k: v[0] for k, v in parse_qs(body).items()}


CHECKOUT_SESSION = {  # recorded shape of POST /v1/checkout/sessions (trimmed)
    "id": "cs_test_a1b2c3", "object": "checkout.session", "mode": "subscription", "status": "open",
    "payment_status": "unpaid", "url": "https://checkout.stripe.com/c/pay/cs_test_a1b2c3#fid", "customer": None,
    "subscription": None, "client_reference_id": None, "metadata": {}, "livemode": False,
}


def _subscribe_on_localstripe(client, customer_id: str, price: str) -> dict:
    """What Stripe Checkout does once the card is paid: a real subscription on the local Stripe server."""
    pm = client.v1.payment_methods.create(params={"type": "card", "card": {
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2035, "cvc": "123"}})
    client.v1.payment_methods.attach(pm.id, params={"customer": customer_id})
    client.v1.customers.update(customer_id, params={"invoice_settings": {"default_payment_method": pm.id}})
    return client.v1.subscriptions.create(params={"customer": customer_id, "items": [{"plan": price}]}).to_dict()


@pytest.fixture
def subscribed(stripe_api, api, org, client, localstripe_url):
    """Checkout through Stripe (session recorded, customer and subscription on localstripe) and its webhooks."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        rsps.add_passthru(localstripe_url)
        rsps.add(responses.POST, f"{localstripe_url}/v1/checkout/sessions", json=CHECKOUT_SESSION)
        response = api.post("/api/billing/create-checkout", {"plan_id": "professional"}, format="json")
        assert response.status_code == 200, response.content
        sent = [c.request for c in rsps.calls if "checkout/sessions" in c.request.url][0]
        assert _form(sent.body)["line_items[0][price]"] == "price_professional_monthly"
        assert _form(sent.body)["mode"] == "subscription"
    assert response.json() == {"checkout_url": CHECKOUT_SESSION["url"], "session_id": "cs_test_a1b2c3"}

    sub_row = Subscription.objects.get(organization=org)
    customer = stripe_api.v1.customers.retrieve(sub_row.gateway_customer_id)  # created for real on localstripe
    assert customer.metadata["organization_id"] == str(org.pk)

    stripe_sub = _subscribe_on_localstripe(stripe_api, customer.id, "price_professional_monthly")
    ls_invoice = stripe_api.v1.invoices.retrieve(stripe_sub["latest_invoice"]).to_dict()
    # localstripe leaves billing_reason empty; Stripe sets it for a first invoice
    ls_invoice["billing_reason"] = "subscription_create"

    session_event = event("evt_cs_1", "checkout.session.completed",
                          checkout_session_obj("cs_test_a1b2c3", customer.id, stripe_sub["id"], org.pk))
    paid_event = event("evt_in_1", "invoice.paid", ls_invoice)
    # out of order: the invoice arrives before the checkout completion
    assert post_event(client, paid_event).status_code == 200
    assert post_event(client, session_event).status_code == 200
    assert post_event(client, paid_event).status_code == 200
    return {"sub": stripe_sub, "invoice": ls_invoice, "customer": customer.id}


def test_checkout_and_webhooks_activate_subscription_with_credits_once(subscribed, org, api):
    sub = Subscription.objects.get(organization=org)
    assert (sub.status, sub.plan_id, sub.gateway) == ("active", "professional", "stripe")
    assert sub.gateway_subscription_id == subscribed["sub"]["id"]
    assert sub.gateway_item_id == subscribed["sub"]["items"]["data"][0]["id"]
    assert sub.current_period_end is not None
    assert CheckoutSession.objects.get(session_id="cs_test_a1b2c3").status == "complete"
    invoice = Invoice.objects.get(organization=org)
    assert invoice.gateway_charge_id == subscribed["invoice"]["charge"]["id"]
    assert (invoice.total_cents, invoice.credits_granted) == (49900, 5000)
    assert credits_remaining(organization_id=org.pk) == 5000
    assert api.get("/api/billing/subscription").json()["status"] == "active"


def test_refund_goes_through_localstripe(subscribed, org, stripe_api):
    staff = factories.customer(is_staff=True, prefix="ops")
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="issue_refund"))
    invoice = Invoice.objects.get(organization=org)
    refund, _ = refund_issue(invoice_id=invoice.pk, amount_cents=9980, reason="Goodwill", actor=staff,
                             refund_id="goodwill-9980")
    assert refund.gateway_refund_id.startswith("re_")
    charge = stripe_api.v1.charges.retrieve(invoice.gateway_charge_id).to_dict()
    assert charge["amount_refunded"] == 9980
    assert refund.credits_removed == 1000


def test_two_identical_refund_submits_refund_once_on_localstripe(subscribed, org, stripe_api, client,
                                                                 localstripe_url):
    """The admin form posted twice with the same attempt id: one refund at Stripe, sent with that id as key."""
    from django.contrib.auth.models import Permission

    staff = factories.customer(is_staff=True, prefix="ops")
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["issue_refund", "view_invoice"]))
    client.force_login(staff)
    invoice = Invoice.objects.get(organization=org)
    url = "/admin/billing/invoice/"
    form = client.post(url, {"action": "issue_refund", "_selected_action": [invoice.pk]})
    refund_id = re.search(rb'name="refund_id" value="([0-9a-f]{32})"', form.content).group(1).decode()
    submit = {"action": "issue_refund", "_selected_action": [invoice.pk], "apply": "1", "amount": 9980,
              "reason": "Goodwill", "refund_id": refund_id}
    keys_sent = []

    def forward(request):  # record the key, then let localstripe do the refund (urllib is not intercepted)
        keys_sent.append(request.headers.get("Idempotency-Key"))
        sent = urllib.request.Request(request.url, data=request.body.encode(), method="POST",
                                      headers={"Authorization": request.headers["Authorization"],
                                               "Content-Type": request.headers["Content-Type"]})
        with urllib.request.urlopen(sent) as answer:
            return answer.status, {}, answer.read()

    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        rsps.add_passthru(localstripe_url)
        rsps.add_callback(responses.POST, f"{localstripe_url}/v1/refunds", callback=forward)
        assert client.post(url, submit).status_code == 302
        assert client.post(url, submit).status_code == 302
    assert keys_sent == [refund_id]
    charge = stripe_api.v1.charges.retrieve(invoice.gateway_charge_id).to_dict()
    assert charge["amount_refunded"] == 9980
    assert len(stripe_api.v1.refunds.list(params={"charge": invoice.gateway_charge_id}).data) == 1
    invoice.refresh_from_db()
    assert (invoice.amount_refunded_cents, invoice.refunds.count()) == (9980, 1)


def test_cancel_at_period_end_on_localstripe(subscribed, org, stripe_api):
    sub = subscription_cancel(organization_id=org.pk, at_period_end=True)
    assert sub.cancel_at_period_end is True
    assert stripe_api.v1.subscriptions.retrieve(sub.gateway_subscription_id).cancel_at_period_end is True


def test_undo_cancel_on_localstripe(subscribed, org, stripe_api):
    subscription_cancel(organization_id=org.pk, at_period_end=True)
    sub = subscription_cancel_undo(organization_id=org.pk)
    assert sub.cancel_at_period_end is False
    assert stripe_api.v1.subscriptions.retrieve(sub.gateway_subscription_id).cancel_at_period_end is False


def test_cancel_now_on_localstripe(subscribed, org, stripe_api):
    sub = subscription_cancel(organization_id=org.pk, at_period_end=False)
    assert sub.status == "canceled"
    assert stripe_api.v1.subscriptions.retrieve(sub.gateway_subscription_id).status == "canceled"
    assert credits_remaining(organization_id=org.pk) == 0


def _with_price(sub: dict, price: str) -> dict:
    updated = json.loads(json.dumps(sub))
    updated["items"]["data"][0]["plan"] = {"id": price, "object": "plan"}
    updated["items"]["data"][0]["price"] = {"id": price, "object": "price"}
    return updated


def test_upgrade_grants_prorated_credits_when_its_invoice_is_paid(subscribed, org, localstripe_url, client):
    sub_id = subscribed["sub"]["id"]
    updated = _with_price(subscribed["sub"], "price_enterprise_monthly")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:  # localstripe: 500 on proration
        rsps.add_passthru(localstripe_url)
        rsps.add(responses.POST, f"{localstripe_url}/v1/subscriptions/{sub_id}", json=updated)
        rsps.add(responses.GET, f"{localstripe_url}/v1/subscriptions/{sub_id}", json=updated)
        subscription_upgrade(organization_id=org.pk, plan_id="enterprise")
        body = [c.request.body for c in rsps.calls if c.request.method == "POST"][0]
        assert _form(body)["proration_behavior"] == "always_invoice"
        assert _form(body)["items[0][price]"] == "price_enterprise_monthly"
        assert Subscription.objects.get(organization=org).plan_id == "enterprise"
        assert credits_remaining(organization_id=org.pk) == 5000  # nothing before the proration is paid

        row = Subscription.objects.get(organization=org)
        start, end = int(row.current_period_start.timestamp()), int(row.current_period_end.timestamp())
        middle = start + (end - start) // 2
        proration = proration_invoice_obj("in_prorate", subscribed["customer"], sub_id,
                                          old_price="price_professional_monthly",
                                          new_price="price_enterprise_monthly", old_amount=24950, new_amount=74950,
                                          start=middle, end=end)
        assert post_event(client, event("evt_pr", "invoice.paid", proration)).status_code == 200
        assert post_event(client, event("evt_pr2", "invoice.paid", proration)).status_code == 200
    invoice = Invoice.objects.get(gateway_invoice_id="in_prorate")
    assert (invoice.total_cents, invoice.credits_granted) == (50000, 10000)  # half the cycle left
    assert credits_remaining(organization_id=org.pk) == 5000 + 10000


def test_the_plan_stored_is_the_one_the_gateway_answered(subscribed, org, localstripe_url):
    sub_id = subscribed["sub"]["id"]
    unchanged = _with_price(subscribed["sub"], "price_professional_monthly")  # e.g. the price change was refused
    with responses.RequestsMock() as rsps:
        rsps.add_passthru(localstripe_url)
        rsps.add(responses.POST, f"{localstripe_url}/v1/subscriptions/{sub_id}", json=unchanged)
        sub = subscription_upgrade(organization_id=org.pk, plan_id="enterprise")
    assert sub.plan_id == "professional"
    assert Subscription.objects.get(organization=org).plan_id == "professional"
    assert credits_remaining(organization_id=org.pk) == 5000


SCHEDULE = {"id": "sub_sched_1", "object": "subscription_schedule", "status": "active", "end_behavior": "release",
            "phases": [{"start_date": 1_800_000_000, "end_date": 1_802_592_000,
                        "items": [{"price": "price_professional_monthly", "quantity": 1}]}]}


def test_downgrade_uses_a_subscription_schedule(subscribed, org, localstripe_url):
    with responses.RequestsMock() as rsps:  # localstripe has no subscription schedules
        rsps.add_passthru(localstripe_url)
        url = re.compile(re.escape(localstripe_url) + r"/v1/subscription_schedules.*")
        rsps.add(responses.POST, url, json=SCHEDULE)
        sub = subscription_downgrade(organization_id=org.pk, plan_id="starter")
        bodies = [c.request.body for c in rsps.calls]
        subscription_downgrade_cancel(organization_id=org.pk)
        release_url = rsps.calls[-1].request.url
    assert _form(bodies[0])["from_subscription"] == subscribed["sub"]["id"]
    assert _form(bodies[1])["phases[1][items][0][price]"] == "price_starter_monthly"
    assert _form(bodies[1])["phases[0][end_date]"] == "1802592000"
    assert (sub.scheduled_plan_id, sub.gateway_schedule_id) == ("starter", "sub_sched_1")
    assert release_url.endswith("/v1/subscription_schedules/sub_sched_1/release")
    assert Subscription.objects.get(organization=org).scheduled_plan_id is None


def test_app_starts_without_a_stripe_key(settings, org):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENT_GATEWAY = "stripe"
    from billing.services.subscriptions import checkout_create
    from leadsite.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        checkout_create(organization=org, plan_id="starter", success_url="", cancel_url="")
    assert (exc.value.status_code, exc.value.code) == (502, "gateway_error")
