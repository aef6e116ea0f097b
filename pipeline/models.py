"""Uploads, batches and leads. Every row carries its organisation so that scoping is one filter."""

import uuid

from django.conf import settings
from django.db import models

from leadsite.core.models import Organization
from pipeline.fields import JSONDocumentField

PHASES = ("ingest", "normalize", "validate", "enrich", "dedup", "score", "finalize")


class Upload(models.Model):
    FORMAT_CSV = "csv"
    FORMAT_JSON = "json"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    filename = models.CharField(max_length=255, help_text="Sanitised display name; never used as a path.")
    storage_key = models.CharField(max_length=255, unique=True, help_text="Key in the default storage.")
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=8, choices=[(FORMAT_CSV, "CSV"), (FORMAT_JSON, "JSON")])
    encoding = models.CharField(max_length=32, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    columns = models.JSONField(default=list, blank=True, help_text="Header names as found in the file.")
    column_mapping = models.JSONField(default=dict, blank=True, help_text="Header → lead field.")
    row_count = models.IntegerField(default=0, help_text="Data rows counted at upload (credit estimate).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "filename", "-created_at"])]

    def __str__(self) -> str:
        return self.filename


class Batch(models.Model):
    STATUS_PENDING = "pending"
    STATUS_RUNNING = "running"
    STATUS_COMPLETED = "completed"
    STATUS_FAILED = "failed"
    STATUS_CANCELLED = "cancelled"
    STATUS_CHOICES = [
        (s, s.title()) for s in (STATUS_PENDING, STATUS_RUNNING, STATUS_COMPLETED, STATUS_FAILED, STATUS_CANCELLED)
    ]
    FINAL_STATUSES = (STATUS_COMPLETED, STATUS_FAILED, STATUS_CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="batches")
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=STATUS_PENDING, db_index=True)
    current_phase = models.CharField(max_length=16, blank=True)
    progress = models.JSONField(
        default=dict, blank=True, help_text="Per phase: status, done, total, started_at, finished_at, seconds."
    )
    options = models.JSONField(default=dict, blank=True, help_text="dedup_history (bool), etc.")
    leads_total = models.IntegerField(default=0)
    leads_processed = models.IntegerField(default=0)
    leads_qualified = models.IntegerField(default=0)
    leads_rejected = models.IntegerField(default=0)
    leads_duplicate = models.IntegerField(default=0)
    metrics = models.JSONField(
        default=dict, blank=True, help_text="Counters of this batch (cache hits, providers, validation)."
    )
    credits_estimated = models.IntegerField(default=0)
    credits_consumed = models.IntegerField(default=0)
    error = models.TextField(blank=True)
    failed_phase = models.CharField(max_length=16, blank=True)
    attempts = models.IntegerField(default=0)
    auto_resumes = models.IntegerField(default=0, help_text="Times recovery resumed it after its worker was lost.")
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the attempt working on it (progress writes)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "batches"
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="batch_status_heartbeat")]

    def __str__(self) -> str:
        return f"batch {self.id} ({self.status})"


