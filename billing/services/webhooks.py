"""Gateway webhooks: verify, store once by event id, route by type to a handler.

Redeliveries of a processed event are acknowledged without work; concurrent deliveries of one event
serialise on its row lock. Handlers re-fetch the subscription from Stripe and apply its current state
rather than a payload that may be delayed or out of order; a canceled subscription stays canceled. Money
handlers are idempotent by the gateway object id (invoice, refund). Events for customers Leadsite does not
know are acknowledged and set aside as `unmatched`."""

import json
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from leadsite.core.exceptions import ApplicationError

from ..gateways.base import GatewayError
from ..gateways.stripe.parse import invoice_info
from ..gateways.stripe.sync import stripe_event_sync
from ..models import CheckoutSession, Subscription, WebhookEvent
from .audit import audit_record
from .invoices import invoice_record_paid
from .refunds import refund_record_from_gateway
from .subscriptions import LIVE, checkout_complete, subscription_apply, subscription_ended
from .webhook_signature import SignatureError, signature_verify

logger = logging.getLogger(__name__)


class WebhookUnmatched(Exception):
    """The event names a customer, subscription, session or charge Leadsite does not know: it is acknowledged
    (2xx, so Stripe stops retrying) and set aside as `unmatched` for staff (admin › Unmatched webhook events)."""


def _subscription_for(obj: dict) -> Subscription | None:
    customer = obj.get("customer")
    customer = customer.get("id") if isinstance(customer, dict) else customer
    subscription_id = obj.get("subscription") if obj.get("object") != "subscription" else obj.get("id")
    subscription_id = subscription_id.get("id") if isinstance(subscription_id, dict) else subscription_id
    qs = Subscription.objects.select_for_update(of=("self",)).select_related("organization", "plan")
    found = None
    if subscription_id:
        found = qs.filter(gateway_subscription_id=subscription_id).first()
    if found is None and customer:
        found = qs.filter(gateway_customer_id=customer).first()
    if found is None:
        raise WebhookUnmatched(f"no subscription for customer {customer or '-'}, "
                               f"subscription {subscription_id or '-'}")
    return found


def _apply_current(subscription: Subscription, subscription_id: str, event_at: datetime) -> bool:
    """Apply the subscription as Stripe sees it now, re-fetched (as dj-stripe advises) rather than taken from a
    payload that may be delayed or out of order; a canceled subscription stays canceled (subscription_apply).

    Returns False, applying nothing, when the event is about another Stripe subscription than the live one
    (e.g. a late event of the organisation's previous, canceled subscription)."""
    from ..gateways.stripe.gateway import StripeGateway

    if (subscription.gateway_subscription_id and subscription_id != subscription.gateway_subscription_id
            and subscription.status in LIVE):
        return False

    info = StripeGateway().subscription_retrieve(subscription_id=subscription_id)
    subscription_apply(subscription=subscription, info=info)
    if subscription.last_event_at is None or event_at > subscription.last_event_at:
        subscription.last_event_at = event_at
        subscription.save(update_fields=["last_event_at", "updated_at"])
    if subscription.status == Subscription.Status.CANCELED:
        subscription_ended(subscription=subscription)  # credits expire once (reference ended:<subscription>)
    return True


def handle_checkout_session_completed(obj: dict, event_at: datetime) -> str:
    """Checkout paid: activate the subscription the session created (its invoice comes with invoice.paid)."""
    session = CheckoutSession.objects.filter(session_id=obj["id"]).first()
    if session is None:
        raise WebhookUnmatched(f"unknown checkout session {obj['id']}")
    from ..gateways.stripe.gateway import StripeGateway

    info = StripeGateway().subscription_retrieve(subscription_id=obj["subscription"])
    checkout_complete(session_id=session.session_id, info=info, event_at=event_at)
    return "subscription activated"


def handle_invoice_paid(obj: dict, event_at: datetime) -> str:
    """Record the invoice once (unique gateway invoice id) and give the credits it pays for, after applying the
    subscription's current state: a renewal delivered after the deletion gives no credits back."""
    subscription = _subscription_for(obj)
    info = invoice_info(obj)
    current = _apply_current(subscription, info.subscription_id, event_at) if info.subscription_id else True
    invoice = invoice_record_paid(organization=subscription.organization, info=info, gateway="stripe",
                                  subscription=subscription, grant_credits=current)
    return f"invoice {invoice.invoice_number}"


def handle_invoice_payment_failed(obj: dict, event_at: datetime) -> str:
    """The subscription's current state from Stripe (past_due, or active again if a retry was paid since)."""
    subscription = _subscription_for(obj)
    info = invoice_info(obj)
    if info.subscription_id:
        _apply_current(subscription, info.subscription_id, event_at)
    elif not subscription.last_event_at or event_at >= subscription.last_event_at:
        subscription.status, subscription.last_event_at = Subscription.Status.PAST_DUE, event_at
        subscription.save(update_fields=["status", "last_event_at", "updated_at"])
    audit_record(organization_id=subscription.organization_id, action="invoice.payment_failed",
                 target=obj.get("id", ""), amount_due=obj.get("amount_due"), status=subscription.status)
    return subscription.status


