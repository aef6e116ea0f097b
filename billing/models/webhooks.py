from django.db import models


class WebhookEvent(models.Model):
    """Every verified gateway event, stored once by its id (redeliveries are acknowledged and skipped)."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        IGNORED = "ignored", "Ignored"
        UNMATCHED = "unmatched", "Unmatched (unknown customer)"
        FAILED = "failed", "Failed"

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    livemode = models.BooleanField(default=False)
    event_created = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    error = models.TextField(blank=True, default="")
    attempts = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type} {self.status}"


class UnmatchedWebhookEvent(WebhookEvent):
    """Events for customers Leadsite does not know: acknowledged to the gateway, set aside for staff."""

    class Meta:
        proxy = True
        verbose_name = "unmatched webhook event"
