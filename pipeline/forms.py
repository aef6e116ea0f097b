from django import forms

LEAD_FIELD_CHOICES = [
    ("", "— keep as extra column —"),
    *[
        (name, name.replace("_", " "))
        for name in (
            "first_name",
            "last_name",
            "full_name",
            "email",
            "phone",
            "title",
            "company_name",
            "website",
            "country",
            "linkedin",
            "industry",
            "employee_count",
            "street",
            "city",
            "state",
            "postcode",
            "signals",
            "technologies",
        )
    ],
]
MAPPABLE_FIELDS = {value for value, _ in LEAD_FIELD_CHOICES if value}


class UploadForm(forms.Form):
    file = forms.FileField(help_text="CSV or JSON, up to the upload limit.")


class ProcessForm(forms.Form):
    dedup_history = forms.BooleanField(required=False, initial=True, label="Also dedup against my earlier leads")
