import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from pypdf import PdfReader

from billing.models import CreditNote, Invoice
from billing.services.invoice_pdf import invoice_pdf_render
from billing.services.refunds import refund_issue
from billing.services.subscriptions import subscription_activate_local

from .. import factories

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def refunder():
    staff = factories.customer(is_staff=True, prefix="ops")
    staff.user_permissions.add(Permission.objects.get(codename="issue_refund"))
    return staff


def test_a_refund_issues_a_numbered_credit_note_and_leaves_the_invoice_as_issued(org, refunder, api, other_api):
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    invoice = Invoice.objects.get(organization=org)
    issued_pdf = _text(invoice_pdf_render(invoice=invoice))

    refund_issue(invoice_id=invoice.pk, amount_cents=9980, reason="Goodwill", actor=refunder, refund_id="1" * 32)
    refund_issue(invoice_id=invoice.pk, amount_cents=39920, reason="Rest", actor=refunder, refund_id="2" * 32)

    year = timezone.now().year
    notes = list(CreditNote.objects.order_by("id"))
    assert [n.credit_note_number for n in notes] == [f"CN-{year}-001", f"CN-{year}-002"]
    assert [(n.total_cents, n.credits_removed, n.invoice_id) for n in notes] == [(9980, 1000, invoice.pk),
                                                                                 (39920, 4000, invoice.pk)]
    invoice.refresh_from_db()
    assert (invoice.status, invoice.total_cents, invoice.refundable_cents) == ("paid", 49900, 0)
    assert _text(invoice_pdf_render(invoice=invoice)) == issued_pdf  # the invoice document never changes

    listed = api.get("/api/billing/credit-notes").json()
    assert [(n["credit_note_number"], n["invoice_number"], n["amount"]) for n in listed] == [
        (f"CN-{year}-002", invoice.invoice_number, 399.20), (f"CN-{year}-001", invoice.invoice_number, 99.80)]
    assert api.get("/api/billing/invoices").json()[0]["credit_notes"] == [f"CN-{year}-002", f"CN-{year}-001"]
    pdf = api.get(f"/api/billing/credit-notes/CN-{year}-001/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _text(pdf.content)
    assert "CREDIT NOTE" in text and f"CN-{year}-001" in text and invoice.invoice_number in text
    assert "Refund of" in text and "99.80 USD" in text and "Goodwill" in text
    assert other_api.get(f"/api/billing/credit-notes/CN-{year}-001/pdf").status_code == 404
    assert other_api.get("/api/billing/credit-notes").json() == []


def test_credit_note_numbers_are_their_own_series(org, refunder):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    invoice = Invoice.objects.get(organization=org)
    refund, _ = refund_issue(invoice_id=invoice.pk, amount_cents=100, reason="x", actor=refunder, refund_id="3" * 32)
    assert refund.credit_note.credit_note_number == f"CN-{timezone.now().year}-001"
    assert invoice.invoice_number == f"INV-{timezone.now().year}-001"


def test_the_billing_page_lists_credit_notes(client, user, org, refunder):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    invoice = Invoice.objects.get(organization=org)
    refund_issue(invoice_id=invoice.pk, amount_cents=500, reason="x", actor=refunder, refund_id="4" * 32)
    client.force_login(user)
    page = client.get("/billing/").content.decode()
    assert 'id="credit-notes"' in page and f"/api/billing/credit-notes/CN-{timezone.now().year}-001/pdf" in page
