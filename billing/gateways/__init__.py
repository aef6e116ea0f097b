"""Payment gateways: `gateway_get()` returns the one selected by settings.PAYMENT_GATEWAY.

The local gateway takes no money (its checkout is a test page), so it is refused when DEBUG is off unless
PAYMENT_GATEWAY=local is set explicitly; an empty PAYMENT_GATEWAY means local only while DEBUG is on."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from leadsite.core.exceptions import ApplicationError

from .base import PaymentGateway

GATEWAYS = {
    "local": "billing.gateways.local.LocalGateway",
    "stripe": "billing.gateways.stripe.gateway.StripeGateway",
}


class GatewayNotAllowed(ApplicationError, ImproperlyConfigured):
    """No usable gateway is configured (the API answers 503 `payments_not_configured`)."""

    def __init__(self, message: str):
        super().__init__(message, code="payments_not_configured", status_code=503)


def local_gateway_allowed() -> bool:
    return bool(settings.DEBUG) or settings.PAYMENT_GATEWAY == "local"


def gateway_configured_name() -> str:
    """The gateway new checkouts use ("" when none may be used)."""
    if settings.PAYMENT_GATEWAY:
        return settings.PAYMENT_GATEWAY
    return "local" if settings.DEBUG else ""


def gateway_problem() -> str:
    """Why no checkout can be taken with the current settings ("" when all is well)."""
    if not gateway_configured_name():
        return ("PAYMENT_GATEWAY is not set and DEBUG is off: set PAYMENT_GATEWAY=stripe (with STRIPE_SECRET_KEY) "
                "to take payments, or PAYMENT_GATEWAY=local for a demo where every checkout is free.")
    return ""


def gateway_get(name: str | None = None) -> PaymentGateway:
    name = name or gateway_configured_name()
    if not name:
        raise GatewayNotAllowed(gateway_problem())
    if name == "local" and not local_gateway_allowed():
        raise GatewayNotAllowed("The local gateway takes no money and is refused when DEBUG is off; set "
                                "PAYMENT_GATEWAY=local explicitly to run a demo with it.")
    try:
        return import_string(GATEWAYS[name])()
    except KeyError as exc:
        raise ImproperlyConfigured(f"Unknown PAYMENT_GATEWAY {name!r}; use one of {sorted(GATEWAYS)}") from exc
