from ..models import BillingAuditEvent


def audit_record(*, organization_id: int | None, action: str, actor=None, target: str = "",
                 **details) -> BillingAuditEvent:
    """One row of the trail; `organization_id` is None for actions on the catalogue (plans)."""
    return BillingAuditEvent.objects.create(
        organization_id=organization_id, actor=actor if actor and actor.is_authenticated else None,
        action=action, target=target, details=details,
    )
