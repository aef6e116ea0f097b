from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.BillingPageView.as_view(), name="page"),
    path("action/", views.BillingActionView.as_view(), name="action"),
    path("cancel/", views.BillingCancelConfirmView.as_view(), name="cancel-confirm"),
    path("checkout/<str:session_id>/", views.LocalCheckoutView.as_view(), name="local-checkout"),
]
