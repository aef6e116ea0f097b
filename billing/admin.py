"""Staff admin for billing: money shown with its currency, ledgers read-only, plans and subscriptions
changed only through service-backed actions (each writes the audit trail). dj-stripe's own models are
hidden: our Invoice, Refund and Subscription mirror what support needs from Stripe."""

from django.apps import apps
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
from .services.plans import plan_set_active
from .services.refunds import refund_issue, refund_request_reject
from .services.subscriptions import subscription_cancel
from .services.webhooks import webhook_event_process

for _model in apps.get_app_config("djstripe").get_models():
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def money(cents: int | None, currency: str = "usd") -> str:
    """12345, "usd" → "123.45 USD"."""
    if cents is None:
        return ""
    return f"{cents / 100:,.2f} {(currency or 'usd').upper()}"


class NoDeleteAdmin(admin.ModelAdmin):
    """Money rows are never deleted by hand, one by one or in bulk."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyAdmin(NoDeleteAdmin):
    """Ledgers and trails are append-only: visible, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    """Read-only in place: prices live in the gateway; a plan is offered or withdrawn by an audited action."""

    list_display = ("id", "name", "price", "credits_per_cycle", "stripe_price_id", "is_active")
    actions = ["withdraw", "offer"]

    @admin.display(description="Price / month", ordering="monthly_price_cents")
    def price(self, obj: Plan) -> str:
        return money(obj.monthly_price_cents, obj.currency)

    def has_plan_change_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description="Withdraw: no new subscriptions (audited)", permissions=["plan_change"])
    def withdraw(self, request, queryset):
        for plan in queryset:
            plan_set_active(plan_id=plan.pk, active=False, actor=request.user)
        self.message_user(request, f"Withdrew {queryset.count()} plan(s); current subscribers keep them.")

    @admin.action(description="Offer again (audited)", permissions=["plan_change"])
    def offer(self, request, queryset):
        for plan in queryset:
            plan_set_active(plan_id=plan.pk, active=True, actor=request.user)
        self.message_user(request, f"Offering {queryset.count()} plan(s).")


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    """Read-only in place: the gateway owns the subscription; staff act through the services."""

    list_display = ("organization", "plan", "status", "gateway", "current_period_end", "scheduled_plan",
                    "cancel_at_period_end")
    list_filter = ("status", "gateway", "plan")
    search_fields = ("organization__name", "gateway_customer_id", "gateway_subscription_id")
    list_select_related = ("organization", "plan", "scheduled_plan")
    actions = ["cancel_at_period_end_action"]

    def has_subscription_cancel_permission(self, request) -> bool:
        return request.user.has_perm("billing.change_subscription")

    @admin.action(description="Cancel at the end of the cycle (through the gateway, audited)",
                  permissions=["subscription_cancel"])
    def cancel_at_period_end_action(self, request, queryset):
        done = 0
        for subscription in queryset:
            try:
                subscription_cancel(organization_id=subscription.organization_id, at_period_end=True,
                                    actor=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{subscription.organization}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} subscription(s) will end at the end of their cycle.")


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
               "total": money(invoice.total_cents, invoice.currency),
               "refunded": money(invoice.amount_refunded_cents, invoice.currency),
               "refundable": money(invoice.refundable_cents, invoice.currency),
               "requested": money(refund_request.amount_cents, invoice.currency) if refund_request else "",
               "action": request.POST.get("action"),
               "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
               "opts": modeladmin.model._meta}
    return TemplateResponse(request, "admin/billing/issue_refund.html", context)


@admin.register(Invoice)
class InvoiceAdmin(NoDeleteAdmin):
    list_display = ("invoice_number", "organization", "total", "refunded", "status", "billing_reason", "gateway",
                    "created_at")
    list_select_related = ("organization",)

    @admin.display(description="Total", ordering="total_cents")
    def total(self, obj: Invoice) -> str:
        return money(obj.total_cents, obj.currency)

    @admin.display(description="Refunded", ordering="amount_refunded_cents")
    def refunded(self, obj: Invoice) -> str:
        return money(obj.amount_refunded_cents, obj.currency)
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
class RefundRequestAdmin(NoDeleteAdmin):
    list_display = ("created_at", "organization", "invoice", "amount", "status", "requested_by", "decided_at")
    list_select_related = ("organization", "invoice", "requested_by")

    @admin.display(description="Amount", ordering="amount_cents")
    def amount(self, obj: RefundRequest) -> str:
        return money(obj.amount_cents, obj.invoice.currency)
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
    list_display = ("issued_at", "invoice", "amount", "credits_removed", "issued_by", "gateway_refund_id")
    list_select_related = ("invoice", "issued_by")

    @admin.display(description="Amount", ordering="amount_cents")
    def amount(self, obj: Refund) -> str:
        return money(obj.amount_cents, obj.invoice.currency)
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


