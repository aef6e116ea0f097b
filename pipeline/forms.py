from django import forms

from pipeline.ingest import LEAD_FIELDS

LEAD_FIELD_CHOICES = [
    ("", "— keep as extra column —"),
    *[(name, name.replace("_", " ")) for name in LEAD_FIELDS],
]


class UploadForm(forms.Form):
    file = forms.FileField(help_text="CSV or JSON, up to the upload limit.")


class ProcessForm(forms.Form):
    dedup_history = forms.BooleanField(required=False, initial=True, label="Also dedup against my earlier leads")
