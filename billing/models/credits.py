from django.db import models


class CreditBalance(models.Model):
    """One row per organisation, locked (SELECT … FOR UPDATE) by every credit movement.

    `balance` is what can still be reserved or charged; `reserved` is held by running batches.
    The balance always equals the sum of the organisation's ledger entries.
    """

    organization = models.OneToOneField("core.Organization", on_delete=models.CASCADE, primary_key=True,
                                        related_name="credit_balance")
    balance = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="billing_credit_balance_non_negative"),
            models.CheckConstraint(condition=models.Q(reserved__gte=0), name="billing_credit_reserved_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.balance} (+{self.reserved} reserved)"


class CreditEntry(models.Model):
    """Append-only credit ledger. `amount` is signed; (organization, kind, reference) is unique,
    which makes every movement idempotent (a redelivered invoice.paid never grants twice)."""

    class Kind(models.TextChoices):
        GRANT = "grant", "Grant"
        RESET = "reset", "Cycle reset"
        CONSUME = "consume", "Consume"
        RESERVE = "reserve", "Reserve"
        RELEASE = "release", "Release"
        REFUND = "refund", "Refund"
        ADJUSTMENT = "adjustment", "Adjustment"

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="credit_entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.IntegerField()
    balance_after = models.IntegerField()
    reference = models.CharField(max_length=200)
    note = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "reference"],
                                    name="billing_credit_entry_unique_ref"),
        ]
        indexes = [models.Index(fields=["organization", "kind", "created_at"], name="billing_credit_usage_idx")]
        verbose_name_plural = "credit entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.amount:+d} ({self.reference})"
