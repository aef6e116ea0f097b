"""Portal pages: the billing page, its form actions, and the local gateway's test-mode checkout."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from leadsite.core.exceptions import ApplicationError
from leadsite.core.tenancy import organization_for_user

from . import selectors
from .gateways import gateway_configured_name, local_gateway_allowed
from .models import CheckoutSession, Plan, Subscription
from .services import subscriptions


class BillingPageView(LoginRequiredMixin, View):
    def get(self, request):
        org = organization_for_user(request.user)
        summary = selectors.subscription_summary(organization_id=org.pk)
        plans = list(Plan.objects.filter(is_active=True))
        current = next((p for p in plans if p.pk == summary["plan_id"]), None)
        checkout = request.GET.get("checkout")
        if checkout == "success":
            messages.success(request, "Payment received: your subscription is active.")
        elif checkout == "cancelled":
            messages.info(request, "Checkout cancelled; nothing was charged.")
        return render(request, "billing/page.html", {
            "summary": summary,
            "plans": plans,
            "current_price": current.monthly_price_cents if current else 0,
            "usage": selectors.usage_daily(organization_id=org.pk, days=30),
            "invoices": selectors.invoices_for_organization(organization_id=org.pk)[:50],
            "credit_notes": selectors.credit_notes_for_organization(organization_id=org.pk)[:50],
            "live": summary["status"] in ("active", "past_due"),
            "status_label": dict(Subscription.Status.choices).get(summary["status"], "No subscription"),
            "test_mode": gateway_configured_name() == "local" or summary["gateway"] == "local",
        })


class BillingActionView(LoginRequiredMixin, View):
    """Form posts from the billing page; each calls the same service as the API."""

    def post(self, request):
        org = organization_for_user(request.user)
        action, plan_id = request.POST.get("action", ""), request.POST.get("plan_id", "")
        try:
            if action == "checkout":
                session = subscriptions.checkout_create(
                    organization=org, plan_id=plan_id, email=request.user.email,
                    success_url=request.build_absolute_uri("/billing/?checkout=success"),
                    cancel_url=request.build_absolute_uri("/billing/?checkout=cancelled"))
                return redirect(session.url)
            if action == "upgrade":
                subscriptions.subscription_upgrade(organization_id=org.pk, plan_id=plan_id, actor=request.user)
                messages.success(request, "Plan upgraded. The prorated difference is invoiced; the credits it pays "
                                          "for are added once it is paid.")
            elif action == "downgrade":
                subscriptions.subscription_downgrade(organization_id=org.pk, plan_id=plan_id, actor=request.user)
                messages.success(request, "Downgrade scheduled for the end of the billing cycle.")
            elif action == "cancel_downgrade":
                subscriptions.subscription_downgrade_cancel(organization_id=org.pk, actor=request.user)
                messages.success(request, "Scheduled downgrade cancelled.")
            elif action == "undo_cancel":
                subscriptions.subscription_cancel_undo(organization_id=org.pk, actor=request.user)
                messages.success(request, "Cancellation undone: your subscription renews as before.")
            elif action == "cancel" and request.POST.get("confirm") != "yes":
                return redirect("billing:cancel-confirm")
            elif action == "cancel":
                subscriptions.subscription_cancel(organization_id=org.pk, at_period_end=True, actor=request.user)
                messages.success(request, "Subscription will end at the end of the billing cycle.")
            else:
                messages.error(request, "Unknown action.")
        except ApplicationError as exc:
            messages.error(request, exc.message, extra_tags=exc.code)
        return redirect("billing:page")


class BillingCancelConfirmView(LoginRequiredMixin, View):
    """Cancelling asks first: what ends, when, and what stays usable until then."""

    def get(self, request):
        summary = selectors.subscription_summary(organization_id=organization_for_user(request.user).pk)
        if summary["status"] not in ("active", "past_due") or summary["cancel_at_period_end"]:
            messages.info(request, "There is no active subscription to cancel.")
            return redirect("billing:page")
        return render(request, "billing/cancel_confirm.html", {"summary": summary})


class LocalCheckoutView(LoginRequiredMixin, View):
    """The local gateway's test-mode checkout: paying completes the subscription as Stripe Checkout would."""

    def _session(self, request, session_id: str) -> CheckoutSession:
        if not local_gateway_allowed():
            raise Http404("The local gateway is not enabled.")
        org = organization_for_user(request.user)
        session = CheckoutSession.objects.select_related("plan").filter(
            session_id=session_id, organization=org, gateway="local").first()
        if session is None:
            raise Http404("No such checkout session.")
        return session

    def get(self, request, session_id: str):
        return render(request, "billing/local_checkout.html", {"session": self._session(request, session_id)})

    def post(self, request, session_id: str):
        session = self._session(request, session_id)
        if request.POST.get("decision") == "cancel":
            return redirect("/billing/?checkout=cancelled")
        if session.organization_id != organization_for_user(request.user).pk:
            raise PermissionDenied
        try:
            subscriptions.checkout_complete(session_id=session.session_id)
        except ApplicationError as exc:
            messages.error(request, exc.message, extra_tags=exc.code)
            return redirect("billing:page")
        return redirect("/billing/?checkout=success")
