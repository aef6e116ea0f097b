import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from billing.models import CreditEntry, Invoice, RefundRequest
from billing.services.credits import credits_reserve, credits_settle
from billing.services.subscriptions import subscription_activate_local

pytestmark = pytest.mark.django_db


def test_checkout_via_local_gateway_activates_subscription(api, client, user):
    response = api.post("/api/billing/create-checkout", {"plan_id": "professional"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"checkout_url", "session_id"}
    assert body["checkout_url"].startswith("http://testserver/billing/checkout/")
    assert api.get("/api/billing/subscription").json()["status"] == "none"

    client.force_login(user)
    page = client.get(body["checkout_url"])
    assert page.status_code == 200 and b"TEST MODE" in page.content
    done = client.post(body["checkout_url"], {"decision": "pay"})
    assert done.status_code == 302 and done.url == "/billing/?checkout=success"

    sub = api.get("/api/billing/subscription").json()
    assert sub["plan_id"] == "professional" and sub["plan_name"] == "Professional"
    assert (sub["credits_total"], sub["credits_remaining"], sub["status"]) == (5000, 5000, "active")
    assert sub["billing_cycle_start"] == timezone.now().date().isoformat()
    # paying twice does not grant twice
    client.post(body["checkout_url"], {"decision": "pay"})
    assert api.get("/api/billing/subscription").json()["credits_remaining"] == 5000


def test_checkout_rejects_unknown_plan_and_existing_subscription(api, org):
    response = api.post("/api/billing/create-checkout", {"plan_id": "platinum"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "unknown_plan")
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    response = api.post("/api/billing/create-checkout", {"plan_id": "enterprise"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "already_subscribed")


def test_local_checkout_page_of_another_org_is_404(api, client, db):
    from .. import factories

    url = api.post("/api/billing/create-checkout", {"plan_id": "starter"}, format="json").json()["checkout_url"]
    client.force_login(factories.customer(prefix="intruder"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "pay"}).status_code == 404


def test_upgrade_downgrade_cancel_through_the_api(api, org):
    subscription_activate_local(organization_id=org.pk, plan_id="professional")

    bad = [
        ("upgrade", "starter", "not_an_upgrade"), ("upgrade", "professional", "same_plan"),
        ("upgrade", "gold", "unknown_plan"), ("downgrade", "enterprise", "not_a_downgrade"),
        ("downgrade", "professional", "same_plan"),
    ]
    for verb, plan_id, code in bad:
        response = api.post(f"/api/billing/subscription/{verb}", {"plan_id": plan_id}, format="json")
        assert (response.status_code, response.json()["code"]) == (400, code), (verb, plan_id)

    response = api.post("/api/billing/subscription/downgrade", {"plan_id": "starter"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["plan_id"] == "professional"
    assert body["scheduled_change"]["plan_id"] == "starter"
    assert body["scheduled_change"]["effective_at"] == body["billing_cycle_end"]

    response = api.delete("/api/billing/subscription/downgrade")
    assert response.status_code == 200 and response.json()["scheduled_change"] is None
    assert api.delete("/api/billing/subscription/downgrade").json()["code"] == "no_scheduled_change"

    response = api.post("/api/billing/subscription/upgrade", {"plan_id": "enterprise"}, format="json")
    assert response.status_code == 200
    assert response.json()["plan_id"] == "enterprise"
    # upgraded at once: the 20,000 more credits, prorated by the (nearly whole) cycle left, with its invoice
    assert 5000 + 19_998 <= response.json()["credits_remaining"] <= 25000

    response = api.post("/api/billing/subscription/cancel", {}, format="json")
    assert response.json()["cancel_at_period_end"] is True and response.json()["status"] == "active"
    response = api.post("/api/billing/subscription/resume", {}, format="json")
    assert response.status_code == 200 and response.json()["cancel_at_period_end"] is False
    again = api.post("/api/billing/subscription/resume", {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "not_cancelled"


def test_usage_daily_series_with_zero_days(api, org):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    credits_reserve(organization_id=org.pk, amount=100, reference="b1")
    credits_settle(organization_id=org.pk, reference="b1", consumed=70)
    credits_reserve(organization_id=org.pk, amount=20, reference="b2")
    credits_settle(organization_id=org.pk, reference="b2", consumed=20)
    entry = CreditEntry.objects.get(organization=org, kind="consume", reference="b2")
    two_days_ago = timezone.now() - timedelta(days=2)
    CreditEntry.objects.filter(pk=entry.pk).update(created_at=two_days_ago)

    body = api.get("/api/billing/usage?days=5").json()
    assert body["total_consumed"] == 90
    assert len(body["daily_usage"]) == 5
    assert body["daily_usage"][-1] == {"date": timezone.now().date().isoformat(), "credits": 70}
    assert body["daily_usage"][-3] == {"date": two_days_ago.date().isoformat(), "credits": 20}
    assert [p["credits"] for p in body["daily_usage"]] == [0, 0, 20, 0, 70]
    assert len(api.get("/api/billing/usage").json()["daily_usage"]) == 30


@pytest.mark.parametrize("days", ["0", "366", "-1", "abc"])
def test_usage_days_out_of_range(api, days):
    response = api.get(f"/api/billing/usage?days={days}")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_days")


def test_invoices_list_and_pdf(api, org, other_api):
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    invoices = api.get("/api/billing/invoices").json()
    assert len(invoices) == 1
    invoice = invoices[0]
    year = timezone.now().year
    assert invoice["invoice_number"] == f"INV-{year}-001"
    assert (invoice["amount"], invoice["status"]) == (499.0, "paid")
    assert invoice["created_at"].endswith("Z")

    response = api.get(f"/api/billing/invoices/{invoice['invoice_number']}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"INV-{year}-001" in text
    assert "Leadsite Inc." in text and org.name in text
    assert "Professional plan, 5000 credits" in text
    assert "499.00 USD" in text and "Tax (0%)" in text and "Status: PAID" in text

    assert other_api.get(f"/api/billing/invoices/{invoice['invoice_number']}/pdf").status_code == 404
    assert other_api.get("/api/billing/invoices").json() == []


def test_refund_request(api, org, other_api):
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    order_id = Invoice.objects.get(organization=org).order_id

    response = api.post("/api/billing/refund", {"order_id": order_id, "amount": 49901, "reason": "x"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "amount_above_refundable")
    response = other_api.post("/api/billing/refund", {"order_id": order_id, "amount": 100, "reason": "x"},
                              format="json")
    assert response.status_code == 404
    response = api.post("/api/billing/refund", {"order_id": "ord_nope", "amount": 100, "reason": "x"}, format="json")
    assert response.status_code == 404

    response = api.post("/api/billing/refund", {"order_id": order_id, "amount": 49900, "reason": "Customer request"},
                        format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["amount"], body["order_id"]) == ("pending", 49900, order_id)
    assert RefundRequest.objects.get().status == "pending"


@pytest.mark.parametrize("how", ["header", "body"])
def test_refund_request_replayed_with_its_id_is_created_once(api, org, how):
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    order_id = Invoice.objects.get(organization=org).order_id
    body = {"order_id": order_id, "amount": 4990, "reason": "Customer request"}
    extra = {}
    if how == "header":
        extra = {"HTTP_IDEMPOTENCY_KEY": "req-7f3a"}
    else:
        body["refund_id"] = "req-7f3a"
    first = api.post("/api/billing/refund", body, format="json", **extra)
    second = api.post("/api/billing/refund", body, format="json", **extra)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert RefundRequest.objects.count() == 1
    changed = api.post("/api/billing/refund", {**body, "amount": 5000}, format="json", **extra)
    assert (changed.status_code, changed.json()["code"]) == (422, "idempotency_key_reused")
    assert RefundRequest.objects.count() == 1
    # without a key every post is a new request, as before
    plain = {"order_id": order_id, "amount": 4990, "reason": "Customer request"}
    assert api.post("/api/billing/refund", plain, format="json").status_code == 201
    assert RefundRequest.objects.count() == 2


def test_endpoints_need_authentication(client):
    assert client.get("/api/billing/subscription").status_code in (401, 403)
    assert client.get("/api/billing/invoices").status_code in (401, 403)
