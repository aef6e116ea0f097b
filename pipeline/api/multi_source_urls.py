from django.urls import path

from pipeline.api.multi_source_views import MultiSourceValidationApi

urlpatterns = [
    path("validation/multi-source", MultiSourceValidationApi.as_view(), name="enrichment-multi-source"),
]
