from django.db import models


class Plan(models.Model):
    """A sellable plan; `id` is the public plan_id ("starter", "professional", "enterprise")."""

    id = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=80)
    monthly_price_cents = models.PositiveIntegerField(help_text="Price per monthly cycle in cents.")
    currency = models.CharField(max_length=3, default="usd")
    credits_per_cycle = models.PositiveIntegerField()
    stripe_price_id = models.CharField(max_length=100, blank=True, default="", db_index=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["monthly_price_cents"]

    def __str__(self) -> str:
        return f"{self.name} ({self.monthly_price_cents / 100:.2f} {self.currency.upper()}/month)"

    @property
    def price_display(self) -> str:
        return f"{self.monthly_price_cents / 100:,.2f} {self.currency.upper()}"
