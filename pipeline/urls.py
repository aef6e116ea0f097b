from django.urls import path

from pipeline import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload_page, name="upload"),
    path("uploads/<uuid:upload_id>/", views.upload_detail_page, name="upload-detail"),
    path("batches/", views.batches_page, name="batches"),
    path("batches/<uuid:batch_id>/", views.batch_page, name="batch"),
    path("batches/<uuid:batch_id>/<str:action>/", views.batch_action, name="batch-action"),
    path("leads/<int:lead_id>/", views.lead_page, name="lead"),
    path("tokens/", views.tokens_page, name="tokens"),
]
