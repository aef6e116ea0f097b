from django.urls import path

from pipeline.api.scoring_views import BatchRescoreApi, ScoringProfileApi

urlpatterns = [
    path("scoring-profile", ScoringProfileApi.as_view(), name="api-scoring-profile"),
    path("batches/<uuid:batch_id>/rescore", BatchRescoreApi.as_view(), name="api-batch-rescore"),
]
