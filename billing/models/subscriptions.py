from django.db import models


class Subscription(models.Model):
    """The organisation's subscription, mirrored from the payment gateway (one per organisation)."""

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", "Incomplete"
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Past due"
        CANCELED = "canceled", "Canceled"

    organization = models.OneToOneField("core.Organization", on_delete=models.CASCADE, related_name="subscription")
    plan = models.ForeignKey("billing.Plan", on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INCOMPLETE)
    gateway = models.CharField(max_length=20, default="local")
    gateway_customer_id = models.CharField(max_length=100, blank=True, default="", db_index=True)
    gateway_subscription_id = models.CharField(max_length=100, blank=True, default="", db_index=True)
    gateway_item_id = models.CharField(max_length=100, blank=True, default="")
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    scheduled_plan = models.ForeignKey("billing.Plan", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", help_text="Downgrade taking effect at the end of the cycle.")
    gateway_schedule_id = models.CharField(max_length=100, blank=True, default="")
    cancel_at_period_end = models.BooleanField(default=False)
    canceled_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True,
                                         help_text="Newest gateway event applied; older ones are ignored.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organization_id} {self.plan_id} {self.status}"


class CheckoutSession(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        COMPLETE = "complete", "Complete"
        EXPIRED = "expired", "Expired"

    session_id = models.CharField(max_length=200, unique=True)
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="checkout_sessions")
    plan = models.ForeignKey("billing.Plan", on_delete=models.PROTECT, related_name="+")
    gateway = models.CharField(max_length=20)
    url = models.URLField(max_length=1000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.session_id
