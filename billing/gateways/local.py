"""The embedded gateway: no network, same flows. Its checkout page is /billing/checkout/<session_id>/."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from ..periods import period_add_month
from .base import CheckoutResult, InvoiceInfo, PaymentGateway, SubscriptionInfo


def _id(prefix: str) -> str:
    return f"loc_{prefix}_{secrets.token_hex(8)}"


def prorated_cents(*, old_cents: int, new_cents: int, start: datetime | None, end: datetime | None,
                   now: datetime) -> int:
    """Difference of the two prices for the unused part of the cycle, as Stripe prorates it."""
    if not start or not end or end <= start:
        return max(new_cents - old_cents, 0)
    remaining = max((end - now).total_seconds(), 0) / (end - start).total_seconds()
    return max(round((new_cents - old_cents) * remaining), 0)


class LocalGateway(PaymentGateway):
    name = "local"

    def customer_ensure(self, *, subscription, email: str, name: str) -> str:
        return subscription.gateway_customer_id or _id("cus")

    def checkout_create(self, *, customer_id, plan, organization_id, success_url, cancel_url) -> CheckoutResult:
        session_id = _id("cs")
        return CheckoutResult(session_id=session_id, url=reverse("billing:local-checkout", args=[session_id]))

    def checkout_subscription(self, *, session_id: str) -> SubscriptionInfo | None:
        from ..models import CheckoutSession

        session = CheckoutSession.objects.select_related("plan", "organization__subscription").get(
            session_id=session_id)
        plan = session.plan
        start = timezone.now()
        end = period_add_month(start)
        return SubscriptionInfo(
            subscription_id=_id("sub"),
            customer_id=session.organization.subscription.gateway_customer_id,
            item_id=_id("si"),
            price_id=plan.stripe_price_id or plan.id,
            status="active",
            current_period_start=start,
            current_period_end=end,
            latest_invoice=InvoiceInfo(
                gateway_invoice_id=_id("in"), charge_id=_id("ch"), amount_cents=plan.monthly_price_cents,
                currency=plan.currency, billing_reason="subscription_create", price_id=plan.stripe_price_id or plan.id,
                period_start=start, period_end=end,
            ),
        )

    def subscription_change_plan(self, *, subscription, plan) -> SubscriptionInfo:
        """Like Stripe with proration_behavior=always_invoice: one invoice with a credit for the unused time on
        the old plan and a charge for the remaining time on the new one."""
        now = timezone.now()
        start, end = subscription.current_period_start, subscription.current_period_end
        old = subscription.plan
        unused = prorated_cents(old_cents=0, new_cents=old.monthly_price_cents, start=start, end=end, now=now)
        remaining = prorated_cents(old_cents=0, new_cents=plan.monthly_price_cents, start=start, end=end, now=now)
        period = {"proration": True, "period_start": int(now.timestamp()),
                  "period_end": int(end.timestamp()) if end else int(now.timestamp())}
        lines = [
            {"description": f"Unused time on {old.name} after {now:%d %b %Y}", "quantity": 1,
             "unit_amount_cents": -unused, "amount_cents": -unused, "price_id": old.stripe_price_id or old.id,
             **period},
            {"description": f"Remaining time on {plan.name} after {now:%d %b %Y}", "quantity": 1,
             "unit_amount_cents": remaining, "amount_cents": remaining, "price_id": plan.stripe_price_id or plan.id,
             **period},
        ]
        if remaining <= unused:  # a move to a cheaper plan: nothing to charge (Stripe keeps a credit balance)
            return self._info(subscription, price_id=plan.stripe_price_id or plan.id)
        invoice = InvoiceInfo(
            gateway_invoice_id=_id("in"), charge_id=_id("ch"), amount_cents=remaining - unused, currency=plan.currency,
            billing_reason="subscription_update", price_id=plan.stripe_price_id or plan.id,
            period_start=now, period_end=end, lines=lines, subscription_id=subscription.gateway_subscription_id,
        )
        return self._info(subscription, price_id=plan.stripe_price_id or plan.id, latest_invoice=invoice)

    def subscription_schedule_change(self, *, subscription, plan) -> str:
        return subscription.gateway_schedule_id or _id("sub_sched")

    def subscription_schedule_release(self, *, subscription) -> None:
        return None

    def subscription_cancel(self, *, subscription, at_period_end: bool) -> SubscriptionInfo:
        return self._info(subscription, status="active" if at_period_end else "canceled",
                          cancel_at_period_end=at_period_end)

    def subscription_resume(self, *, subscription) -> SubscriptionInfo:
        return self._info(subscription, cancel_at_period_end=False)

    def subscription_renew(self, *, subscription, plan) -> SubscriptionInfo:
        """Local only: the cycle ended, charge the next one (Stripe does this on its own clock)."""
        start = subscription.current_period_end or timezone.now()
        end = period_add_month(start)
        invoice = InvoiceInfo(
            gateway_invoice_id=_id("in"), charge_id=_id("ch"), amount_cents=plan.monthly_price_cents,
            currency=plan.currency, billing_reason="subscription_cycle", price_id=plan.stripe_price_id or plan.id,
            period_start=start, period_end=end,
        )
        return SubscriptionInfo(
            subscription_id=subscription.gateway_subscription_id, customer_id=subscription.gateway_customer_id,
            item_id=subscription.gateway_item_id, price_id=plan.stripe_price_id or plan.id, status="active",
            current_period_start=start, current_period_end=end, latest_invoice=invoice,
        )

    def refund_create(self, *, invoice, amount_cents: int, reason: str, idempotency_key: str) -> str:
        """Like Stripe, one idempotency key is one refund: the id is derived from the key."""
        return f"loc_re_{hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]}"

    @staticmethod
    def _info(subscription, **overrides) -> SubscriptionInfo:
        values = dict(
            subscription_id=subscription.gateway_subscription_id, customer_id=subscription.gateway_customer_id,
            item_id=subscription.gateway_item_id, price_id=subscription.plan.stripe_price_id or subscription.plan_id,
            status=subscription.status, current_period_start=subscription.current_period_start,
            current_period_end=subscription.current_period_end,
            cancel_at_period_end=subscription.cancel_at_period_end, schedule_id=subscription.gateway_schedule_id,
        )
        values.update(overrides)
        return SubscriptionInfo(**values)
