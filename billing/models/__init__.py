"""Billing models, split by subdomain."""

from .credit_notes import CreditNote, CreditNoteCounter
from .credits import CreditBalance, CreditEntry
from .invoices import Invoice, InvoiceCounter
from .plans import Plan
from .refunds import BillingAuditEvent, Refund, RefundRequest
from .subscriptions import CheckoutSession, Subscription
from .webhooks import UnmatchedWebhookEvent, WebhookEvent

__all__ = [
    "BillingAuditEvent",
    "CheckoutSession",
    "CreditNote",
    "CreditNoteCounter",
    "CreditBalance",
    "CreditEntry",
    "Invoice",
    "InvoiceCounter",
    "Plan",
    "Refund",
    "RefundRequest",
    "Subscription",
    "UnmatchedWebhookEvent",
    "WebhookEvent",
]
