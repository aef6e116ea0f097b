from django.urls import path

from pipeline.api.validation_views import ValidateApi

urlpatterns = [
    path("validate", ValidateApi.as_view(), name="api-validate"),
]
