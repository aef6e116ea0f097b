from django.urls import path

from . import views

urlpatterns = [
    path("cache/stats", views.CacheStatsApi.as_view(), name="enrichment-cache-stats"),
    path("enrichment/predictive", views.PredictiveStatusApi.as_view(), name="enrichment-predictive"),
    path("enrichment/dataset", views.CompanyDatasetApi.as_view(), name="enrichment-dataset"),
    path("enrichment/waterfall", views.WaterfallApi.as_view(), name="enrichment-waterfall"),
]
