from ..models import BillingAuditEvent


def audit_record(*, organization_id: int, action: str, actor=None, target: str = "", **details) -> BillingAuditEvent:
    return BillingAuditEvent.objects.create(
        organization_id=organization_id, actor=actor if actor and actor.is_authenticated else None,
        action=action, target=target, details=details,
    )
