"""The one place that builds the Stripe client: key and API base read from settings."""

import stripe
from django.conf import settings

from ..base import GatewayError


def stripe_client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise GatewayError("Stripe is not configured (STRIPE_SECRET_KEY is empty).")
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base or {}, max_network_retries=2)
