import io
import re
import time
from datetime import UTC, datetime

import pytest
import responses
from django.test import Client
from pypdf import PdfReader

from billing.models import CheckoutSession, CreditEntry, Invoice, Subscription, WebhookEvent
from billing.services.credits import credits_charge, credits_remaining
from billing.services.invoice_pdf import invoice_pdf_render
from billing.services.subscriptions import subscription_activate_local
from billing.services.webhook_signature import SignatureError, signature_header_build, signature_verify

from ..webhook_events import SECRET, StripeNow, event, invoice_obj, post_event, stripe_recorded, subscription_obj

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_WEBHOOK_TOLERANCE = 300


@pytest.fixture(autouse=True)
def stripe_now(settings):
    """Stripe's current state, which the handlers re-fetch (an active Professional subscription sub_A)."""
    stripe_recorded(settings)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        now = StripeNow(rsps)
        now.subscriptions["sub_A"] = subscription_obj("sub_A", "cus_A", "price_professional_monthly")
        yield now


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def stripe_sub(org):
    """An active subscription mirrored from Stripe ids."""
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    Subscription.objects.filter(organization=org).update(
        gateway="stripe", gateway_customer_id="cus_A", gateway_subscription_id="sub_A")
    return Subscription.objects.get(organization=org)


def test_signature_verify_accepts_any_matching_v1_and_rejects_the_rest():
    body, now = b'{"id": "evt_1"}', 1_800_000_000
    good = signature_header_build(payload=body, secret=SECRET, timestamp=now)
    assert signature_verify(payload=body, header=good, secret=SECRET, tolerance=300, now=now) == now
    two = f"t={now},v1={'0' * 64},{good.split(',')[1]}"
    assert signature_verify(payload=body, header=two, secret=SECRET, tolerance=300, now=now) == now
    for header, when in [
        (good, now + 301),  # stale
        (signature_header_build(payload=body, secret=SECRET, timestamp=now + 301), now),  # from the future
        (signature_header_build(payload=body, secret="whsec_other", timestamp=now), now),
        (good.replace("v1=", "v0="), now), ("", now), ("t=abc,v1=00", now),
    ]:
        with pytest.raises(SignatureError):
            signature_verify(payload=body, header=header, secret=SECRET, tolerance=300, now=when)
    with pytest.raises(SignatureError):
        signature_verify(payload=body + b" ", header=good, secret=SECRET, tolerance=300, now=now)
    with pytest.raises(SignatureError):
        signature_verify(payload=body, header=good, secret="", tolerance=300, now=now)


@pytest.mark.parametrize("kwargs", [
    {"secret": "whsec_wrong"}, {"timestamp": int(time.time()) - 3600}, {"timestamp": int(time.time()) + 3600},
    {"header": ""}, {"header": "garbage"},
])
def test_webhook_rejects_bad_or_stale_signatures_with_400(csrf_client, db, kwargs):
    response = post_event(csrf_client, event("evt_bad", "invoice.paid", {"id": "in_1"}), **kwargs)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_signature"
    assert not WebhookEvent.objects.exists()


def test_webhook_rejected_when_no_secret_configured(csrf_client, settings, db):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert post_event(csrf_client, event("evt_1", "invoice.paid", {"id": "in"})).status_code == 400


def test_invoice_paid_twice_grants_once(csrf_client, org, stripe_sub):
    before = credits_remaining(organization_id=org.pk)
    payload = event("evt_inv_1", "invoice.paid",
                    invoice_obj("in_cycle_2", "cus_A", "sub_A", "price_professional_monthly", 49900,
                                billing_reason="subscription_cycle", charge="ch_2"))
    credits_charge(organization_id=org.pk, amount=100, reference="used")
    assert credits_remaining(organization_id=org.pk) == before - 100

    first = post_event(csrf_client, payload)
    assert first.status_code == 200 and first.json()["status"] == "processed"
    again = post_event(csrf_client, payload)  # Stripe redelivery, same event id
    assert again.status_code == 200
    copy = dict(payload, id="evt_inv_1_copy")  # same invoice in another event
    assert post_event(csrf_client, copy).status_code == 200

    assert Invoice.objects.filter(gateway_invoice_id="in_cycle_2").count() == 1
    assert credits_remaining(organization_id=org.pk) == 5000  # cycle reset, once
    assert CreditEntry.objects.filter(organization=org, kind="reset", reference="invoice:in_cycle_2").count() == 1
    assert WebhookEvent.objects.get(event_id="evt_inv_1").attempts == 1


