"""The interface every payment gateway implements, with typed results (no gateway objects leak out)."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Invoice, Plan, Subscription


class GatewayError(Exception):
    """The gateway refused or failed an operation; the message is safe to show."""


@dataclass(frozen=True)
class CheckoutResult:
    session_id: str
    url: str


@dataclass(frozen=True)
class InvoiceInfo:
    """A paid gateway invoice (what invoice.paid carries).

    `lines`: [{"description", "quantity", "unit_amount_cents", "amount_cents", "price_id", "proration",
    "period_start", "period_end" (epoch seconds)}]; proration lines carry the time they pay for."""

    gateway_invoice_id: str
    charge_id: str
    amount_cents: int
    currency: str
    billing_reason: str
    price_id: str = ""
    period_start: datetime | None = None
    period_end: datetime | None = None
    lines: list[dict] = field(default_factory=list)
    subscription_id: str = ""
    # The gateway's own totals (None: derived from the lines and BILLING_TAX_RATE_PERCENT, as the local one does).
    subtotal_cents: int | None = None
    discount_cents: int = 0
    discount_description: str = ""
    tax_cents: int | None = None
    total_cents: int | None = None


@dataclass(frozen=True)
class SubscriptionInfo:
    """The gateway's view of a subscription (what customer.subscription.* carries)."""

    subscription_id: str
    customer_id: str
    item_id: str
    price_id: str
    status: str
    current_period_start: datetime | None
    current_period_end: datetime | None
    cancel_at_period_end: bool = False
    schedule_id: str = ""
    latest_invoice: InvoiceInfo | None = None


class PaymentGateway(abc.ABC):
    name: str

    @abc.abstractmethod
    def customer_ensure(self, *, subscription: Subscription, email: str, name: str) -> str:
        """Return the gateway customer id for the organisation, creating the customer if needed."""

    @abc.abstractmethod
    def checkout_create(self, *, customer_id: str, plan: Plan, organization_id: int,
                        success_url: str, cancel_url: str) -> CheckoutResult: ...

    @abc.abstractmethod
    def checkout_subscription(self, *, session_id: str) -> SubscriptionInfo | None:
        """The subscription a completed checkout session created (None while it is still open)."""

    def subscription_retrieve(self, *, subscription_id: str) -> SubscriptionInfo:
        """The subscription as the gateway sees it now (webhook handlers re-fetch instead of trusting a payload)."""
        raise NotImplementedError

    @abc.abstractmethod
    def subscription_change_plan(self, *, subscription: Subscription, plan: Plan) -> SubscriptionInfo:
        """Switch plans now, invoicing the prorated difference immediately."""

    @abc.abstractmethod
    def subscription_schedule_change(self, *, subscription: Subscription, plan: Plan) -> str:
        """Schedule a plan change at the end of the current cycle; returns the schedule id."""

    @abc.abstractmethod
    def subscription_schedule_release(self, *, subscription: Subscription) -> None: ...

    @abc.abstractmethod
    def subscription_cancel(self, *, subscription: Subscription, at_period_end: bool) -> SubscriptionInfo: ...

    @abc.abstractmethod
    def subscription_resume(self, *, subscription: Subscription) -> SubscriptionInfo:
        """Undo a cancellation at the end of the cycle (the subscription renews again)."""

    @abc.abstractmethod
    def refund_create(self, *, invoice: Invoice, amount_cents: int, reason: str, idempotency_key: str) -> str:
        """Return the gateway refund id."""
