from leadsite.core.exceptions import ApplicationError

from ..models import Plan


def plan_get(*, plan_id: str) -> Plan:
    plan = Plan.objects.filter(pk=str(plan_id or "").strip().lower(), is_active=True).first()
    if plan is None:
        choices = list(Plan.objects.filter(is_active=True).values_list("id", flat=True))
        raise ApplicationError(f"Unknown plan {plan_id!r}.", code="unknown_plan", details={"plan_ids": choices})
    return plan


def plan_for_price(*, price_id: str) -> Plan | None:
    """The plan a gateway price id belongs to (the local gateway uses the plan id when no price is set)."""
    if not price_id:
        return None
    return Plan.objects.filter(stripe_price_id=price_id).first() or Plan.objects.filter(pk=price_id).first()
