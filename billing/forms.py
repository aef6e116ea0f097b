from django import forms


class RefundIssueForm(forms.Form):
    amount = forms.IntegerField(min_value=1, help_text="Amount in cents; at most the refundable remainder.")
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, refundable_cents: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable_cents = refundable_cents
        self.fields["amount"].max_value = refundable_cents
        self.fields["amount"].widget.attrs["max"] = refundable_cents

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        if amount > self.refundable_cents:
            raise forms.ValidationError(f"At most {self.refundable_cents} cents can still be refunded.")
        return amount
