"""Subscriptions: checkout, upgrade (now, prorated, credits reset), downgrade (end of cycle), cancel, renewal.

Every flow goes through a PaymentGateway and then through the same bookkeeping the webhooks use
(`subscription_apply`, `invoice_record_paid`), so the local gateway walks the Stripe flows without network.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from leadsite.core.exceptions import ApplicationError
from leadsite.core.models import Organization

from ..gateways import gateway_get, local_gateway_allowed
from ..gateways.base import GatewayError, SubscriptionInfo
from ..models import CheckoutSession, Subscription
from . import credits
from .audit import audit_record
from .invoices import invoice_record_paid
from .plans import plan_for_price, plan_get

logger = logging.getLogger(__name__)

LIVE = (Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE)


def _gateway_call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except GatewayError as exc:
        raise ApplicationError(str(exc), code="gateway_error", status_code=502) from exc


def _locked(organization_id: int) -> Subscription | None:
    return Subscription.objects.select_for_update(of=("self",)).select_related("plan", "scheduled_plan").filter(
        organization_id=organization_id).first()


def _live_locked(organization_id: int) -> Subscription:
    subscription = _locked(organization_id)
    if subscription is None or subscription.status not in LIVE:
        raise ApplicationError("There is no active subscription; start one with create-checkout.",
                               code="no_active_subscription")
    return subscription


def subscription_apply(*, subscription: Subscription, info: SubscriptionInfo, event_at: datetime | None = None) -> bool:
    """Mirror the gateway's view of the subscription. Events older than the last one applied are ignored,
    so out-of-order delivery cannot roll the state back, and a canceled subscription stays canceled (only a
    new checkout, with a new gateway subscription, starts again). Returns whether anything was applied."""
    if event_at and subscription.last_event_at and event_at < subscription.last_event_at:
        return False
    if (subscription.status == Subscription.Status.CANCELED and info.status != Subscription.Status.CANCELED
            and info.subscription_id == subscription.gateway_subscription_id):
        return False
    plan = plan_for_price(price_id=info.price_id)
    if plan is not None:
        subscription.plan = plan
        if subscription.scheduled_plan_id == plan.pk:
            subscription.scheduled_plan, subscription.gateway_schedule_id = None, ""
    subscription.status = info.status if info.status in Subscription.Status.values else Subscription.Status.PAST_DUE
    subscription.gateway_subscription_id = info.subscription_id or subscription.gateway_subscription_id
    subscription.gateway_customer_id = info.customer_id or subscription.gateway_customer_id
    subscription.gateway_item_id = info.item_id or subscription.gateway_item_id
    subscription.current_period_start = info.current_period_start or subscription.current_period_start
    subscription.current_period_end = info.current_period_end or subscription.current_period_end
    subscription.cancel_at_period_end = info.cancel_at_period_end
    if subscription.status == Subscription.Status.CANCELED and subscription.canceled_at is None:
        subscription.canceled_at = timezone.now()
    if event_at:
        subscription.last_event_at = event_at
    subscription.save()
    return True


@transaction.atomic
def checkout_create(*, organization: Organization, plan_id: str, success_url: str, cancel_url: str,
                    email: str = "", gateway_name: str | None = None) -> CheckoutSession:
    plan = plan_get(plan_id=plan_id)
    subscription = _locked(organization.pk)
    if subscription and subscription.status in LIVE:
        raise ApplicationError("The organisation already has an active subscription; use upgrade or downgrade.",
                               code="already_subscribed", details={"plan_id": subscription.plan_id})
    gateway = gateway_get(gateway_name)
    if subscription is None:
        subscription = Subscription(organization=organization, plan=plan, gateway=gateway.name)
    elif subscription.gateway != gateway.name:
        subscription.gateway, subscription.gateway_customer_id = gateway.name, ""
    subscription.plan = plan
    subscription.gateway_customer_id = _gateway_call(
        gateway.customer_ensure, subscription=subscription, email=email, name=organization.name)
    subscription.save()
    result = _gateway_call(gateway.checkout_create, customer_id=subscription.gateway_customer_id, plan=plan,
                           organization_id=organization.pk, success_url=success_url, cancel_url=cancel_url)
    return CheckoutSession.objects.create(session_id=result.session_id, organization=organization, plan=plan,
                                          gateway=gateway.name, url=result.url)


@transaction.atomic
def checkout_complete(*, session_id: str, info: SubscriptionInfo | None = None,
                      event_at: datetime | None = None) -> Subscription:
    """The checkout was paid: activate the subscription and record its first invoice (idempotent)."""
    session = CheckoutSession.objects.select_for_update().select_related("organization", "plan").filter(
        session_id=session_id).first()
    if session is None:
        raise ApplicationError("Unknown checkout session.", code="not_found", status_code=404)
    subscription = _locked(session.organization_id)
    if session.status == CheckoutSession.Status.COMPLETE:
        return subscription
    if info is None:
        info = _gateway_call(gateway_get(session.gateway).checkout_subscription, session_id=session_id)
        if info is None:
            raise ApplicationError("The checkout session is not paid yet.", code="checkout_open")
    subscription.gateway = session.gateway
    subscription.plan = session.plan
    subscription_apply(subscription=subscription, info=info, event_at=event_at)
    if info.latest_invoice is not None:
        invoice_record_paid(organization=session.organization, info=info.latest_invoice, gateway=session.gateway,
                            plan=session.plan)
    session.status, session.completed_at = CheckoutSession.Status.COMPLETE, timezone.now()
    session.save(update_fields=["status", "completed_at"])
    audit_record(organization_id=session.organization_id, action="subscription.started", target=session_id,
                 plan_id=session.plan_id, gateway=session.gateway)
    return subscription


def subscription_activate_local(*, organization_id: int, plan_id: str) -> Subscription:
    """Give the organisation an active subscription and its plan credits through the local gateway."""
    plan = plan_get(plan_id=plan_id)
    existing = Subscription.objects.filter(organization_id=organization_id).first()
    if existing and existing.status in LIVE:
        if existing.plan_id == plan.pk:
            return existing
        return subscription_change_now(organization_id=organization_id, plan_id=plan.pk)
    organization = Organization.objects.get(pk=organization_id)
    session = checkout_create(organization=organization, plan_id=plan.pk, success_url="", cancel_url="",
                              gateway_name="local")
    return checkout_complete(session_id=session.session_id)


def _validate_change(subscription: Subscription, plan_id: str, *, direction: str):
    plan = plan_get(plan_id=plan_id)
    if plan.pk == subscription.plan_id:
        raise ApplicationError(f"The subscription is already on {plan.name}.", code="same_plan")
    current = subscription.plan.monthly_price_cents
    if direction == "upgrade" and plan.monthly_price_cents <= current:
        raise ApplicationError(f"{plan.name} is not dearer than {subscription.plan.name}; use downgrade.",
                               code="not_an_upgrade")
    if direction == "downgrade" and plan.monthly_price_cents >= current:
        raise ApplicationError(f"{plan.name} is not cheaper than {subscription.plan.name}; use upgrade.",
                               code="not_a_downgrade")
    return plan


@transaction.atomic
def subscription_upgrade(*, organization_id: int, plan_id: str, actor=None) -> Subscription:
    """Immediate: the gateway invoices the prorated difference; its credits come when that invoice is paid."""
    subscription = _live_locked(organization_id)
    _validate_change(subscription, plan_id, direction="upgrade")
    return _change_now(subscription, plan_id, actor=actor)


@transaction.atomic
def subscription_change_now(*, organization_id: int, plan_id: str, actor=None) -> Subscription:
    """Switch plans immediately in either direction (admin/demo use)."""
    return _change_now(_live_locked(organization_id), plan_id, actor=actor)


def _change_now(subscription: Subscription, plan_id: str, *, actor) -> Subscription:
    """The gateway switches the plan and invoices the prorated difference. The credits come with that invoice
    once it is paid (`invoice_record_paid`: the difference prorated by the time left), not here; the plan
    stored is the one the gateway answered with."""
    plan = plan_get(plan_id=plan_id)
    old_plan = subscription.plan
    gateway = gateway_get(subscription.gateway)
    if subscription.gateway_schedule_id:
        _gateway_call(gateway.subscription_schedule_release, subscription=subscription)
        subscription.scheduled_plan, subscription.gateway_schedule_id = None, ""
        subscription.save(update_fields=["scheduled_plan", "gateway_schedule_id", "updated_at"])
    info = _gateway_call(gateway.subscription_change_plan, subscription=subscription, plan=plan)
    subscription_apply(subscription=subscription, info=info)
    invoice = None
    if info.latest_invoice is not None:  # the local gateway's invoice is paid at once; Stripe's comes by webhook
        invoice = invoice_record_paid(organization=subscription.organization, info=info.latest_invoice,
                                      gateway=subscription.gateway, subscription=subscription)
    audit_record(organization_id=subscription.organization_id, action="subscription.upgraded", actor=actor,
                 target=subscription.gateway_subscription_id, from_plan=old_plan.pk, to_plan=subscription.plan_id,
                 requested_plan=plan.pk, invoice=invoice.invoice_number if invoice else None,
                 credits_granted=invoice.credits_granted if invoice else 0)
    return subscription


@transaction.atomic
def subscription_downgrade(*, organization_id: int, plan_id: str, actor=None) -> Subscription:
    """Scheduled for the end of the cycle; the current plan and credits stay until then."""
    subscription = _live_locked(organization_id)
    plan = _validate_change(subscription, plan_id, direction="downgrade")
    gateway = gateway_get(subscription.gateway)
    subscription.gateway_schedule_id = _gateway_call(gateway.subscription_schedule_change,
                                                     subscription=subscription, plan=plan)
    subscription.scheduled_plan = plan
    subscription.save(update_fields=["scheduled_plan", "gateway_schedule_id", "updated_at"])
    audit_record(organization_id=organization_id, action="subscription.downgrade_scheduled", actor=actor,
                 target=subscription.gateway_subscription_id, to_plan=plan.pk,
                 effective_at=subscription.current_period_end.isoformat() if subscription.current_period_end else None)
    return subscription


@transaction.atomic
def subscription_downgrade_cancel(*, organization_id: int, actor=None) -> Subscription:
    subscription = _live_locked(organization_id)
    if subscription.scheduled_plan_id is None:
        raise ApplicationError("No downgrade is scheduled.", code="no_scheduled_change")
    _gateway_call(gateway_get(subscription.gateway).subscription_schedule_release, subscription=subscription)
    audit_record(organization_id=organization_id, action="subscription.downgrade_cancelled", actor=actor,
                 target=subscription.gateway_subscription_id, to_plan=subscription.scheduled_plan_id)
    subscription.scheduled_plan, subscription.gateway_schedule_id = None, ""
    subscription.save(update_fields=["scheduled_plan", "gateway_schedule_id", "updated_at"])
    return subscription


@transaction.atomic
def subscription_cancel(*, organization_id: int, at_period_end: bool = True, actor=None) -> Subscription:
    """Cancel at the end of the cycle (default: credits stay usable until then) or now (credits expire)."""
    subscription = _live_locked(organization_id)
    gateway = gateway_get(subscription.gateway)
    if subscription.gateway_schedule_id:
        _gateway_call(gateway.subscription_schedule_release, subscription=subscription)
        subscription.scheduled_plan, subscription.gateway_schedule_id = None, ""
    info = _gateway_call(gateway.subscription_cancel, subscription=subscription, at_period_end=at_period_end)
    subscription_apply(subscription=subscription, info=info)
    if subscription.status == Subscription.Status.CANCELED:
        subscription_ended(subscription=subscription)
    audit_record(organization_id=organization_id, action="subscription.cancelled", actor=actor,
                 target=subscription.gateway_subscription_id, at_period_end=at_period_end)
    return subscription


@transaction.atomic
def subscription_cancel_undo(*, organization_id: int, actor=None) -> Subscription:
    """Keep a subscription that was set to end with its cycle: possible until the cycle ends."""
    subscription = _live_locked(organization_id)
    if not subscription.cancel_at_period_end:
        raise ApplicationError("The subscription is not set to end.", code="not_cancelled")
    info = _gateway_call(gateway_get(subscription.gateway).subscription_resume, subscription=subscription)
    subscription_apply(subscription=subscription, info=info)
    audit_record(organization_id=organization_id, action="subscription.cancel_undone", actor=actor,
                 target=subscription.gateway_subscription_id)
    return subscription


def subscription_ended(*, subscription: Subscription) -> None:
    """The subscription is over: unused credits expire."""
    subscription.status = Subscription.Status.CANCELED
    subscription.canceled_at = subscription.canceled_at or timezone.now()
    subscription.scheduled_plan, subscription.gateway_schedule_id = None, ""
    subscription.save(update_fields=["status", "canceled_at", "scheduled_plan", "gateway_schedule_id", "updated_at"])
    credits.credits_reset(organization_id=subscription.organization_id, credits=0,
                          reference=f"ended:{subscription.gateway_subscription_id or subscription.pk}",
                          note="subscription ended")


def subscriptions_renew_due(*, now: datetime | None = None) -> int:
    """Local gateway only (Stripe renews on its own clock and tells us by webhook): close every cycle that
    has ended — cancel, apply the scheduled downgrade, charge the next cycle and reset the credits."""
    if not local_gateway_allowed():
        # Renewing a local subscription grants credits for no money: never in production by accident.
        logger.warning("local renewals skipped: the local gateway is refused (DEBUG off, PAYMENT_GATEWAY != local)")
        return 0
    now = now or timezone.now()
    due = Subscription.objects.filter(gateway="local", status__in=LIVE, current_period_end__lte=now)
    renewed = 0
    for organization_id in due.values_list("organization_id", flat=True):
        with transaction.atomic():
            subscription = _locked(organization_id)
            if subscription is None or subscription.current_period_end > now:
                continue
            if subscription.cancel_at_period_end:
                subscription_ended(subscription=subscription)
                continue
            plan = subscription.scheduled_plan or subscription.plan
            info = gateway_get("local").subscription_renew(subscription=subscription, plan=plan)
            subscription_apply(subscription=subscription, info=info)
            subscription.plan = plan
            subscription.scheduled_plan, subscription.gateway_schedule_id = None, ""
            subscription.save(update_fields=["plan", "scheduled_plan", "gateway_schedule_id", "updated_at"])
            invoice_record_paid(organization=subscription.organization, info=info.latest_invoice, gateway="local",
                                plan=plan)
            renewed += 1
    return renewed


__all__ = [
    "checkout_complete",
    "checkout_create",
    "subscription_activate_local",
    "subscription_apply",
    "subscription_cancel",
    "subscription_change_now",
    "subscription_downgrade",
    "subscription_downgrade_cancel",
    "subscription_ended",
    "subscription_upgrade",
    "subscriptions_renew_due",
]
