from rest_framework import serializers


class PlanInputSerializer(serializers.Serializer):
    plan_id = serializers.CharField(max_length=40)


class CancelInputSerializer(serializers.Serializer):
    at_period_end = serializers.BooleanField(default=True)


class RefundInputSerializer(serializers.Serializer):
    order_id = serializers.CharField(max_length=40)
    amount = serializers.IntegerField(min_value=1, help_text="Amount in cents.")
    reason = serializers.CharField(max_length=500)
    refund_id = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                      help_text="Your id for this request (or send an Idempotency-Key header): "
                                                "a replay returns the first request.")


class ScheduledChangeSerializer(serializers.Serializer):
    plan_id = serializers.CharField()
    plan_name = serializers.CharField()
    effective_at = serializers.DateField(allow_null=True)


class SubscriptionOutputSerializer(serializers.Serializer):
    plan_id = serializers.CharField(allow_null=True)
    plan_name = serializers.CharField(allow_null=True)
    credits_total = serializers.IntegerField()
    credits_remaining = serializers.IntegerField()
    credits_reserved = serializers.IntegerField()
    billing_cycle_start = serializers.DateField(allow_null=True)
    billing_cycle_end = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    cancel_at_period_end = serializers.BooleanField()
    scheduled_change = ScheduledChangeSerializer(allow_null=True)


class CheckoutOutputSerializer(serializers.Serializer):
    checkout_url = serializers.CharField()
    session_id = serializers.CharField()


class DailyUsageSerializer(serializers.Serializer):
    date = serializers.DateField()
    credits = serializers.IntegerField()


class UsageOutputSerializer(serializers.Serializer):
    total_consumed = serializers.IntegerField()
    daily_usage = DailyUsageSerializer(many=True)


class InvoiceOutputSerializer(serializers.Serializer):
    invoice_number = serializers.CharField()
    order_id = serializers.CharField()
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField()
    status = serializers.CharField()
    amount_refunded = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    pdf_url = serializers.SerializerMethodField()
    credit_notes = serializers.SerializerMethodField()

    def get_credit_notes(self, invoice) -> list[str]:
        return [note.credit_note_number for note in invoice.credit_notes.all()]

    def get_amount(self, invoice) -> float:
        return round(invoice.total_cents / 100, 2)

    def get_amount_refunded(self, invoice) -> float:
        return round(invoice.amount_refunded_cents / 100, 2)

    def get_pdf_url(self, invoice) -> str:
        return f"/api/billing/invoices/{invoice.invoice_number}/pdf"


class RefundRequestOutputSerializer(serializers.Serializer):
    refund_request_id = serializers.IntegerField(source="pk")
    order_id = serializers.CharField(source="invoice.order_id")
    invoice_number = serializers.CharField(source="invoice.invoice_number")
    amount = serializers.IntegerField(source="amount_cents")
    reason = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class CreditNoteOutputSerializer(serializers.Serializer):
    credit_note_number = serializers.CharField()
    invoice_number = serializers.CharField(source="invoice.invoice_number")
    order_id = serializers.CharField(source="invoice.order_id")
    amount = serializers.SerializerMethodField()
    tax = serializers.SerializerMethodField()
    currency = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    pdf_url = serializers.SerializerMethodField()

    def get_amount(self, note) -> float:
        return round(note.total_cents / 100, 2)

    def get_tax(self, note) -> float:
        return round(note.tax_cents / 100, 2)

    def get_pdf_url(self, note) -> str:
        return f"/api/billing/credit-notes/{note.credit_note_number}/pdf"
