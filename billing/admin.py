from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from leadsite.core.exceptions import ApplicationError

from .forms import RefundIssueForm, refund_attempt_id_new
from .models import (
    BillingAuditEvent,
    CheckoutSession,
    CreditBalance,
    CreditEntry,
    CreditNote,
    Invoice,
    Plan,
    Refund,
    RefundRequest,
    Subscription,
    UnmatchedWebhookEvent,
    WebhookEvent,
)
from .services.refunds import refund_issue, refund_request_reject
from .services.webhooks import webhook_event_process


class ReadOnlyAdmin(admin.ModelAdmin):
    """Ledgers and trails are append-only: visible, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "monthly_price_cents", "credits_per_cycle", "stripe_price_id", "is_active")
    list_editable = ("monthly_price_cents", "credits_per_cycle", "stripe_price_id", "is_active")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("organization", "plan", "status", "gateway", "current_period_end", "scheduled_plan",
                    "cancel_at_period_end")
    list_filter = ("status", "gateway", "plan")
    search_fields = ("organization__name", "gateway_customer_id", "gateway_subscription_id")
    readonly_fields = ("gateway_customer_id", "gateway_subscription_id", "gateway_item_id", "gateway_schedule_id",
                       "last_event_at", "created_at", "updated_at")


@admin.register(CreditBalance)
class CreditBalanceAdmin(ReadOnlyAdmin):
    list_display = ("organization", "balance", "reserved", "updated_at")
    search_fields = ("organization__name",)


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "organization", "kind", "amount", "balance_after", "reference")
    list_filter = ("kind",)
    search_fields = ("organization__name", "reference")


def _issue_refund_view(modeladmin, request, invoice: Invoice, refund_request: RefundRequest | None, initial: dict):
    if not request.user.has_perm("billing.issue_refund"):
        raise PermissionDenied
    submitted = "apply" in request.POST
    form = RefundIssueForm(request.POST if submitted else None, refundable_cents=invoice.refundable_cents,
                           initial={**initial, "refund_id": refund_attempt_id_new()})
    if submitted and form.is_valid():
        try:
            refund, issued_now = refund_issue(
                invoice_id=invoice.pk, amount_cents=form.cleaned_data["amount"], reason=form.cleaned_data["reason"],
                actor=request.user, request=refund_request, refund_id=form.cleaned_data["refund_id"])
        except ApplicationError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
            if exc.code == "gateway_error":  # the gateway remembers a failed key: the next try is a new decision
                form = RefundIssueForm(initial={**form.cleaned_data, "refund_id": refund_attempt_id_new()},
                                       refundable_cents=invoice.refundable_cents)
        else:
            if issued_now:
                modeladmin.message_user(
                    request, f"Refunded {refund.amount_cents} cents on {invoice.invoice_number} "
                             f"({refund.gateway_refund_id}); {refund.credits_removed} credits removed.",
                    messages.SUCCESS)
            else:
                modeladmin.message_user(
                    request, f"This refund was already issued ({refund.gateway_refund_id}, {refund.amount_cents} "
                             f"cents); nothing was refunded again.", messages.WARNING)
            return None
    context = {**modeladmin.admin_site.each_context(request), "title": f"Issue a refund for {invoice.invoice_number}",
               "invoice": invoice, "form": form, "refund_request": refund_request,
               "action": request.POST.get("action"),
               "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
               "opts": modeladmin.model._meta}
    return TemplateResponse(request, "admin/billing/issue_refund.html", context)


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ("invoice_number", "organization", "total_cents", "amount_refunded_cents", "status",
                    "billing_reason", "gateway", "created_at")
    list_filter = ("status", "gateway", "billing_reason")
    search_fields = ("invoice_number", "order_id", "organization__name", "gateway_invoice_id")
    actions = ["issue_refund"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Issue a refund (through the payment gateway)", permissions=["issue_refund"])
    def issue_refund(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one invoice to refund.", messages.WARNING)
            return None
        invoice = queryset.get()
        return _issue_refund_view(self, request, invoice, None, {"amount": invoice.refundable_cents})

    def has_issue_refund_permission(self, request):
        return request.user.has_perm("billing.issue_refund")


@admin.register(RefundRequest)
class RefundRequestAdmin(admin.ModelAdmin):
    list_display = ("created_at", "organization", "invoice", "amount_cents", "status", "requested_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("organization__name", "invoice__invoice_number", "invoice__order_id")
    readonly_fields = ("organization", "invoice", "amount_cents", "reason", "status", "requested_by", "decided_at")
    actions = ["issue_refund", "reject"]

    def has_add_permission(self, request):
        return False

    def has_issue_refund_permission(self, request):
        return request.user.has_perm("billing.issue_refund")

    @admin.action(description="Issue the requested refund", permissions=["issue_refund"])
    def issue_refund(self, request, queryset):
        pending = queryset.filter(status=RefundRequest.Status.PENDING).select_related("invoice")
        if pending.count() != 1:
            self.message_user(request, "Select exactly one pending request.", messages.WARNING)
            return None
        refund_request = pending.get()
        amount = min(refund_request.amount_cents, refund_request.invoice.refundable_cents)
        return _issue_refund_view(self, request, refund_request.invoice, refund_request,
                                  {"amount": amount, "reason": refund_request.reason})

    @admin.action(description="Reject the selected pending requests", permissions=["issue_refund"])
    def reject(self, request, queryset):
        count = 0
        for refund_request in queryset.filter(status=RefundRequest.Status.PENDING):
            refund_request_reject(request=refund_request, actor=request.user)
            count += 1
        self.message_user(request, f"Rejected {count} request(s).")


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("issued_at", "invoice", "amount_cents", "credits_removed", "issued_by", "gateway_refund_id")
    search_fields = ("invoice__invoice_number", "gateway_refund_id")


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ("credit_note_number", "created_at", "organization", "invoice", "total_cents", "credits_removed",
                    "issued_by")
    search_fields = ("credit_note_number", "invoice__invoice_number", "organization__name")


@admin.register(BillingAuditEvent)
class BillingAuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "organization", "action", "target", "actor")
    list_filter = ("action",)
    search_fields = ("organization__name", "target")


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "event_id", "type", "status", "attempts", "error")
    list_filter = ("status", "type")
    search_fields = ("event_id",)


@admin.register(UnmatchedWebhookEvent)
class UnmatchedWebhookEventAdmin(admin.ModelAdmin):
    """Events for customers Leadsite did not know when they arrived (acknowledged, so Stripe stopped retrying)."""

    list_display = ("received_at", "event_id", "type", "customer", "error", "attempts")
    search_fields = ("event_id",)
    actions = ["process_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=WebhookEvent.Status.UNMATCHED)

    @admin.display(description="customer")
    def customer(self, obj) -> str:
        customer = ((obj.payload.get("data") or {}).get("object") or {}).get("customer") or ""
        return customer.get("id", "") if isinstance(customer, dict) else str(customer)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    @admin.action(description="Process again (after linking the customer)", permissions=["change"])
    def process_again(self, request, queryset):
        outcomes = [webhook_event_process(event_id=row.event_id).status for row in queryset]
        self.message_user(request, f"{outcomes.count('processed')} processed, "
                                   f"{outcomes.count('unmatched')} still unmatched, {outcomes.count('failed')} failed.")


@admin.register(CheckoutSession)
class CheckoutSessionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "session_id", "organization", "plan", "gateway", "status")


