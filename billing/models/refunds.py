from django.conf import settings
from django.db import models


class RefundRequest(models.Model):
    """A customer's request; staff decide in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ISSUED = "issued", "Issued"
        REJECTED = "rejected", "Rejected"

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="refund_requests")
    invoice = models.ForeignKey("billing.Invoice", on_delete=models.CASCADE, related_name="refund_requests")
    amount_cents = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    idempotency_key = models.CharField(max_length=100, null=True, blank=True,
                                       help_text="Idempotency-Key (or refund_id) the customer sent; a replay "
                                                 "returns this request.")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "idempotency_key"],
                                    name="billing_refund_request_unique_key"),
        ]

    def __str__(self) -> str:
        return f"request {self.pk} {self.invoice} {self.amount_cents} {self.status}"


class Refund(models.Model):
    """Money returned through the gateway, with who issued it."""

    invoice = models.ForeignKey("billing.Invoice", on_delete=models.PROTECT, related_name="refunds")
    request = models.ForeignKey("billing.RefundRequest", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="refunds")
    amount_cents = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    credits_removed = models.IntegerField(default=0)
    gateway_refund_id = models.CharField(max_length=100, unique=True)
    attempt_id = models.CharField(max_length=64, null=True, blank=True, unique=True,
                                  help_text="Id of the staff decision (given when the refund form was rendered); "
                                            "the gateway's idempotency key. Empty for refunds made at the gateway.")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at"]
        permissions = [("issue_refund", "Can issue refunds through the payment gateway")]

    def __str__(self) -> str:
        return f"{self.gateway_refund_id} {self.amount_cents}"


class BillingAuditEvent(models.Model):
    """Append-only trail of money-affecting actions (refund requests, refunds, plan changes)."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="billing_audit",
                                     null=True, blank=True, help_text="Empty for actions on plans.")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    action = models.CharField(max_length=60, db_index=True)
    target = models.CharField(max_length=200, blank=True, default="")
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target}"
