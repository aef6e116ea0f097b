from celery import shared_task

from .services.subscriptions import subscriptions_renew_due


@shared_task(name="billing.subscriptions_renew_due")
def subscriptions_renew_due_task() -> int:
    """Close ended cycles of local-gateway subscriptions (Stripe renews by itself and tells us by webhook)."""
    return subscriptions_renew_due()
