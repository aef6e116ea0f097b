"""Read side of billing: subscription summary, usage from the ledger, invoices."""

from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from leadsite.core.exceptions import ApplicationError

from .models import CreditBalance, CreditEntry, CreditNote, Invoice, Subscription

USAGE_MAX_DAYS = 365


def subscription_summary(*, organization_id: int) -> dict:
    subscription = Subscription.objects.select_related("plan", "scheduled_plan").filter(
        organization_id=organization_id).first()
    balance = CreditBalance.objects.filter(organization_id=organization_id).first()
    remaining = balance.balance if balance else 0
    if subscription is None or subscription.status == Subscription.Status.INCOMPLETE:
        return {"plan_id": None, "plan_name": None, "credits_total": 0, "credits_remaining": remaining,
                "credits_reserved": balance.reserved if balance else 0,
                "billing_cycle_start": None, "billing_cycle_end": None, "status": "none",
                "cancel_at_period_end": False, "scheduled_change": None, "gateway": None}
    scheduled = None
    if subscription.scheduled_plan_id:
        scheduled = {"plan_id": subscription.scheduled_plan_id, "plan_name": subscription.scheduled_plan.name,
                     "effective_at": _day(subscription.current_period_end)}
    return {
        "plan_id": subscription.plan_id,
        "plan_name": subscription.plan.name,
        "credits_total": subscription.plan.credits_per_cycle if subscription.status != "canceled" else 0,
        "credits_remaining": remaining,
        "credits_reserved": balance.reserved if balance else 0,
        "billing_cycle_start": _day(subscription.current_period_start),
        "billing_cycle_end": _day(subscription.current_period_end),
        "status": subscription.status,
        "cancel_at_period_end": subscription.cancel_at_period_end,
        "scheduled_change": scheduled,
        "gateway": subscription.gateway,
    }


def _day(value) -> str | None:
    return value.date().isoformat() if value else None


def usage_daily(*, organization_id: int, days: int, today: date | None = None) -> dict:
    """Credits consumed per UTC day over the last `days` days (today included), zero days filled."""
    if not isinstance(days, int) or not 1 <= days <= USAGE_MAX_DAYS:
        raise ApplicationError(f"days must be between 1 and {USAGE_MAX_DAYS}.", code="invalid_days",
                               details={"days": days})
    today = today or timezone.now().date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=UTC)  # a range on created_at uses the usage index
    until = datetime.combine(today + timedelta(days=1), time.min, tzinfo=UTC)
    rows = (
        CreditEntry.objects.filter(organization_id=organization_id, kind=CreditEntry.Kind.CONSUME,
                                   created_at__gte=since, created_at__lt=until)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(used=Sum("amount"))
    )
    by_day = {row["day"]: -row["used"] for row in rows}
    series = [{"date": (first + timedelta(days=i)).isoformat(), "credits": by_day.get(first + timedelta(days=i), 0)}
              for i in range(days)]
    return {"total_consumed": sum(point["credits"] for point in series), "daily_usage": series}


def invoices_for_organization(*, organization_id: int):
    return Invoice.objects.filter(organization_id=organization_id).prefetch_related("credit_notes").order_by(
        "-created_at", "-id")


def credit_notes_for_organization(*, organization_id: int):
    return CreditNote.objects.filter(organization_id=organization_id).select_related("invoice", "refund").order_by(
        "-created_at", "-id")


def credit_note_for_organization(*, organization_id: int, credit_note_number: str) -> CreditNote:
    note = credit_notes_for_organization(organization_id=organization_id).filter(
        credit_note_number=credit_note_number).first()
    if note is None:
        raise ApplicationError("Credit note not found.", code="not_found", status_code=404)
    return note


def invoice_for_organization(*, organization_id: int, invoice_number: str) -> Invoice:
    invoice = Invoice.objects.select_related("plan", "organization").filter(
        organization_id=organization_id, invoice_number=invoice_number).first()
    if invoice is None:
        raise ApplicationError("Invoice not found.", code="not_found", status_code=404)
    return invoice
