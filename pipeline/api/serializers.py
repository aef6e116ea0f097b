from rest_framework import serializers

from pipeline.batch_figures import (
    batch_download_url,
    batch_extra_columns,
    batch_percent_complete,
    batch_progress,
    batch_rows_free,
    batch_timings,
)
from pipeline.models import Batch
from pipeline.services.enrichment_metrics import batch_enrichment_metrics


class UploadOutputSerializer(serializers.Serializer):
    upload_id = serializers.UUIDField(source="id")
    filename = serializers.CharField()
    size = serializers.IntegerField()
    file_path = serializers.CharField(source="storage_key")
    format = serializers.CharField()
    encoding = serializers.CharField()
    delimiter = serializers.CharField()
    rows = serializers.IntegerField(source="row_count")
    columns = serializers.ListField(child=serializers.CharField())
    column_mapping = serializers.DictField(child=serializers.CharField(allow_blank=True))
    created_at = serializers.DateTimeField()


class BatchOutputSerializer(serializers.Serializer):
    batch_id = serializers.UUIDField(source="id")
    job_id = serializers.UUIDField(source="id")
    status = serializers.CharField()
    filename = serializers.CharField(source="upload.filename")
    file_path = serializers.CharField(source="upload.storage_key")
    current_phase = serializers.CharField()
    progress = serializers.SerializerMethodField()
    percent_complete = serializers.SerializerMethodField()
    leads_total = serializers.IntegerField()
    leads_processed = serializers.IntegerField()
    leads_qualified = serializers.IntegerField()
    leads_rejected = serializers.IntegerField()
    leads_duplicate = serializers.IntegerField()
    phase3_metrics = serializers.SerializerMethodField()
    credits_estimated = serializers.IntegerField()
    credits_consumed = serializers.IntegerField()
    timings = serializers.SerializerMethodField()
    options = serializers.DictField()
    error = serializers.CharField()
    failed_phase = serializers.CharField()
    attempts = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()
    extra_columns = serializers.SerializerMethodField()
    rows_free = serializers.SerializerMethodField()

    def get_extra_columns(self, batch: Batch) -> list[str]:
        return batch_extra_columns(batch)

    def get_rows_free(self, batch: Batch) -> dict[str, int]:
        return batch_rows_free(batch)

    def get_progress(self, batch: Batch) -> dict:
        return batch_progress(batch)

    def get_percent_complete(self, batch: Batch) -> float:
        return batch_percent_complete(batch)

    def get_phase3_metrics(self, batch: Batch) -> dict:
        return batch_enrichment_metrics(batch)

    def get_timings(self, batch: Batch) -> dict:
        return batch_timings(batch)

    def get_download_url(self, batch: Batch) -> str | None:
        return batch_download_url(batch)


class UploadCreatedSerializer(UploadOutputSerializer):
    preview = serializers.ListField(child=serializers.DictField(), help_text="The first rows, as read.")


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or JSON leads file.")


class LeadAccountSerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True)
    domain = serializers.CharField(allow_null=True)
    industry = serializers.CharField(allow_null=True)
    employee_count = serializers.IntegerField(allow_null=True)
    signals = serializers.ListField(child=serializers.CharField())
    technologies = serializers.ListField(child=serializers.CharField())


class LeadContactSerializer(serializers.Serializer):
    full_name = serializers.CharField(allow_null=True)
    first_name = serializers.CharField(allow_null=True)
    last_name = serializers.CharField(allow_null=True)
    title_normalized = serializers.CharField(allow_null=True)
    seniority = serializers.CharField(allow_null=True)
    department = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    email_status = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    phone_status = serializers.CharField()
    linkedin = serializers.CharField(allow_null=True)
    country = serializers.CharField(allow_null=True)


class LeadOutputSerializer(serializers.Serializer):
    """The spec's lead JSON (pipeline.services.leads_export.lead_to_schema); documents the API's lead bodies."""

    lead_id = serializers.IntegerField()
    row_number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["QUALIFIED", "REJECTED", "DUPLICATE"])
    score = serializers.FloatField(allow_null=True)
    account = LeadAccountSerializer()
    contact = LeadContactSerializer()
    dedup_confidence = serializers.FloatField(allow_null=True)
    score_breakdown = serializers.ListField(child=serializers.DictField())


class LeadListItemSerializer(LeadOutputSerializer):
    reasons = serializers.ListField(child=serializers.DictField(), required=False,
                                    help_text="[{phase, code, message}], with ?status=ALL|REJECTED|DUPLICATE.")
    duplicate_of = serializers.IntegerField(allow_null=True, required=False,
                                            help_text="With ?status=ALL|REJECTED|DUPLICATE.")


class LeadDetailSerializer(LeadOutputSerializer):
    batch_id = serializers.UUIDField()
    reasons = serializers.ListField(child=serializers.DictField())
    validation = serializers.DictField()
    enrichment = serializers.DictField()
    dedup_cluster_id = serializers.CharField()
    duplicate_of = serializers.IntegerField(allow_null=True)
    dedup_reasons = serializers.JSONField()
    input = serializers.DictField(help_text="The input row as read.")
    extra = serializers.DictField()


class RescoreOutputSerializer(serializers.Serializer):
    batch_id = serializers.UUIDField()
    leads_qualified = serializers.IntegerField()
    leads_rejected = serializers.IntegerField()
    leads_duplicate = serializers.IntegerField()
    status_changes = serializers.IntegerField()
    threshold = serializers.FloatField()
    credits_charged = serializers.IntegerField()
