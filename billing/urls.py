from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.BillingPageView.as_view(), name="page"),
    path("checkout/<str:session_id>/", views.LocalCheckoutView.as_view(), name="local-checkout"),
    path("action/", views.BillingActionView.as_view(), name="action"),
    path("invoices/<str:invoice_number>.pdf", views.InvoicePdfView.as_view(), name="invoice-pdf"),
]
