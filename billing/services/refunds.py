"""Refunds: customers request, staff with `billing.issue_refund` issue them through the gateway.

Credit policy: a refund takes back the credits the invoice granted in proportion to the money returned
(floor(credits_granted × refund / total)), never more than the organisation still holds; consumed
credits are not charged back."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from leadsite.core.exceptions import ApplicationError

from ..gateways import gateway_get
from ..gateways.base import GatewayError
from ..models import Invoice, Refund, RefundRequest
from . import credits
from .audit import audit_record
from .credit_notes import credit_note_issue

REFUNDABLE = (Invoice.Status.PAID, Invoice.Status.PARTIALLY_REFUNDED)  # the second: rows from before credit notes


def _check_amount(invoice: Invoice, amount_cents: int) -> None:
    if invoice.status not in REFUNDABLE or invoice.refundable_cents == 0:
        state = "fully refunded" if invoice.status in REFUNDABLE else invoice.get_status_display().lower()
        raise ApplicationError(f"Invoice {invoice.invoice_number} is {state} and cannot be refunded.",
                               code="not_refundable")
    if amount_cents <= 0 or amount_cents > invoice.refundable_cents:
        raise ApplicationError(
            f"Amount must be between 1 and {invoice.refundable_cents} (the refundable remainder, in cents).",
            code="amount_above_refundable", details={"refundable": invoice.refundable_cents},
        )


@transaction.atomic
def refund_request_create(*, organization_id: int, user, order_id: str, amount_cents: int, reason: str,
                          idempotency_key: str = "") -> tuple[RefundRequest, bool]:
    """A customer's refund request; returns (request, created_now).

    With an idempotency key, a replay with the same values returns the first request (created_now False)
    and a replay with other values is a 422; concurrent replays serialise on the invoice's row lock."""
    invoice = Invoice.objects.select_for_update().filter(organization_id=organization_id, order_id=order_id).first()
    if invoice is None:
        raise ApplicationError("Order not found.", code="not_found", status_code=404)
    key = idempotency_key.strip() or None
    if key is not None:
        existing = RefundRequest.objects.filter(organization_id=organization_id, idempotency_key=key).first()
        if existing is not None:
            if (existing.invoice_id, existing.amount_cents, existing.reason) != (invoice.pk, amount_cents,
                                                                                 reason[:500]):
                raise ApplicationError("This idempotency key was already used for another refund request.",
                                       code="idempotency_key_reused", status_code=422,
                                       details={"idempotency_key": key})
            return existing, False
    _check_amount(invoice, amount_cents)
    try:
        with transaction.atomic():  # the same key sent at once for two orders: the second insert is refused
            request = RefundRequest.objects.create(organization_id=organization_id, invoice=invoice,
                                                   amount_cents=amount_cents, reason=reason[:500], requested_by=user,
                                                   idempotency_key=key)
    except IntegrityError as exc:
        raise ApplicationError("This idempotency key was already used for another refund request.",
                               code="idempotency_key_reused", status_code=422,
                               details={"idempotency_key": key}) from exc
    audit_record(organization_id=organization_id, action="refund.requested", actor=user,
                 target=invoice.invoice_number, amount_cents=amount_cents, reason=reason[:500],
                 refund_request_id=request.pk)
    return request, True


def _apply_refund(invoice: Invoice, *, amount_cents: int, reason: str, gateway_refund_id: str, actor,
                  request: RefundRequest | None, attempt_id: str | None = None) -> Refund:
    """Bookkeeping shared by staff refunds and refunds reported by the gateway (charge.refunded): a credit note
    is issued; the invoice document stays as issued, its row only keeps the running total refunded."""
    invoice.amount_refunded_cents += amount_cents
    invoice.save(update_fields=["amount_refunded_cents"])
    to_remove = invoice.credits_granted * amount_cents // invoice.total_cents if invoice.total_cents else 0
    removed = credits.credits_remove(organization_id=invoice.organization_id, amount=to_remove,
                                     reference=f"refund:{gateway_refund_id}",
                                     note=f"refund of {invoice.invoice_number}") if to_remove else 0
    refund = Refund.objects.create(invoice=invoice, request=request, amount_cents=amount_cents, reason=reason[:500],
                                   credits_removed=removed, gateway_refund_id=gateway_refund_id, issued_by=actor,
                                   attempt_id=attempt_id)
    credit_note = credit_note_issue(refund=refund)
    if request is not None:
        request.status, request.decided_at = RefundRequest.Status.ISSUED, timezone.now()
        request.save(update_fields=["status", "decided_at"])
    audit_record(organization_id=invoice.organization_id, action="refund.issued", actor=actor,
                 target=invoice.invoice_number, amount_cents=amount_cents, reason=reason[:500],
                 gateway_refund_id=gateway_refund_id, refund_id=attempt_id, credits_removed=removed,
                 credit_note=credit_note.credit_note_number,
                 refund_request_id=request.pk if request else None)
    return refund


