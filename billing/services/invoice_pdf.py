"""Invoice and credit note PDFs drawn with reportlab: seller, customer, lines, tax, total, status."""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from ..models import CreditNote, Invoice


def _money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency.upper()}"


@dataclass(frozen=True)
class _Document:
    title: str
    number: str
    issued: datetime
    references: list[str]
    customer: list[str]
    currency: str
    lines: list[dict]
    totals: list[tuple[str, int]]
    status: str
    status_good: bool
    footnote: str = ""


def _render(doc: _Document) -> bytes:
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{doc.title.title()} {doc.number}")
    pdf.setAuthor(settings.BILLING_SELLER["name"])
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    y = height - 25 * mm

    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(left, y, doc.title)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawRightString(right, y, doc.number)
    y -= 8 * mm
    pdf.setFont("Helvetica", 9)
    for i, text in enumerate([f"Date: {doc.issued:%Y-%m-%d}", *doc.references]):
        pdf.drawRightString(right, y - i * 4.5 * mm, text)

    seller = settings.BILLING_SELLER
    block = [("From", [seller["name"], seller["address"], seller["email"]]
              + ([f"Tax ID: {seller['tax_id']}"] if seller["tax_id"] else [])),
             ("Bill to", doc.customer)]
    y -= 18 * mm
    for i, (title, rows) in enumerate(block):
        x = left + i * 90 * mm
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(x, y, title)
        pdf.setFont("Helvetica", 9)
        for j, row in enumerate(r for r in rows if r):
            pdf.drawString(x, y - (j + 1) * 4.5 * mm, row[:60])
    y -= 30 * mm

    columns = [(left, "Description"), (right - 60 * mm, "Qty"), (right - 35 * mm, "Unit"), (right, "Amount")]
    pdf.setFont("Helvetica-Bold", 9)
    for x, label in columns:
        (pdf.drawRightString if label != "Description" else pdf.drawString)(x, y, label)
    pdf.setStrokeColor(colors.grey)
    pdf.line(left, y - 2 * mm, right, y - 2 * mm)
    pdf.setFont("Helvetica", 9)
    for line in doc.lines:
        y -= 7 * mm
        pdf.drawString(left, y, str(line.get("description", ""))[:70])
        pdf.drawRightString(right - 60 * mm, y, str(line.get("quantity", 1)))
        pdf.drawRightString(right - 35 * mm, y, _money(int(line.get("unit_amount_cents", 0)), doc.currency))
        pdf.drawRightString(right, y, _money(int(line.get("amount_cents", 0)), doc.currency))
    y -= 5 * mm
    pdf.line(left, y, right, y)

    for label, cents in doc.totals:
        y -= 6 * mm
        bold = label.startswith("Total")
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 10 if bold else 9)
        pdf.drawRightString(right - 35 * mm, y, label)
        pdf.drawRightString(right, y, _money(cents, doc.currency))

    y -= 15 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.setFillColor(colors.HexColor("#12805c" if doc.status_good else "#c4320a"))
    pdf.drawString(left, y, f"Status: {doc.status}")
    pdf.setFillColor(colors.black)
    if doc.footnote:
        pdf.setFont("Helvetica", 9)
        pdf.drawString(left, y - 5 * mm, doc.footnote)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _tax_label(tax_cents: int) -> str:
    rate = settings.BILLING_TAX_RATE_PERCENT
    return f"Tax ({rate:g}%)" if rate or not tax_cents else "Tax"


def invoice_pdf_render(*, invoice: Invoice) -> bytes:
    """The invoice as issued: refunds do not change it, they issue credit notes."""
    references = [f"Order: {invoice.order_id}"]
    if invoice.period_start and invoice.period_end:
        references.append(f"Period: {invoice.period_start:%Y-%m-%d} to {invoice.period_end:%Y-%m-%d}")
    totals = [("Subtotal", invoice.subtotal_cents)]
    if invoice.discount_cents:
        totals.append((invoice.discount_description or "Discount", -invoice.discount_cents))
    totals.append((_tax_label(invoice.tax_cents), invoice.tax_cents))
    totals.append(("Total", invoice.total_cents))
    return _render(_Document(
        title="INVOICE", number=invoice.invoice_number, issued=invoice.paid_at or invoice.created_at,
        references=references, customer=[invoice.customer_name, invoice.customer_email], currency=invoice.currency,
        lines=invoice.lines, totals=totals, status=invoice.get_status_display().upper(),
        status_good=invoice.status in (Invoice.Status.PAID, Invoice.Status.PARTIALLY_REFUNDED,
                                       Invoice.Status.REFUNDED),
        footnote=f"Paid on {invoice.paid_at:%Y-%m-%d %H:%M} UTC" if invoice.paid_at else "",
    ))


def credit_note_pdf_render(*, credit_note: CreditNote) -> bytes:
    invoice = credit_note.invoice
    line = {"description": f"Refund of {invoice.invoice_number}" + (f": {credit_note.reason}"
                                                                     if credit_note.reason else ""),
            "quantity": 1, "unit_amount_cents": credit_note.subtotal_cents, "amount_cents": credit_note.subtotal_cents}
    return _render(_Document(
        title="CREDIT NOTE", number=credit_note.credit_note_number, issued=credit_note.created_at,
        references=[f"Credits invoice: {invoice.invoice_number}", f"Order: {invoice.order_id}"],
        customer=[invoice.customer_name, invoice.customer_email], currency=credit_note.currency, lines=[line],
        totals=[("Subtotal", credit_note.subtotal_cents),
                (_tax_label(credit_note.tax_cents), credit_note.tax_cents),
                ("Total credited", credit_note.total_cents)],
        status="REFUNDED", status_good=True,
        footnote=f"Refunded to the original payment method ({credit_note.refund.gateway_refund_id}).",
    ))
