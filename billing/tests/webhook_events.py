"""Stripe event payloads in the shape Stripe sends (trimmed recordings), and a signed POST helper."""

import json
import time

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
