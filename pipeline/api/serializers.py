from rest_framework import serializers

from pipeline.models import PHASES, Batch
from pipeline.services.phase3 import batch_phase3_metrics


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

    def get_progress(self, batch: Batch) -> dict:
        return {phase: batch.progress.get(phase, {"status": "pending"}) for phase in PHASES}

    def get_percent_complete(self, batch: Batch) -> float:
        if batch.status == Batch.STATUS_COMPLETED:
            return 100.0
        share = 0.0
        for phase in PHASES:
            entry = batch.progress.get(phase) or {}
            if entry.get("status") == "done":
                share += 1
            elif entry.get("total"):
                share += min(1.0, entry.get("done", 0) / entry["total"])
        return round(100.0 * share / len(PHASES), 1)

    def get_phase3_metrics(self, batch: Batch) -> dict:
        return batch_phase3_metrics(batch)

    def get_timings(self, batch: Batch) -> dict:
        per_phase = {p: (batch.progress.get(p) or {}).get("seconds") for p in PHASES}
        total = None
        if batch.started_at and batch.finished_at:
            total = round((batch.finished_at - batch.started_at).total_seconds(), 3)
        return {"phases": per_phase, "total_seconds": total}

    def get_download_url(self, batch: Batch) -> str | None:
        if batch.status != Batch.STATUS_COMPLETED:
            return None
        return f"/api/download/{batch.pk}"
