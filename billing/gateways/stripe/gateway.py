"""Production gateway: Stripe Checkout, subscriptions, schedules and refunds through stripe-python."""

from __future__ import annotations

import stripe

from ..base import CheckoutResult, GatewayError, PaymentGateway, SubscriptionInfo
from .client import stripe_client
from .parse import subscription_info
from .sync import stripe_object_sync


class StripeGateway(PaymentGateway):
    name = "stripe"

    def __init__(self, client: stripe.StripeClient | None = None):
        self._client = client

    @property
    def client(self) -> stripe.StripeClient:
        if self._client is None:
            self._client = stripe_client()
        return self._client

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except stripe.StripeError as exc:
            raise GatewayError(exc.user_message or str(exc)) from exc

    @staticmethod
    def _synced(sub: stripe.Subscription) -> SubscriptionInfo:
        """Mirror the subscription into dj-stripe (best effort) and return our typed view of it."""
        stripe_object_sync(data=sub)
        return subscription_info(sub.to_dict())

    def customer_ensure(self, *, subscription, email: str, name: str) -> str:
        if subscription.gateway_customer_id:
            return subscription.gateway_customer_id
        customer = self._call(self.client.v1.customers.create, params={
            "email": email or None, "name": name,
            "metadata": {"organization_id": str(subscription.organization_id)},
        }, options={"idempotency_key": f"customer-org-{subscription.organization_id}"})
        stripe_object_sync(data=customer)
        return customer.id

    def checkout_create(self, *, customer_id, plan, organization_id, success_url, cancel_url) -> CheckoutResult:
        if not plan.stripe_price_id:
            raise GatewayError(f"Plan {plan.pk} has no Stripe price id.")
        session = self._call(self.client.v1.checkout.sessions.create, params={
            "mode": "subscription", "customer": customer_id,
            "line_items": [{"price": plan.stripe_price_id, "quantity": 1}],
            "success_url": success_url, "cancel_url": cancel_url,
            "client_reference_id": str(organization_id),
            "metadata": {"organization_id": str(organization_id), "plan_id": plan.pk},
            "subscription_data": {"metadata": {"organization_id": str(organization_id)}},
        })
        return CheckoutResult(session_id=session.id, url=session.url)

    def checkout_subscription(self, *, session_id: str) -> SubscriptionInfo | None:
        session = self._call(self.client.v1.checkout.sessions.retrieve, session_id)
        if session.get("status") != "complete" or not session.get("subscription"):
            return None
        return self.subscription_retrieve(subscription_id=session["subscription"])

    def subscription_retrieve(self, *, subscription_id: str) -> SubscriptionInfo:
        sub = self._call(self.client.v1.subscriptions.retrieve, subscription_id)
        return self._synced(sub)

    def subscription_change_plan(self, *, subscription, plan) -> SubscriptionInfo:
        sub = self._call(self.client.v1.subscriptions.update, subscription.gateway_subscription_id, params={
            "items": [{"id": subscription.gateway_item_id, "price": plan.stripe_price_id}],
            "proration_behavior": "always_invoice",
            "payment_behavior": "error_if_incomplete",
            "metadata": {"plan_id": plan.pk},
        })
        # The prorated invoice is recorded when its invoice.paid event arrives.
        return self._synced(sub)

    def subscription_schedule_change(self, *, subscription, plan) -> str:
        schedule_id = subscription.gateway_schedule_id
        if not schedule_id:
            schedule = self._call(self.client.v1.subscription_schedules.create,
                                  params={"from_subscription": subscription.gateway_subscription_id})
            schedule_id = schedule.id
            current = schedule["phases"][0]
        else:
            current = self._call(self.client.v1.subscription_schedules.retrieve, schedule_id)["phases"][0]
        self._call(self.client.v1.subscription_schedules.update, schedule_id, params={
            "end_behavior": "release",
            "phases": [
                {"items": [{"price": subscription.plan.stripe_price_id, "quantity": 1}],
                 "start_date": current["start_date"], "end_date": current["end_date"]},
                {"items": [{"price": plan.stripe_price_id, "quantity": 1}], "duration": {"interval": "month"}},
            ],
        })
        return schedule_id

    def subscription_schedule_release(self, *, subscription) -> None:
        if subscription.gateway_schedule_id:
            self._call(self.client.v1.subscription_schedules.release, subscription.gateway_schedule_id)

    def subscription_cancel(self, *, subscription, at_period_end: bool) -> SubscriptionInfo:
        if at_period_end:
            sub = self._call(self.client.v1.subscriptions.update, subscription.gateway_subscription_id,
                             params={"cancel_at_period_end": True})
        else:
            sub = self._call(self.client.v1.subscriptions.cancel, subscription.gateway_subscription_id)
        return self._synced(sub)

    def subscription_resume(self, *, subscription) -> SubscriptionInfo:
        sub = self._call(self.client.v1.subscriptions.update, subscription.gateway_subscription_id,
                         params={"cancel_at_period_end": False})
        return self._synced(sub)

    def refund_create(self, *, invoice, amount_cents: int, reason: str, idempotency_key: str) -> str:
        if not invoice.gateway_charge_id:
            raise GatewayError(f"Invoice {invoice.invoice_number} has no Stripe charge to refund.")
        refund = self._call(self.client.v1.refunds.create, params={
            "charge": invoice.gateway_charge_id, "amount": amount_cents,
            "metadata": {"invoice_number": invoice.invoice_number, "reason": reason[:400]},
        }, options={"idempotency_key": idempotency_key})
        stripe_object_sync(data=refund)
        return refund.id