def test_invoice_paid_for_unknown_customer_is_acknowledged_as_unmatched(csrf_client, db):
    payload = event("evt_unknown", "invoice.paid", invoice_obj("in_u", "cus_nobody", "sub_x", "price_x", 100))
    response = post_event(csrf_client, payload)
    assert response.status_code == 200  # not 503: Stripe would retry for three days
    assert WebhookEvent.objects.get(event_id="evt_unknown").status == "unmatched"


def test_a_failed_refetch_asks_for_a_retry_and_never_applies_the_payload(csrf_client, org, stripe_sub, stripe_now):
    del stripe_now.subscriptions["sub_A"]  # 404 from Stripe: the event is not applied from its payload
    payload = event("evt_later", "customer.subscription.updated",
                    subscription_obj("sub_A", "cus_A", "price_enterprise_monthly"))
    assert post_event(csrf_client, payload).status_code == 503
    assert Subscription.objects.get(organization=org).plan_id == "professional"
    stripe_now.subscriptions["sub_A"] = subscription_obj("sub_A", "cus_A", "price_enterprise_monthly")
    assert post_event(csrf_client, payload).status_code == 200
    assert Subscription.objects.get(organization=org).plan_id == "enterprise"


def test_subscription_updated_out_of_order_keeps_the_newest(csrf_client, org, stripe_sub, stripe_now):
    stripe_now.subscriptions["sub_A"] = subscription_obj("sub_A", "cus_A", "price_enterprise_monthly",
                                                         cancel_at_period_end=True)
    now = int(time.time())
    newer = event("evt_new", "customer.subscription.updated",
                  subscription_obj("sub_A", "cus_A", "price_enterprise_monthly", cancel_at_period_end=True),
                  created=now)
    older = event("evt_old", "customer.subscription.updated",
                  subscription_obj("sub_A", "cus_A", "price_starter_monthly"), created=now - 60)
    assert post_event(csrf_client, newer).status_code == 200
    assert post_event(csrf_client, older).status_code == 200
    stripe_sub.refresh_from_db()
    assert (stripe_sub.plan_id, stripe_sub.cancel_at_period_end) == ("enterprise", True)
    assert stripe_sub.last_event_at == datetime.fromtimestamp(now, tz=UTC)


def test_scheduled_downgrade_lands_with_subscription_updated(csrf_client, org, stripe_sub, stripe_now):
    stripe_now.subscriptions["sub_A"] = subscription_obj("sub_A", "cus_A", "price_starter_monthly")
    Subscription.objects.filter(pk=stripe_sub.pk).update(scheduled_plan_id="starter", gateway_schedule_id="sub_sched")
    post_event(csrf_client, event("evt_dg", "customer.subscription.updated",
                                  subscription_obj("sub_A", "cus_A", "price_starter_monthly")))
    stripe_sub.refresh_from_db()
    assert (stripe_sub.plan_id, stripe_sub.scheduled_plan_id, stripe_sub.gateway_schedule_id) == ("starter", None, "")


def test_payment_failed_then_paid(csrf_client, org, stripe_sub, stripe_now):
    stripe_now.subscriptions["sub_A"] = subscription_obj("sub_A", "cus_A", "price_professional_monthly",
                                                         status="past_due")
    post_event(csrf_client, event("evt_f", "invoice.payment_failed",
                                  invoice_obj("in_f", "cus_A", "sub_A", "price_professional_monthly", 49900)))
    stripe_sub.refresh_from_db()
    assert stripe_sub.status == "past_due"
    stripe_now.subscriptions["sub_A"]["status"] = "active"
    post_event(csrf_client, event("evt_p", "invoice.paid",
                                  invoice_obj("in_f", "cus_A", "sub_A", "price_professional_monthly", 49900,
                                              billing_reason="subscription_cycle")))
    stripe_sub.refresh_from_db()
    assert stripe_sub.status == "active"


def test_subscription_deleted_expires_credits_once(csrf_client, org, stripe_sub, stripe_now):
    stripe_now.subscriptions["sub_A"]["status"] = "canceled"
    payload = event("evt_del", "customer.subscription.deleted",
                    subscription_obj("sub_A", "cus_A", "price_professional_monthly", status="canceled"))
    assert post_event(csrf_client, payload).status_code == 200
    assert post_event(csrf_client, dict(payload, id="evt_del_2")).status_code == 200
    stripe_sub.refresh_from_db()
    assert stripe_sub.status == "canceled"
    assert credits_remaining(organization_id=org.pk) == 0
    assert CreditEntry.objects.filter(organization=org, kind="reset", reference__startswith="ended:").count() == 1


