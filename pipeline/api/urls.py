from django.urls import include, path

from pipeline.api import views

urlpatterns = [
    path("upload", views.UploadApi.as_view(), name="api-upload"),
    path("process", views.ProcessApi.as_view(), name="api-process"),
    path("batches", views.BatchListApi.as_view(), name="api-batches"),
    path("batches/<uuid:batch_id>", views.BatchDetailApi.as_view(), name="api-batch"),
    path("batches/<uuid:batch_id>/leads", views.BatchLeadsApi.as_view(), name="api-batch-leads"),
    path("batches/<uuid:batch_id>/cancel", views.BatchCancelApi.as_view(), name="api-batch-cancel"),
    path("batches/<uuid:batch_id>/retry", views.BatchRetryApi.as_view(), name="api-batch-retry"),
    path("download/<uuid:job_id>", views.DownloadApi.as_view(), name="api-download"),
    path("leads/<int:lead_id>", views.LeadDetailApi.as_view(), name="api-lead"),
    path("", include("pipeline.api.validation_urls")),
    path("", include("pipeline.api.scoring_urls")),
]
