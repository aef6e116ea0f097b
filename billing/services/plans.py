from django.db import transaction

from leadsite.core.exceptions import ApplicationError

from ..models import Plan
from .audit import audit_record


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


@transaction.atomic
def plan_set_active(*, plan_id: str, active: bool, actor=None) -> Plan:
    """Offer a plan to new subscribers or withdraw it (current subscribers keep theirs); audited."""
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    if plan.is_active != active:
        plan.is_active = active
        plan.save(update_fields=["is_active"])
        audit_record(organization_id=None, action="plan.offered" if active else "plan.withdrawn", actor=actor,
                     target=plan.pk)
    return plan
