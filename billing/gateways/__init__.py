"""Payment gateways: `gateway_get()` returns the one selected by settings.PAYMENT_GATEWAY."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import PaymentGateway

GATEWAYS = {
    "local": "billing.gateways.local.LocalGateway",
    "stripe": "billing.gateways.stripe.gateway.StripeGateway",
}


def gateway_get(name: str | None = None) -> PaymentGateway:
    name = name or settings.PAYMENT_GATEWAY
    try:
        return import_string(GATEWAYS[name])()
    except KeyError as exc:
        raise ValueError(f"Unknown PAYMENT_GATEWAY {name!r}; use one of {sorted(GATEWAYS)}") from exc
