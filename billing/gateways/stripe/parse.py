"""Stripe objects (dicts, any API version since 2020) → our typed gateway results."""

from datetime import UTC, datetime

from ..base import InvoiceInfo, SubscriptionInfo


def _ts(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _id(value) -> str:
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


def subscription_info(obj: dict) -> SubscriptionInfo:
    items = (obj.get("items") or {}).get("data") or [{}]
    item = items[0]
    price = item.get("price") or item.get("plan") or {}
    # API 2025-03-31+ moved the period onto the items.
    start = obj.get("current_period_start") or item.get("current_period_start")
    end = obj.get("current_period_end") or item.get("current_period_end")
    status = obj.get("status", "")
    if status in ("trialing",):
        status = "active"
    elif status in ("unpaid", "incomplete_expired"):
        status = "past_due"
    return SubscriptionInfo(
        subscription_id=obj.get("id", ""), customer_id=_id(obj.get("customer")), item_id=item.get("id", ""),
        price_id=_id(price), status=status, current_period_start=_ts(start), current_period_end=_ts(end),
        cancel_at_period_end=bool(obj.get("cancel_at_period_end")), schedule_id=_id(obj.get("schedule")),
    )


def invoice_info(obj: dict) -> InvoiceInfo:
    lines = ((obj.get("lines") or {}).get("data")) or []
    price_id = ""
    our_lines = []
    for line in lines:
        price = line.get("price") or line.get("plan") or {}
        details = ((line.get("pricing") or {}).get("price_details")) or {}
        price_id = price_id or _id(price) or details.get("price", "")
        quantity = line.get("quantity") or 1
        our_lines.append({"description": line.get("description") or "Subscription", "quantity": quantity,
                          "unit_amount_cents": int(line.get("amount", 0)) // quantity,
                          "amount_cents": int(line.get("amount", 0))})
    charge = _id(obj.get("charge"))
    if not charge:
        for payment in ((obj.get("payments") or {}).get("data")) or []:
            charge = _id((payment.get("payment") or {}).get("charge"))
            if charge:
                break
    period = lines[0].get("period", {}) if lines else {}
    return InvoiceInfo(
        gateway_invoice_id=obj["id"], charge_id=charge,
        amount_cents=int(obj.get("amount_paid") or obj.get("total") or 0),
        currency=obj.get("currency") or "usd", billing_reason=obj.get("billing_reason") or "manual", price_id=price_id,
        period_start=_ts(period.get("start") or obj.get("period_start")),
        period_end=_ts(period.get("end") or obj.get("period_end")), lines=our_lines,
    )
