"""Placeholder; replaced below."""
from django.views import View


class BillingPageView(View):
    pass


class LocalCheckoutView(View):
    pass


class BillingActionView(View):
    pass


class InvoicePdfView(View):
    pass