def handle_subscription_updated(obj: dict, event_at: datetime) -> str:
    """Plan, period, status and cancel flag as Stripe sees them now (a scheduled downgrade lands here)."""
    subscription = _subscription_for(obj)
    _apply_current(subscription, obj["id"], event_at)
    return subscription.status


def handle_subscription_deleted(obj: dict, event_at: datetime) -> str:
    """The subscription ended: status canceled, unused credits expire (once)."""
    subscription = _subscription_for(obj)
    _apply_current(subscription, obj["id"], event_at)
    return subscription.status


def handle_charge_refunded(obj: dict, event_at: datetime) -> str:
    """Refunds made at the gateway (or echoes of ours, skipped by refund id) with the credit policy applied."""
    refunds = [(r["id"], int(r.get("amount", 0)), r.get("reason") or "")
               for r in ((obj.get("refunds") or {}).get("data") or [])]
    # Since API version 2022-11-15 charges in events carry no refund list, only the running total.
    total = int(obj.get("amount_refunded") or 0) if not refunds else None
    created = refund_record_from_gateway(charge_id=obj["id"], refunds=refunds, refunded_total=total)
    if created is None:
        raise WebhookUnmatched(f"no invoice for charge {obj['id']}")
    return f"{len(created)} refund(s) recorded"


HANDLERS = {
    "checkout.session.completed": handle_checkout_session_completed,
    "invoice.paid": handle_invoice_paid,
    "invoice.payment_failed": handle_invoice_payment_failed,
    "customer.subscription.updated": handle_subscription_updated,
    "customer.subscription.deleted": handle_subscription_deleted,
    "charge.refunded": handle_charge_refunded,
}


def webhook_receive(*, payload: bytes, signature_header: str) -> WebhookEvent:
    try:
        signature_verify(payload=payload, header=signature_header, secret=settings.STRIPE_WEBHOOK_SECRET,
                         tolerance=settings.STRIPE_WEBHOOK_TOLERANCE)
    except SignatureError as exc:
        raise ApplicationError(f"Invalid webhook signature: {exc}.", code="invalid_signature") from exc
    try:
        event = json.loads(payload)
        event_id, event_type = str(event["id"]), str(event["type"])
        if not isinstance(event["data"]["object"], dict):
            raise TypeError("data.object is not an object")
    except (ValueError, KeyError, TypeError) as exc:
        raise ApplicationError("The webhook body is not a Stripe event.", code="invalid_event") from exc
    try:
        created = datetime.fromtimestamp(int(event.get("created") or 0), tz=UTC) if event.get("created") else None
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise ApplicationError("The webhook event has an invalid 'created' time.", code="invalid_event") from exc
    row, created_now = WebhookEvent.objects.get_or_create(event_id=event_id, defaults={
        "type": event_type, "payload": event, "livemode": bool(event.get("livemode")), "event_created": created})
    if not created_now and row.status == WebhookEvent.Status.UNMATCHED:
        return row  # set aside: staff process it again from the admin once the customer is known
    row = webhook_event_process(event_id=event_id)
    if row.status == WebhookEvent.Status.FAILED:
        raise ApplicationError("The event could not be applied yet; it will be retried.", code="webhook_failed",
                               status_code=503, details={"event_id": event_id, "error": row.error})
    return row


def webhook_event_process(*, event_id: str) -> WebhookEvent:
    """Run a stored event's handler once: processed, ignored (no handler), unmatched or failed (retried)."""
    with transaction.atomic():
        row = WebhookEvent.objects.select_for_update().get(event_id=event_id)
        if row.status in (WebhookEvent.Status.PROCESSED, WebhookEvent.Status.IGNORED):
            return row
        row.attempts += 1
        handler = HANDLERS.get(row.type)
        if handler is None:
            row.status, row.error = WebhookEvent.Status.IGNORED, ""
        else:
            try:
                with transaction.atomic():
                    handler(row.payload["data"]["object"], row.event_created or timezone.now())
                row.status, row.error = WebhookEvent.Status.PROCESSED, ""
            except WebhookUnmatched as exc:
                logger.info("webhook %s (%s) unmatched: %s", event_id, row.type, exc)
                row.status, row.error = WebhookEvent.Status.UNMATCHED, str(exc)
            except (ApplicationError, GatewayError, KeyError, ValueError, TypeError) as exc:
                logger.warning("webhook %s (%s) failed: %s", event_id, row.type, exc)
                row.status, row.error = WebhookEvent.Status.FAILED, f"{type(exc).__name__}: {exc}"
        row.processed_at = timezone.now()
        row.save(update_fields=["status", "error", "attempts", "processed_at"])
    if row.status == WebhookEvent.Status.PROCESSED:
        stripe_event_sync(event=row.payload)  # dj-stripe mirror for the admin, best effort, after our bookkeeping
    return row
