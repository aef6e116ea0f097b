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


def _proration(line: dict) -> bool:
    if "proration" in line:
        return bool(line["proration"])
    parent = line.get("parent") or {}  # API 2025-03-31+
    details = parent.get("subscription_item_details") or parent.get("invoice_item_details") or {}
    return bool(details.get("proration"))


def _line(line: dict) -> dict:
    price = line.get("price") or line.get("plan") or {}
    details = ((line.get("pricing") or {}).get("price_details")) or {}
    quantity = line.get("quantity") or 1
    amount = int(line.get("amount", 0))
    period = line.get("period") or {}
    return {"description": line.get("description") or "Subscription", "quantity": quantity,
            "unit_amount_cents": amount // quantity, "amount_cents": amount,
            "price_id": _id(price) or details.get("price", ""), "proration": _proration(line),
            "period_start": int(period["start"]) if period.get("start") else None,
            "period_end": int(period["end"]) if period.get("end") else None}


def invoice_info(obj: dict) -> InvoiceInfo:
    lines = [_line(line) for line in ((obj.get("lines") or {}).get("data")) or []]
    # The subscription's price: the first line that is not a credit for unused time.
    price_id = next((line["price_id"] for line in lines if line["price_id"] and line["amount_cents"] >= 0),
                    next((line["price_id"] for line in lines if line["price_id"]), ""))
    charge = _id(obj.get("charge"))
    if not charge:
        for payment in ((obj.get("payments") or {}).get("data")) or []:
            charge = _id((payment.get("payment") or {}).get("charge"))
            if charge:
                break
    first = lines[0] if lines else {}
    total = obj.get("total")
    return InvoiceInfo(
        gateway_invoice_id=obj["id"], charge_id=charge,
        amount_cents=int(obj.get("amount_paid") or obj.get("total") or 0),
        currency=obj.get("currency") or "usd", billing_reason=obj.get("billing_reason") or "manual", price_id=price_id,
        period_start=_ts(first.get("period_start") or obj.get("period_start")),
        period_end=_ts(first.get("period_end") or obj.get("period_end")), lines=lines,
        subscription_id=_id(obj.get("subscription"))
        or _id(((obj.get("parent") or {}).get("subscription_details") or {}).get("subscription")),
        subtotal_cents=int(obj["subtotal"]) if obj.get("subtotal") is not None else None,
        discount_cents=sum(int(d.get("amount") or 0) for d in obj.get("total_discount_amounts") or []),
        discount_description=_discount_description(obj), tax_cents=_tax(obj),
        total_cents=int(total) if total is not None else None,
    )


def _tax(obj: dict) -> int | None:
    """Exclusive tax: `tax` (API before 2025-03-31) or the sum of `total_taxes` (after); None when absent."""
    if obj.get("total_taxes") is not None:
        return sum(int(t.get("amount") or 0) for t in obj["total_taxes"]
                   if t.get("tax_behavior", "exclusive") == "exclusive")
    if obj.get("subtotal") is not None or "tax" in obj:
        return int(obj.get("tax") or 0)
    return None


def _discount_description(obj: dict) -> str:
    discounts = [obj.get("discount")] + list(obj.get("discounts") or [])
    names = []
    for discount in discounts:
        if isinstance(discount, dict):
            coupon = discount.get("coupon") or (discount.get("source") or {}).get("coupon") or {}
            if isinstance(coupon, dict) and (coupon.get("name") or coupon.get("id")):
                names.append(coupon.get("name") or coupon["id"])
    unique = list(dict.fromkeys(names))
    return f"Discount ({', '.join(unique)})" if unique else "Discount"
