import uuid

from django import forms


def refund_attempt_id_new() -> str:
    return uuid.uuid4().hex


class RefundIssueForm(forms.Form):
    """One rendering of the form is one decision: its hidden refund_id is the gateway's idempotency key."""

    refund_id = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    amount = forms.IntegerField(min_value=1, help_text="Amount in cents; at most the refundable remainder.")
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, refundable_cents: int, **kwargs):
        super().__init__(*args, **kwargs)
        # The upper bound is checked by refund_issue under the invoice's lock (a replayed decision is
        # answered there even when nothing is refundable any more).
        self.fields["amount"].widget.attrs["max"] = refundable_cents
