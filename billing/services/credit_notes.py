"""Credit notes: the document a refund issues (CN-YYYY-NNN), so the invoice stays as it was issued."""

from django.db import transaction
from django.utils import timezone

from ..models import CreditNote, CreditNoteCounter, Refund
from .document_numbers import document_number_next


@transaction.atomic
def credit_note_issue(*, refund: Refund) -> CreditNote:
    """One credit note per refund, numbered in the refund's transaction; its tax is the invoice's tax share."""
    invoice = refund.invoice
    tax = round(refund.amount_cents * invoice.tax_cents / invoice.total_cents) if invoice.total_cents else 0
    note = CreditNote(
        credit_note_number=document_number_next(counter_model=CreditNoteCounter, prefix="CN",
                                                year=timezone.now().year),
        organization_id=invoice.organization_id, invoice=invoice, refund=refund, currency=invoice.currency,
        subtotal_cents=refund.amount_cents - tax, tax_cents=tax, total_cents=refund.amount_cents,
        reason=refund.reason, credits_removed=refund.credits_removed, issued_by=refund.issued_by,
    )
    note.full_clean()
    note.save()
    return note
