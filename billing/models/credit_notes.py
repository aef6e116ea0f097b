from django.conf import settings
from django.db import models


class CreditNoteCounter(models.Model):
    """Per-year sequence of credit notes (CN-YYYY-NNN), locked like the invoice counter: no gaps, no duplicates."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CreditNote(models.Model):
    """The document a refund issues; the invoice it credits stays as it was issued."""

    credit_note_number = models.CharField(max_length=20, unique=True)
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="credit_notes")
    invoice = models.ForeignKey("billing.Invoice", on_delete=models.PROTECT, related_name="credit_notes")
    refund = models.OneToOneField("billing.Refund", on_delete=models.PROTECT, related_name="credit_note")
    currency = models.CharField(max_length=3, default="usd")
    subtotal_cents = models.IntegerField()
    tax_cents = models.IntegerField(default=0)
    total_cents = models.PositiveIntegerField()
    reason = models.CharField(max_length=500, blank=True, default="")
    credits_removed = models.IntegerField(default=0)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.credit_note_number

    @property
    def amount_display(self) -> str:
        return f"{self.total_cents / 100:,.2f} {self.currency.upper()}"
