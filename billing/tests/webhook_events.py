"""Stripe event payloads in the shape Stripe sends (trimmed recordings), and a signed POST helper."""

import json
import re
import time

import responses

from billing.services.webhook_signature import signature_header_build

SECRET = "whsec_test_secret"


def event(event_id: str, event_type: str, obj: dict, created: int | None = None) -> dict:
    return {"id": event_id, "object": "event", "api_version": "2024-06-20", "type": event_type, "livemode": False,
            "created": created or int(time.time()), "data": {"object": obj}, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}}


def subscription_obj(sub_id: str, customer: str, price: str, *, status: str = "active", start: int | None = None,
                     end: int | None = None, cancel_at_period_end: bool = False, item_id: str = "si_test") -> dict:
    start = start or int(time.time())
    end = end or start + 30 * 86400
    return {"id": sub_id, "object": "subscription", "customer": customer, "status": status,
            "cancel_at_period_end": cancel_at_period_end, "schedule": None, "latest_invoice": "in_x",
            "items": {"object": "list", "data": [{"id": item_id, "object": "subscription_item",
                                                  "price": {"id": price, "object": "price", "unit_amount": 49900},
                                                  "current_period_start": start, "current_period_end": end}]}}


def invoice_obj(invoice_id: str, customer: str, subscription: str, price: str, amount: int, *,
                billing_reason: str = "subscription_create", charge: str = "ch_test") -> dict:
    now = int(time.time())
    return {"id": invoice_id, "object": "invoice", "customer": customer, "subscription": subscription,
            "status": "paid", "amount_paid": amount, "total": amount, "currency": "usd",
            "billing_reason": billing_reason, "charge": charge,
            "lines": {"object": "list", "data": [{"id": "il_1", "object": "line_item", "amount": amount,
                                                  "quantity": 1, "description": "1 × Professional (at $499.00 / month)",
                                                  "price": {"id": price, "object": "price"},
                                                  "period": {"start": now, "end": now + 30 * 86400}}]}}


def proration_invoice_obj(invoice_id: str, customer: str, subscription: str, *, old_price: str, new_price: str,
                          old_amount: int, new_amount: int, start: int, end: int, charge: str = "ch_prorate") -> dict:
    """The invoice Stripe sends for an upgrade with proration_behavior=always_invoice: a credit for the unused
    time on the old price and a charge for the remaining time on the new one (API 2024-06-20 shape)."""
    def line(line_id, price, amount, description):
        return {"id": line_id, "object": "line_item", "amount": amount, "quantity": 1, "proration": True,
                "description": description, "price": {"id": price, "object": "price"},
                "period": {"start": start, "end": end}, "discount_amounts": [], "tax_amounts": []}

    total = new_amount - old_amount
    return {"id": invoice_id, "object": "invoice", "customer": customer, "subscription": subscription,
            "status": "paid", "amount_paid": total, "subtotal": total, "total": total, "tax": None,
            "total_discount_amounts": [], "currency": "usd", "billing_reason": "subscription_update",
            "charge": charge,
            "lines": {"object": "list", "data": [
                line("il_unused", old_price, -old_amount, "Unused time on Professional after 29 Nov 2026"),
                line("il_remaining", new_price, new_amount, "Remaining time on Enterprise after 29 Nov 2026")]}}


def checkout_session_obj(session_id: str, customer: str, subscription: str, organization_id: int) -> dict:
    return {"id": session_id, "object": "checkout.session", "mode": "subscription", "status": "complete",
            "payment_status": "paid", "customer": customer, "subscription": subscription,
            "client_reference_id": str(organization_id), "metadata": {"organization_id": str(organization_id)},
            "url": None}


def post_event(client, payload: dict, *, secret: str = SECRET, timestamp: int | None = None, header: str | None = None):
    body = json.dumps(payload).encode()
    if header is None:
        header = signature_header_build(payload=body, secret=secret, timestamp=timestamp)
    return client.post("/api/billing/webhook", data=body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header)


RECORDED_STRIPE = "http://stripe.recorded"


class StripeNow:
    """What Stripe answers now to GET /v1/subscriptions/<id> (webhook handlers re-fetch), served by `responses`."""

    def __init__(self, rsps):
        self.subscriptions: dict[str, dict] = {}
        rsps.add_callback(responses.GET, re.compile(re.escape(RECORDED_STRIPE) + r"/v1/subscriptions/(\w+)"),
                          callback=self._subscription)

    def _subscription(self, request):
        sub_id = request.url.rsplit("/", 1)[-1].split("?")[0]
        if sub_id not in self.subscriptions:
            return 404, {}, json.dumps({"error": {"type": "invalid_request_error", "code": "resource_missing"}})
        return 200, {}, json.dumps(self.subscriptions[sub_id])


def stripe_recorded(settings) -> None:
    """Point the Stripe client at the recorded server (the key's shape makes the dj-stripe mirror skip)."""
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    settings.STRIPE_API_BASE = RECORDED_STRIPE