def _replayed(refund_id: str, invoice: Invoice, amount_cents: int) -> Refund | None:
    """The refund an earlier submit of the same decision issued, if any (same values or a 422)."""
    existing = Refund.objects.filter(attempt_id=refund_id).first()
    if existing is not None and (existing.invoice_id, existing.amount_cents) != (invoice.pk, amount_cents):
        raise ApplicationError("This refund id was already used for another refund.", code="idempotency_key_reused",
                               status_code=422, details={"refund_id": refund_id})
    return existing


@transaction.atomic
def refund_issue(*, invoice_id: int, amount_cents: int, reason: str, actor, refund_id: str,
                 request: RefundRequest | None = None) -> tuple[Refund, bool]:
    """Issue one refund per staff decision; returns (refund, issued_now).

    `refund_id` names the decision (it is given when the refund form is rendered). It is the gateway's
    idempotency key and unique on Refund, so a double submit, a double click or a replay returns the refund
    already issued instead of refunding again. Concurrent submits serialise on the invoice's row lock."""
    if actor is None or not actor.has_perm("billing.issue_refund"):
        raise PermissionDenied("Issuing refunds needs the billing.issue_refund permission.")
    refund_id = (refund_id or "").strip()
    if not refund_id or len(refund_id) > 64:
        raise ApplicationError("A refund needs its refund_id (1 to 64 characters).", code="invalid_refund_id")
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    existing = _replayed(refund_id, invoice, amount_cents)
    if existing is not None:
        return existing, False
    if request is not None:
        # Two staff deciding the same request with two forms: the second finds it decided and stops.
        request = RefundRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != RefundRequest.Status.PENDING:
            raise ApplicationError(f"This refund request is already {request.status}.", code="refund_decided",
                                   status_code=409)
    _check_amount(invoice, amount_cents)
    try:
        gateway_refund_id = gateway_get(invoice.gateway).refund_create(
            invoice=invoice, amount_cents=amount_cents, reason=reason, idempotency_key=refund_id)
    except GatewayError as exc:
        raise ApplicationError(f"The gateway refused the refund: {exc}", code="gateway_error",
                               status_code=502) from exc
    refund = _apply_refund(invoice, amount_cents=amount_cents, reason=reason, gateway_refund_id=gateway_refund_id,
                           actor=actor, request=request, attempt_id=refund_id)
    return refund, True


@transaction.atomic
def refund_record_from_gateway(
    *, charge_id: str, refunds: list[tuple[str, int, str]], refunded_total: int | None = None
) -> list[Refund] | None:
    """charge.refunded: record refunds made outside Leadsite (e.g. the Stripe dashboard); known ids are skipped.

    When the event carries only the charge's running `refunded_total`, what is new is that total minus what
    the invoice already records (our own refunds included), never the total again.
    """
    invoice = Invoice.objects.select_for_update().filter(gateway_charge_id=charge_id).first()
    if invoice is None:
        return None  # not a charge of ours (the webhook sets the event aside as unmatched)
    if refunded_total is not None:
        new_amount = refunded_total - invoice.amount_refunded_cents
        refunds = [(f"{charge_id}:refunded:{refunded_total}", new_amount, "")] if new_amount > 0 else []
    known = set(Refund.objects.filter(invoice=invoice).values_list("gateway_refund_id", flat=True))
    created = []
    for refund_id, amount, reason in refunds:
        if refund_id in known or amount <= 0:
            continue
        amount = min(amount, invoice.refundable_cents)
        if amount:
            created.append(_apply_refund(invoice, amount_cents=amount, reason=reason or "refunded at the gateway",
                                         gateway_refund_id=refund_id, actor=None, request=None))
    return created


@transaction.atomic
def refund_request_reject(*, request: RefundRequest, actor, note: str = "") -> RefundRequest:
    if actor is None or not actor.has_perm("billing.issue_refund"):
        raise PermissionDenied("Deciding refunds needs the billing.issue_refund permission.")
    request = RefundRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RefundRequest.Status.PENDING:
        raise ApplicationError("Only a pending request can be rejected.", code="not_pending")
    request.status, request.decided_at = RefundRequest.Status.REJECTED, timezone.now()
    request.save(update_fields=["status", "decided_at"])
    audit_record(organization_id=request.organization_id, action="refund.rejected", actor=actor,
                 target=request.invoice.invoice_number, refund_request_id=request.pk, note=note[:500])
    return request
