"""Invoices: gap-free yearly numbers INV-YYYY-NNN and the record of every paid gateway invoice."""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..gateways.base import InvoiceInfo
from ..models import CreditEntry, Invoice, InvoiceCounter, Plan, Subscription
from . import credits
from .audit import audit_record
from .document_numbers import document_number_next
from .plans import plan_for_price


def invoice_number_next(*, year: int) -> str:
    """Take the next INV number of `year` (inside the transaction that saves the invoice)."""
    return document_number_next(counter_model=InvoiceCounter, prefix="INV", year=year)


def _tax_cents(subtotal_cents: int) -> int:
    return round(subtotal_cents * settings.BILLING_TAX_RATE_PERCENT / 100)


@transaction.atomic
def invoice_create(*, organization, plan: Plan | None, billing_reason: str, lines: list[dict], gateway: str,
                   gateway_invoice_id: str | None = None, charge_id: str = "", currency: str = "usd",
                   status: str = Invoice.Status.PAID, period_start=None, period_end=None,
                   subtotal_cents: int | None = None, discount_cents: int = 0, discount_description: str = "",
                   tax_cents: int | None = None, total_cents: int | None = None) -> Invoice:
    """Totals the gateway states are taken as they are (a discount is its own line, tax is never derived as
    total − subtotal); what it leaves out is derived: subtotal from the lines, tax from the configured rate."""
    subtotal = sum(int(line["amount_cents"]) for line in lines) if subtotal_cents is None else int(subtotal_cents)
    discount = max(int(discount_cents), 0)
    tax = _tax_cents(subtotal - discount) if tax_cents is None else int(tax_cents)
    total = subtotal - discount + tax if total_cents is None else int(total_cents)
    now = timezone.now()
    owner = organization.memberships.select_related("user").order_by("id").first()
    invoice = Invoice(
        invoice_number=invoice_number_next(year=now.year),
        order_id=f"ord_{secrets.token_hex(8)}",
        organization=organization, plan=plan, billing_reason=billing_reason, status=status, currency=currency,
        lines=lines, subtotal_cents=subtotal, discount_cents=discount,
        discount_description=(discount_description or "Discount") if discount else "", tax_cents=tax,
        total_cents=total,
        period_start=period_start, period_end=period_end, gateway=gateway,
        gateway_invoice_id=gateway_invoice_id or None, gateway_charge_id=charge_id or "",
        customer_name=organization.name, customer_email=owner.user.email if owner else "",
        paid_at=now if status == Invoice.Status.PAID else None,
    )
    invoice.full_clean()
    invoice.save()
    return invoice


def _plan_line(plan: Plan, info: InvoiceInfo) -> list[dict]:
    if info.lines:
        return info.lines
    period = ""
    if info.period_start and info.period_end:
        period = f" ({info.period_start:%Y-%m-%d} – {info.period_end:%Y-%m-%d})"
    description = f"{plan.name} plan, {plan.credits_per_cycle} credits{period}" if plan else "Subscription"
    return [{"description": description, "quantity": 1, "unit_amount_cents": info.amount_cents,
             "amount_cents": info.amount_cents}]


def proration_credits(*, lines: list[dict], period_start, period_end) -> int:
    """Credits a prorated plan change pays for: each proration line's plan credits × the share of the cycle
    it covers, signed like its amount (the unused time on the old plan is a credit). So an upgrade grants
    (new − old credits) × time left, never the new plan's full credits. Never negative."""
    if not period_start or not period_end or period_end <= period_start:
        return 0
    cycle = (period_end - period_start).total_seconds()
    total = 0.0
    for line in lines:
        if not line.get("proration") or not line.get("period_start") or not line.get("period_end"):
            continue
        plan = plan_for_price(price_id=line.get("price_id", ""))
        if plan is None:
            continue
        share = min(max((int(line["period_end"]) - int(line["period_start"])) / cycle, 0.0), 1.0)
        total += (-1 if int(line["amount_cents"]) < 0 else 1) * plan.credits_per_cycle * share
    return max(int(total), 0)


