"""Start-up check: say loudly when no payment gateway may take checkouts (see billing.gateways)."""

from django.core.checks import Warning, register

from .gateways import gateway_problem


@register()
def payment_gateway_check(app_configs, **kwargs) -> list:
    problem = gateway_problem()
    if not problem:
        return []
    return [Warning(problem, hint="Checkouts answer 503 payments_not_configured until it is set.", id="billing.W001")]
