from django.contrib import admin

from .models import (
    CompanyDataset,
    CompanyRecord,
    EnrichmentCounter,
    EnrichmentProfile,
    Prediction,
    PredictivePattern,
    UploadFingerprint,
)


@admin.register(EnrichmentProfile)
class EnrichmentProfileAdmin(admin.ModelAdmin):
    list_display = ("organization", "waterfall", "updated_at")


@admin.register(CompanyDataset)
class CompanyDatasetAdmin(admin.ModelAdmin):
    list_display = ("organization", "filename", "rows", "rows_rejected", "version", "uploaded_at")


@admin.register(CompanyRecord)
class CompanyRecordAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "industry", "employee_count", "organization")
    list_filter = ("organization",)
    search_fields = ("name", "domain")


@admin.register(EnrichmentCounter)
class EnrichmentCounterAdmin(admin.ModelAdmin):
    list_display = ("organization", "name", "value")
    list_filter = ("organization",)


@admin.register(PredictivePattern)
class PredictivePatternAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "key", "support", "occurrences", "last_seen")
    list_filter = ("kind",)


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ("organization", "lookup_key", "source", "status", "found", "uses", "created_at", "used_at")
    list_filter = ("status", "source")


@admin.register(UploadFingerprint)
class UploadFingerprintAdmin(admin.ModelAdmin):
    list_display = ("organization", "reference", "created_at")