def test_charge_refunded_from_the_dashboard_is_recorded_once(csrf_client, org, stripe_sub):
    invoice = Invoice.objects.get(organization=org)
    Invoice.objects.filter(pk=invoice.pk).update(gateway_charge_id="ch_A")
    charge = {"id": "ch_A", "object": "charge", "amount": 49900, "amount_refunded": 24950, "refunded": False,
              "refunds": {"object": "list", "data": [{"id": "re_dash", "object": "refund", "amount": 24950,
                                                       "reason": "requested_by_customer"}]}}
    post_event(csrf_client, event("evt_r1", "charge.refunded", charge))
    post_event(csrf_client, event("evt_r2", "charge.refunded", charge))
    invoice.refresh_from_db()
    assert (invoice.amount_refunded_cents, invoice.status) == (24950, "paid")  # the invoice stays as issued
    assert invoice.credit_notes.get().total_cents == 24950
    assert invoice.refunds.count() == 1
    assert credits_remaining(organization_id=org.pk) == 2500  # half the invoice's 5000 credits taken back


def test_unknown_event_type_is_acknowledged_and_ignored(csrf_client, db):
    response = post_event(csrf_client, event("evt_x", "customer.created", {"id": "cus_1"}))
    assert response.status_code == 200 and response.json()["status"] == "ignored"


def test_checkout_completed_for_unknown_session_is_recorded(csrf_client, db):
    response = post_event(csrf_client, event("evt_cs", "checkout.session.completed",
                                             {"id": "cs_unknown", "subscription": "sub_1", "customer": "cus_1"}))
    assert response.status_code == 200 and response.json()["status"] == "unmatched"
    assert not CheckoutSession.objects.exists()


def test_charge_refunded_without_refund_list_counts_only_what_is_new(csrf_client, org, stripe_sub):
    """Charges in events from API 2022-11-15 on carry only the running `amount_refunded` total."""
    invoice = Invoice.objects.get(organization=org)
    Invoice.objects.filter(pk=invoice.pk).update(gateway_charge_id="ch_T")
    for n, total in enumerate((2475, 4950, 4950)):
        charge = {"id": "ch_T", "object": "charge", "amount": 49900, "amount_refunded": total}
        post_event(csrf_client, event(f"evt_t{n}", "charge.refunded", charge))
    invoice.refresh_from_db()
    assert invoice.amount_refunded_cents == 4950
    assert invoice.refunds.count() == 2


@pytest.mark.parametrize("api_version_fields,tax", [
    ({"tax": 7984}, 7984),  # API 2024-06-20
    ({"total_taxes": [{"amount": 7984, "tax_behavior": "exclusive"}]}, 7984),  # API 2025-03-31+
    ({"tax": None}, 0),
])
def test_a_discount_is_a_discount_line_never_negative_tax(csrf_client, org, stripe_sub, api, api_version_fields, tax):
    """A 20% coupon: Stripe's subtotal, discount, tax and total are taken as they are, not derived."""
    obj = invoice_obj("in_disc", "cus_A", "sub_A", "price_professional_monthly", 0,
                      billing_reason="subscription_cycle", charge="ch_disc")
    total = 49900 - 9980 + tax
    obj.update({"subtotal": 49900, "total": total, "amount_paid": total,
                "total_discount_amounts": [{"amount": 9980, "discount": "di_1"}],
                "discount": {"id": "di_1", "coupon": {"id": "LAUNCH20", "name": "Launch 20%", "percent_off": 20}},
                **api_version_fields})
    obj["lines"]["data"][0]["amount"] = 49900
    assert post_event(csrf_client, event("evt_disc", "invoice.paid", obj)).status_code == 200
    invoice = Invoice.objects.get(gateway_invoice_id="in_disc")
    assert (invoice.subtotal_cents, invoice.discount_cents, invoice.tax_cents, invoice.total_cents) == (
        49900, 9980, tax, total)
    assert invoice.credits_granted == 5000  # a discount does not reduce the plan's credits
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(invoice_pdf_render(invoice=invoice))).pages)
    assert "Discount (Launch 20%)" in text and "-99.80 USD" in text
    assert re.search(r"\nTax[^\n]*\n(-?[\d.,]+) USD", text).group(1) == f"{tax / 100:,.2f}"  # never negative
    assert api.get("/api/billing/invoices").json()[0]["amount"] == total / 100
