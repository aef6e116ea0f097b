"""Invoice PDF drawn with reportlab: seller, customer, lines, tax, total, paid status."""

from io import BytesIO

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from ..models import Invoice


def _money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency.upper()}"


def invoice_pdf_render(*, invoice: Invoice) -> bytes:
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"Invoice {invoice.invoice_number}")
    pdf.setAuthor(settings.BILLING_SELLER["name"])
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    y = height - 25 * mm

    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(left, y, "INVOICE")
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawRightString(right, y, invoice.invoice_number)
    y -= 8 * mm
    pdf.setFont("Helvetica", 9)
    issued = invoice.paid_at or invoice.created_at
    pdf.drawRightString(right, y, f"Date: {issued:%Y-%m-%d}")
    pdf.drawRightString(right, y - 4.5 * mm, f"Order: {invoice.order_id}")
    if invoice.period_start and invoice.period_end:
        pdf.drawRightString(right, y - 9 * mm,
                            f"Period: {invoice.period_start:%Y-%m-%d} to {invoice.period_end:%Y-%m-%d}")

    seller = settings.BILLING_SELLER
    block = [("From", [seller["name"], seller["address"], seller["email"]]
              + ([f"Tax ID: {seller['tax_id']}"] if seller["tax_id"] else [])),
             ("Bill to", [invoice.customer_name, invoice.customer_email])]
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
    for line in invoice.lines:
        y -= 7 * mm
        pdf.drawString(left, y, str(line.get("description", ""))[:70])
        pdf.drawRightString(right - 60 * mm, y, str(line.get("quantity", 1)))
        pdf.drawRightString(right - 35 * mm, y, _money(int(line.get("unit_amount_cents", 0)), invoice.currency))
        pdf.drawRightString(right, y, _money(int(line.get("amount_cents", 0)), invoice.currency))
    y -= 5 * mm
    pdf.line(left, y, right, y)

    rate = settings.BILLING_TAX_RATE_PERCENT
    totals = [("Subtotal", invoice.subtotal_cents), (f"Tax ({rate:g}%)", invoice.tax_cents),
              ("Total", invoice.total_cents)]
    if invoice.amount_refunded_cents:
        totals.append(("Refunded", -invoice.amount_refunded_cents))
    for label, cents in totals:
        y -= 6 * mm
        pdf.setFont("Helvetica-Bold" if label == "Total" else "Helvetica", 10 if label == "Total" else 9)
        pdf.drawRightString(right - 35 * mm, y, label)
        pdf.drawRightString(right, y, _money(cents, invoice.currency))

    y -= 15 * mm
    status = invoice.get_status_display().upper()
    pdf.setFont("Helvetica-Bold", 14)
    paid = invoice.status == Invoice.Status.PAID
    pdf.setFillColor(colors.HexColor("#12805c" if paid else "#c4320a"))
    pdf.drawString(left, y, f"Status: {status}")
    pdf.setFillColor(colors.black)
    if invoice.paid_at:
        pdf.setFont("Helvetica", 9)
        pdf.drawString(left, y - 5 * mm, f"Paid on {invoice.paid_at:%Y-%m-%d %H:%M} UTC")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
