from django.db import models


class InvoiceCounter(models.Model):
    """Per-year sequence, locked while a number is taken so numbers have no gaps or duplicates."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Invoice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PAID = "paid", "Paid"
        PAYMENT_FAILED = "payment_failed", "Payment failed"
        REFUNDED = "refunded", "Refunded"
        PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
        VOID = "void", "Void"

    class Reason(models.TextChoices):
        SUBSCRIPTION_CREATE = "subscription_create", "New subscription"
        SUBSCRIPTION_CYCLE = "subscription_cycle", "Renewal"
        SUBSCRIPTION_UPDATE = "subscription_update", "Plan change (prorated)"
        MANUAL = "manual", "Manual"

    invoice_number = models.CharField(max_length=20, unique=True)
    order_id = models.CharField(max_length=40, unique=True, help_text="Public id of the payment, used for refunds.")
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="invoices")
    plan = models.ForeignKey("billing.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    billing_reason = models.CharField(max_length=30, choices=Reason.choices, default=Reason.MANUAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    currency = models.CharField(max_length=3, default="usd")
    lines = models.JSONField(default=list,
                             help_text='[{"description", "quantity", "unit_amount_cents", "amount_cents"}]')
    subtotal_cents = models.IntegerField(default=0, help_text="Before discounts and tax.")
    discount_cents = models.IntegerField(default=0, help_text="Discounts, as the gateway's invoice states them.")
    discount_description = models.CharField(max_length=200, blank=True, default="")
    tax_cents = models.IntegerField(default=0)
    total_cents = models.IntegerField(default=0)
    amount_refunded_cents = models.IntegerField(default=0)
    credits_granted = models.IntegerField(default=0)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    gateway = models.CharField(max_length=20, default="local")
    gateway_invoice_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    gateway_charge_id = models.CharField(max_length=100, blank=True, default="", db_index=True)
    customer_name = models.CharField(max_length=200, blank=True, default="")
    customer_email = models.CharField(max_length=254, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_refunded_cents__gte=0)
                                   & models.Q(amount_refunded_cents__lte=models.F("total_cents")),
                                   name="billing_invoice_refund_within_total"),
            models.CheckConstraint(condition=models.Q(tax_cents__gte=0) & models.Q(discount_cents__gte=0),
                                   name="billing_invoice_tax_discount_non_negative"),
        ]

    def __str__(self) -> str:
        return self.invoice_number

    @property
    def amount_display(self) -> str:
        return f"{self.total_cents / 100:,.2f} {self.currency.upper()}"

    @property
    def refundable_cents(self) -> int:
        return max(self.total_cents - self.amount_refunded_cents, 0)
