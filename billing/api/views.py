"""Billing API: one view per operation; each validates, calls one service and serializes."""

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from leadsite.core.exceptions import ApplicationError
from leadsite.core.tenancy import organization_for_user

from .. import selectors
from ..services import refunds, subscriptions, webhooks
from ..services.invoice_pdf import credit_note_pdf_render, invoice_pdf_render
from . import serializers as s


def _summary(request) -> Response:
    org = organization_for_user(request.user)
    return Response(s.SubscriptionOutputSerializer(selectors.subscription_summary(organization_id=org.pk)).data)


class CreateCheckoutApi(APIView):
    @extend_schema(request=s.PlanInputSerializer, responses=s.CheckoutOutputSerializer)
    def post(self, request):
        data = s.PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = subscriptions.checkout_create(
            organization=organization_for_user(request.user), plan_id=data.validated_data["plan_id"],
            email=request.user.email,
            success_url=request.build_absolute_uri("/billing/?checkout=success"),
            cancel_url=request.build_absolute_uri("/billing/?checkout=cancelled"),
        )
        url = session.url if session.url.startswith("http") else request.build_absolute_uri(session.url)
        return Response(s.CheckoutOutputSerializer({"checkout_url": url, "session_id": session.session_id}).data)


class SubscriptionApi(APIView):
    @extend_schema(responses=s.SubscriptionOutputSerializer)
    def get(self, request):
        return _summary(request)


class SubscriptionUpgradeApi(APIView):
    @extend_schema(request=s.PlanInputSerializer, responses=s.SubscriptionOutputSerializer)
    def post(self, request):
        data = s.PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscriptions.subscription_upgrade(organization_id=organization_for_user(request.user).pk,
                                           plan_id=data.validated_data["plan_id"], actor=request.user)
        return _summary(request)


class SubscriptionDowngradeApi(APIView):
    @extend_schema(request=s.PlanInputSerializer, responses=s.SubscriptionOutputSerializer)
    def post(self, request):
        data = s.PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscriptions.subscription_downgrade(organization_id=organization_for_user(request.user).pk,
                                             plan_id=data.validated_data["plan_id"], actor=request.user)
        return _summary(request)

    @extend_schema(request=None, responses=s.SubscriptionOutputSerializer, summary="Cancel a scheduled downgrade")
    def delete(self, request):
        subscriptions.subscription_downgrade_cancel(organization_id=organization_for_user(request.user).pk,
                                                    actor=request.user)
        return _summary(request)


class SubscriptionCancelApi(APIView):
    @extend_schema(request=s.CancelInputSerializer, responses=s.SubscriptionOutputSerializer)
    def post(self, request):
        data = s.CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscriptions.subscription_cancel(organization_id=organization_for_user(request.user).pk,
                                          at_period_end=data.validated_data["at_period_end"], actor=request.user)
        return _summary(request)


class SubscriptionResumeApi(APIView):
    """Undo a cancellation at the end of the cycle (until the cycle ends); 400 `not_cancelled` otherwise."""

    @extend_schema(request=None, responses=s.SubscriptionOutputSerializer)
    def post(self, request):
        subscriptions.subscription_cancel_undo(organization_id=organization_for_user(request.user).pk,
                                               actor=request.user)
        return _summary(request)


class UsageApi(APIView):
    @extend_schema(parameters=[OpenApiParameter("days", int, description="1–365, default 30")],
                   responses=s.UsageOutputSerializer)
    def get(self, request):
        raw = request.query_params.get("days", "30")
        try:
            days = int(raw)
        except ValueError as exc:
            raise ApplicationError("days must be an integer between 1 and 365.", code="invalid_days",
                                   details={"days": raw}) from exc
        usage = selectors.usage_daily(organization_id=organization_for_user(request.user).pk, days=days)
        return Response(s.UsageOutputSerializer(usage).data)


class RefundRequestApi(APIView):
    @extend_schema(request=s.RefundInputSerializer,
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
                   responses={201: s.RefundRequestOutputSerializer, 200: s.RefundRequestOutputSerializer})
    def post(self, request):
        data = s.RefundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "") or data.validated_data.get("refund_id", "")
        if len(key) > 100:
            raise ApplicationError("Idempotency-Key is longer than 100 characters.", code="invalid_idempotency_key")
        refund_request, created = refunds.refund_request_create(
            organization_id=organization_for_user(request.user).pk, user=request.user,
            order_id=data.validated_data["order_id"], amount_cents=data.validated_data["amount"],
            reason=data.validated_data["reason"], idempotency_key=key,
        )
        return Response(s.RefundRequestOutputSerializer(refund_request).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class InvoiceListApi(APIView):
    @extend_schema(responses=s.InvoiceOutputSerializer(many=True))
    def get(self, request):
        invoices = selectors.invoices_for_organization(organization_id=organization_for_user(request.user).pk)
        return Response(s.InvoiceOutputSerializer(invoices, many=True).data)


def _pdf_attachment(content: bytes, filename: str) -> HttpResponse:
    """A PDF download; the header is built by Django's helper (safe for any file name)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class InvoicePdfApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, invoice_number: str):
        invoice = selectors.invoice_for_organization(organization_id=organization_for_user(request.user).pk,
                                                     invoice_number=invoice_number)
        return _pdf_attachment(invoice_pdf_render(invoice=invoice), f"{invoice.invoice_number}.pdf")


class CreditNoteListApi(APIView):
    @extend_schema(responses=s.CreditNoteOutputSerializer(many=True))
    def get(self, request):
        notes = selectors.credit_notes_for_organization(organization_id=organization_for_user(request.user).pk)
        return Response(s.CreditNoteOutputSerializer(notes, many=True).data)


class CreditNotePdfApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, credit_note_number: str):
        note = selectors.credit_note_for_organization(organization_id=organization_for_user(request.user).pk,
                                                      credit_note_number=credit_note_number)
        return _pdf_attachment(credit_note_pdf_render(credit_note=note), f"{note.credit_note_number}.pdf")


@method_decorator(csrf_exempt, name="dispatch")
class WebhookApi(APIView):
    """Stripe events. No session or token: the Stripe-Signature header is the authentication."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []  # Stripe retries and bursts; the signature check guards this endpoint

    @extend_schema(
        request=None,
        responses=inline_serializer("WebhookOutput", {
            "received": serializers.BooleanField(), "event_id": serializers.CharField(),
            "status": serializers.CharField(),
        }),
    )
    def post(self, request):
        event = webhooks.webhook_receive(payload=request.body,
                                         signature_header=request.headers.get("Stripe-Signature", ""))
        return Response({"received": True, "event_id": event.event_id, "status": event.status})
