from django.urls import path

from . import views

urlpatterns = [
    path("create-checkout", views.CreateCheckoutApi.as_view(), name="billing-create-checkout"),
    path("subscription", views.SubscriptionApi.as_view(), name="billing-subscription"),
    path("subscription/upgrade", views.SubscriptionUpgradeApi.as_view(), name="billing-upgrade"),
    path("subscription/downgrade", views.SubscriptionDowngradeApi.as_view(), name="billing-downgrade"),
    path("subscription/cancel", views.SubscriptionCancelApi.as_view(), name="billing-cancel"),
    path("subscription/resume", views.SubscriptionResumeApi.as_view(), name="billing-resume"),
    path("usage", views.UsageApi.as_view(), name="billing-usage"),
    path("refund", views.RefundRequestApi.as_view(), name="billing-refund"),
    path("invoices", views.InvoiceListApi.as_view(), name="billing-invoices"),
    path("invoices/<str:invoice_number>/pdf", views.InvoicePdfApi.as_view(), name="billing-invoice-pdf"),
    path("credit-notes", views.CreditNoteListApi.as_view(), name="billing-credit-notes"),
    path("credit-notes/<str:credit_note_number>/pdf", views.CreditNotePdfApi.as_view(),
         name="billing-credit-note-pdf"),
    path("webhook", views.WebhookApi.as_view(), name="billing-webhook"),
]
