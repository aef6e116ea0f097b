from django.urls import include, path

urlpatterns = [
    path("", include("pipeline.api.validation_urls")),
    path("", include("pipeline.api.scoring_urls")),
]