def _credits_for(invoice: Invoice, info: InvoiceInfo, plan: Plan | None, subscription: Subscription | None,
                 *, grant_credits: bool) -> int:
    """Give the credits a paid invoice pays for, once (reference invoice:<gateway id>); returns them.

    New subscription → grant the plan's credits; renewal → reset to the plan's credits; prorated plan change →
    grant the prorated difference. A subscription that has ended gets nothing (e.g. a renewal delivered after
    the deletion): the invoice is recorded and flagged in the audit trail for staff to refund."""
    organization_id = invoice.organization_id
    reference = f"invoice:{info.gateway_invoice_id}"
    if not grant_credits or (subscription is not None and subscription.status == Subscription.Status.CANCELED):
        if info.billing_reason != Invoice.Reason.MANUAL:
            audit_record(organization_id=organization_id, action="invoice.paid_after_cancel",
                         target=invoice.invoice_number, gateway_invoice_id=info.gateway_invoice_id,
                         total_cents=invoice.total_cents)
        return 0
    if plan and info.billing_reason == Invoice.Reason.SUBSCRIPTION_CREATE:
        credits.credits_grant(organization_id=organization_id, amount=plan.credits_per_cycle, reference=reference,
                              kind=CreditEntry.Kind.GRANT, note=f"{plan.name} plan {invoice.invoice_number}")
        return plan.credits_per_cycle
    if plan and info.billing_reason == Invoice.Reason.SUBSCRIPTION_CYCLE:
        credits.credits_reset(organization_id=organization_id, credits=plan.credits_per_cycle, reference=reference,
                              note=f"{plan.name} renewal {invoice.invoice_number}")
        return plan.credits_per_cycle
    if info.billing_reason == Invoice.Reason.SUBSCRIPTION_UPDATE and subscription is not None:
        granted = proration_credits(lines=info.lines, period_start=subscription.current_period_start,
                                    period_end=subscription.current_period_end)
        if granted:
            credits.credits_grant(organization_id=organization_id, amount=granted, reference=reference,
                                  kind=CreditEntry.Kind.GRANT, note=f"prorated plan change {invoice.invoice_number}")
        return granted
    return 0


@transaction.atomic
def invoice_record_paid(*, organization, info: InvoiceInfo, gateway: str, plan: Plan | None = None,
                        subscription: Subscription | None = None, grant_credits: bool = True) -> Invoice:
    """Record a paid gateway invoice once (by its gateway id) and give the credits it pays for (`_credits_for`),
    recorded on the invoice so that a refund of it takes them back. `grant_credits=False`: an invoice of a
    subscription that is not the organisation's current one (recorded and audited, no credits)."""
    existing = Invoice.objects.select_for_update().filter(gateway_invoice_id=info.gateway_invoice_id).first()
    if existing is not None:
        if existing.status != Invoice.Status.PAID and existing.amount_refunded_cents == 0:
            existing.status, existing.paid_at = Invoice.Status.PAID, existing.paid_at or timezone.now()
            existing.save(update_fields=["status", "paid_at"])
        return existing
    if subscription is None:
        subscription = Subscription.objects.select_for_update().filter(organization=organization).first()
    plan = plan or plan_for_price(price_id=info.price_id)
    lines = _plan_line(plan, info)
    invoice = invoice_create(
        organization=organization, plan=plan, billing_reason=info.billing_reason
        if info.billing_reason in Invoice.Reason.values else Invoice.Reason.MANUAL,
        lines=lines, gateway=gateway, gateway_invoice_id=info.gateway_invoice_id, charge_id=info.charge_id,
        currency=info.currency, period_start=info.period_start, period_end=info.period_end,
        subtotal_cents=info.subtotal_cents, discount_cents=info.discount_cents,
        discount_description=info.discount_description, tax_cents=info.tax_cents,
        total_cents=info.total_cents if info.total_cents is not None
        else (None if gateway == "local" else info.amount_cents),
    )
    granted = _credits_for(invoice, info, plan, subscription, grant_credits=grant_credits)
    if granted:
        invoice.credits_granted = granted
        invoice.save(update_fields=["credits_granted"])
    return invoice
