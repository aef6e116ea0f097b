from django.urls import path

from . import views

app_name = "enrichment"

urlpatterns = [
    path("", views.enrichment_page, name="home"),
]
