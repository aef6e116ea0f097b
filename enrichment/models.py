"""Enrichment data: company datasets, per-organisation settings, shared counters and predictive state.

Enriched profiles themselves live in the cache (L1/L2), never here; these tables hold what must
survive and be shared across processes.
"""

from django.db import models

from leadsite.core.models import Organization


class EnrichmentProfile(models.Model):
    """Per-organisation waterfall order (provider names); empty means settings.ENRICHMENT_WATERFALL."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="enrichment_profile")
    waterfall = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"enrichment profile of {self.organization}"


class CompanyDataset(models.Model):
    """A customer-uploaded company list; `version` changes on every import so process caches reload."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="company_dataset")
    filename = models.CharField(max_length=255, blank=True)
    rows = models.IntegerField(default=0)
    rows_rejected = models.IntegerField(default=0)
    version = models.IntegerField(default=1)
    uploaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows} companies)"


class CompanyRecord(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="company_records")
    domain = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=300, blank=True)
    name_key = models.CharField(max_length=300, blank=True)
    industry = models.CharField(max_length=200, blank=True)
    size = models.CharField(max_length=64, blank=True, help_text="As given: 250, 51-200, 10000+.")
    employee_count = models.IntegerField(null=True, blank=True)
    signals = models.JSONField(default=list, blank=True)
    technologies = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "domain", "name_key"], name="company_record_unique_key"),
        ]
        indexes = [models.Index(fields=["organization", "name_key"])]

    def __str__(self) -> str:
        return self.name or self.domain


class EnrichmentCounter(models.Model):
    """Monotonic counters shared by every process; durations in µs and money in micro-USD."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="enrichment_counters")
    name = models.CharField(max_length=64)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="enrichment_counter_unique")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class PredictivePattern(models.Model):
    KIND_COMPANY_BATCH = "company_batch"
    KIND_SEQUENTIAL = "sequential"
    KIND_DOMAIN = "domain_pattern"
    KIND_CHOICES = [(k, k) for k in (KIND_COMPANY_BATCH, KIND_SEQUENTIAL, KIND_DOMAIN)]

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="predictive_patterns")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    key = models.CharField(max_length=300, help_text="Company key, domain, or the earlier upload a list repeats.")
    detail = models.JSONField(default=dict, blank=True)
    support = models.IntegerField(default=0, help_text="Leads (company batch, domain) or overlap (sequential).")
    occurrences = models.IntegerField(default=1)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "key"], name="predictive_pattern_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class Prediction(models.Model):
    """One company we expect to be looked up soon, pre-enriched in the background."""

    STATUS_PENDING = "pending"
    STATUS_PROCESSING = "processing"
    STATUS_COMPLETED = "completed"
    STATUS_FAILED = "failed"
    STATUS_CHOICES = [(s, s) for s in (STATUS_PENDING, STATUS_PROCESSING, STATUS_COMPLETED, STATUS_FAILED)]

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="predictions")
    lookup_key = models.CharField(max_length=320)
    domain = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=20, choices=PredictivePattern.KIND_CHOICES)
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=STATUS_PENDING, db_index=True)
    found = models.BooleanField(null=True, blank=True)
    uses = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "lookup_key"], name="prediction_unique_key")]

    def __str__(self) -> str:
        return f"{self.lookup_key} ({self.status})"


class UploadFingerprint(models.Model):
    """The companies of one processed batch, to recognise a list that comes back (sequential pattern)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="upload_fingerprints")
    reference = models.CharField(max_length=64)
    lookup_keys = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["organization", "reference"], name="fingerprint_unique_ref")]

    def __str__(self) -> str:
        return self.reference
