"""Mirror Stripe objects into dj-stripe's models so staff see them in the admin's dj-stripe section.

Our own models (billing.models) stay the source of truth for credits, invoices and refunds; this mirror is
best effort. A failure is logged and swallowed: it can never break a checkout, a refund or a webhook.
dj-stripe talks to Stripe through stripe-python's module-level client (it may retrieve related objects
while syncing), so the key is passed as `api_key=` from STRIPE_SECRET_KEY and, when STRIPE_API_BASE
points at another server (tests: localstripe), `stripe.api_base` is set to it for the duration of a sync."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator, Mapping

import stripe
from django.conf import settings
from django.db import transaction
from djstripe import models as djstripe_models

from .client import stripe_client

logger = logging.getLogger(__name__)

# Stripe `object` value → dj-stripe model.
SYNC_MODELS = {
    "customer": djstripe_models.Customer,
    "subscription": djstripe_models.Subscription,
    "invoice": djstripe_models.Invoice,
    "charge": djstripe_models.Charge,
    "refund": djstripe_models.Refund,
    "checkout.session": djstripe_models.Session,
}

_api_base_lock = threading.Lock()


@contextlib.contextmanager
def _stripe_api_base() -> Iterator[None]:
    base = settings.STRIPE_API_BASE
    if not base:
        yield
        return
    with _api_base_lock:
        previous, stripe.api_base = stripe.api_base, base
        try:
            yield
        finally:
            stripe.api_base = previous


def _subscription_completed(data: Mapping) -> None:
    """Fill in what Stripe always sends on a subscription but localstripe leaves out, and dj-stripe needs:
    the parent id on each item and a list (not null) of default tax rates. A no-op with real Stripe."""
    for item in ((data.get("items") or {}).get("data")) or []:
        if not item.get("subscription"):
            item["subscription"] = data["id"]
    if data.get("default_tax_rates") is None:
        data["default_tax_rates"] = []


def _invoice_subscription_synced(data: Mapping) -> None:
    """Sync an invoice's subscription first, through our own client, so its items are complete."""
    sub_id = data.get("subscription")
    sub_id = sub_id.get("id") if isinstance(sub_id, Mapping) else sub_id
    if sub_id and not djstripe_models.Subscription.objects.filter(id=sub_id).exists():
        stripe_object_sync(data=stripe_client().v1.subscriptions.retrieve(sub_id))


def stripe_object_sync(*, data: Mapping | stripe.StripeObject) -> object | None:
    """Sync one Stripe object (API object or webhook `data.object`) into its dj-stripe model.

    Returns the dj-stripe row, or None when the object type is not mirrored, Stripe is not configured,
    or the sync failed (logged)."""
    model = SYNC_MODELS.get(str(data.get("object", "")))
    if model is None or not settings.STRIPE_SECRET_KEY:
        return None
    try:
        if not isinstance(data, stripe.StripeObject):
            # dj-stripe walks nested lists (subscription items, invoice lines) as Stripe list objects
            data = stripe.convert_to_stripe_object(dict(data), api_key=settings.STRIPE_SECRET_KEY)
        if data.get("object") == "subscription":
            _subscription_completed(data)
        elif data.get("object") == "invoice":
            _invoice_subscription_synced(data)
        with _stripe_api_base(), transaction.atomic():
            return model.sync_from_stripe_data(data, api_key=settings.STRIPE_SECRET_KEY)
    except Exception:  # noqa: BLE001 - a mirror failure must never break a payment flow
        logger.warning("dj-stripe sync of %s %s failed", data.get("object"), data.get("id"), exc_info=True)
        return None


def stripe_event_sync(*, event: Mapping) -> object | None:
    """Mirror the object a verified, newly processed webhook event carries (charge.refunded also mirrors
    each refund it lists)."""
    obj = (event.get("data") or {}).get("object") or {}
    row = stripe_object_sync(data=obj)
    if obj.get("object") == "charge":
        for refund in (obj.get("refunds") or {}).get("data") or []:
            stripe_object_sync(data=refund)
    return row
