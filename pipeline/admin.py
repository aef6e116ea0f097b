from django.contrib import admin

from pipeline.models import Batch, Lead, ScoringProfile, Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ("filename", "organization", "row_count", "size", "format", "created_at")
    list_filter = ("format",)
    search_fields = ("filename", "storage_key", "organization__name")
    readonly_fields = ("storage_key", "sha256", "size", "created_at")


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("id", "organization", "status", "current_phase", "leads_total", "leads_qualified", "created_at")
    list_filter = ("status",)
    search_fields = ("id", "organization__name", "upload__filename")
    readonly_fields = ("progress", "metrics", "created_at", "started_at", "finished_at")


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "company_name", "status", "score", "batch", "row_number")
    list_filter = ("status", "email_status", "phone_status")
    search_fields = ("email", "full_name", "company_name", "domain")
    raw_id_fields = ("batch", "duplicate_of")
    list_select_related = ("batch",)


@admin.register(ScoringProfile)
class ScoringProfileAdmin(admin.ModelAdmin):
    list_display = ("organization", "updated_at")