class ScoringProfile(models.Model):
    """Per-organisation scoring rules; `config` holds weights, threshold and gates (see pipeline.scoring)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="scoring_profile")
    config = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"scoring profile of {self.organization}"


class Lead(models.Model):
    STATUS_PENDING = "PENDING"
    STATUS_QUALIFIED = "QUALIFIED"
    STATUS_REJECTED = "REJECTED"
    STATUS_DUPLICATE = "DUPLICATE"
    STATUS_CHOICES = [(s, s) for s in (STATUS_PENDING, STATUS_QUALIFIED, STATUS_REJECTED, STATUS_DUPLICATE)]

    # Few indexes on purpose: dedup and the score rewrite rows in bulk, and each index costs on every write.
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="leads", db_index=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="leads", db_index=False)
    row_number = models.IntegerField(help_text="1-based data row of the input file.")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=STATUS_PENDING)
    reasons = JSONDocumentField(default=list, blank=True, help_text="[{phase, code, message}] — why this status.")
    raw = JSONDocumentField(default=dict, blank=True, help_text="Mapped input values as read.")
    extra = JSONDocumentField(default=dict, blank=True, help_text="Input columns we do not map, kept as-is.")

    # contact
    first_name = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=200, blank=True)
    full_name = models.CharField(max_length=400, blank=True)
    email = models.CharField(max_length=320, blank=True)
    email_status = models.CharField(max_length=32, blank=True)
    phone = models.CharField(max_length=64, blank=True, help_text="E.164 (with ;ext=) when parseable, else as given.")
    phone_status = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=300, blank=True)
    title_normalized = models.CharField(max_length=300, blank=True)
    seniority = models.CharField(max_length=32, blank=True)
    department = models.CharField(max_length=64, blank=True)
    linkedin = models.CharField(max_length=500, blank=True)
    # account
    company_name = models.CharField(max_length=300, blank=True)
    company_key = models.CharField(max_length=300, blank=True, help_text="Company match key without legal suffixes.")
    domain = models.CharField(max_length=255, blank=True, help_text="Registrable domain.")
    website = models.CharField(max_length=500, blank=True)
    industry = models.CharField(max_length=200, blank=True)
    employee_count = models.IntegerField(null=True, blank=True)
    signals = JSONDocumentField(default=list, blank=True)
    technologies = JSONDocumentField(default=list, blank=True)
    # address
    street = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=32, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")

    # phase outputs
    validation = JSONDocumentField(default=dict, blank=True, help_text="Checks run by validate and what they found.")
    enrichment = JSONDocumentField(default=dict, blank=True, help_text="Provenance of enriched fields.")
    match_keys = JSONDocumentField(default=dict, blank=True, help_text="Blocking keys computed for dedup.")
    dedup_features = JSONDocumentField(
        default=list, blank=True, help_text="Dedup's comparison features, packed at ingest (pipeline.dedup.records)."
    )
    dedup_cluster_id = models.CharField(max_length=64, blank=True)
    dedup_confidence = models.FloatField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    dedup_reasons = JSONDocumentField(default=list, blank=True)
    score = models.FloatField(null=True, blank=True)
    score_breakdown = JSONDocumentField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["row_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_number"], name="lead_unique_row_per_batch")]
        indexes = [
            models.Index(fields=["batch", "id"], name="lead_batch_chunks"),
            # counts per status, and the qualified listing / download in their order without a sort
            models.Index(
                fields=["batch", "status", "-score", "row_number"], include=["id"], name="lead_batch_status_score"
            ),
            models.Index(fields=["organization", "email"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.email or 'lead'} (row {self.row_number})"

    @property
    def cluster_id(self) -> str:
        """Dedup cluster: stored for leads in a multi-lead cluster; a lead alone is its own cluster."""
        return self.dedup_cluster_id or f"c{self.pk}"


class IdempotentRequest(models.Model):
    """A POST made with an `Idempotency-Key` header: the first response is kept for a day and replayed."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="idempotent_requests")
    endpoint = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64, help_text="sha256 of the request body, to refuse reuse.")
    status_code = models.IntegerField(null=True, blank=True, help_text="Empty while the first request runs.")
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "endpoint", "key"], name="idempotent_request_unique_key")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotent_request_created")]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"


class LeadKey(models.Model):
    """One blocking key of a lead that later uploads of its organisation may duplicate: dedup's index of
    earlier leads, so that a file finds them through the same keys as its own leads (docs/dedup-scoring.md).
    `key` is the first 64 bits of the md5 of the key's text (`dedup.history_keys.key_hash`)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, db_index=False, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="+")
    # deleted with its batch; no constraint, so that writing keys never locks or checks lead rows
    lead = models.ForeignKey(Lead, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organization", "key"], include=["lead", "batch"], name="leadkey_org_key")]

    def __str__(self) -> str:
        return f"key {self.key} of lead {self.lead_id}"
