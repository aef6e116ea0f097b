"""Email / phone in several columns: the first usable value becomes the lead's, with honest evidence."""

import pytest

from leadsite.core.services import organization_create
from pipeline.models import Batch, Lead, Upload
from pipeline.stages.context import StageContext
from pipeline.stages.steps import validate

pytestmark = pytest.mark.django_db


def _alt(first_column: str, *others: tuple[str, str]) -> dict:
    return {"column": first_column, "others": [{"column": c, "value": v} for c, v in others]}


@pytest.fixture
def leads():
    org = organization_create(name="Acme", default_country="US")
    upload = Upload.objects.create(organization=org, filename="leads.csv", storage_key="k/alt.csv", size=1,
                                   sha256="0" * 64, format=Upload.FORMAT_CSV)
    batch = Batch.objects.create(organization=org, upload=upload, status=Batch.STATUS_RUNNING, leads_total=3)
    rows = [
        # Phone 1 invalid, Phone 2 valid
        ("laura@crestview-media.com", "12345", {"phone": _alt("Phone 1", ("Phone 2", "+1 415 555 0111"))}),
        # Email invalid, Email 2 valid; phone fine so its alternate is not checked
        ("not an email", "+1 206 555 0133",
         {"email": _alt("Email", ("Email 2", "mei.lin@lotusfin.com")),
          "phone": _alt("Phone 1", ("Phone 2", "+1 206 555 0134"))}),
        # both phones invalid: the first stays
        ("sofia@rossi-design.com", "555", {"phone": _alt("Phone 1", ("Phone 2", "999"))}),
    ]
    Lead.objects.bulk_create(
        Lead(batch=batch, organization=org, row_number=i, email=e, phone=p, country="US",
             raw={"email": e, "phone": p, "alternates": alt})
        for i, (e, p, alt) in enumerate(rows, start=1)
    )
    return batch, list(Lead.objects.filter(batch=batch).order_by("row_number"))


def test_first_usable_alternate_is_chosen_and_the_evidence_says_why(leads):
    batch, (laura, mei, sofia) = leads
    ctx = StageContext(batch=batch, organization_id=batch.organization_id, default_country="US")

    validate.validate([laura, mei, sofia], ctx)

    assert (laura.phone, laura.phone_status) == ("+14155550111", "fixed_line_or_mobile")
    chosen = laura.validation["phone"]["chosen"]
    assert chosen["column"] == "Phone 2"
    assert chosen["because"] == "Phone 1 was invalid"
    assert chosen["first"]["status"] == "invalid"
    assert laura.validation["phone"]["alternates"] == [
        {"column": "Phone 2", "value": "+1 415 555 0111", "status": "fixed_line_or_mobile"}
    ]
    assert not any(r["code"] == "phone_invalid" for r in laura.reasons)

    assert (mei.email, mei.email_status) == ("mei.lin@lotusfin.com", "unknown")
    assert mei.validation["email"]["chosen"]["because"] == "Email was invalid_syntax"
    assert not any(r["code"] == "email_invalid_syntax" for r in mei.reasons)
    assert mei.phone == "+12065550133"
    assert mei.validation["phone"]["alternates"][0]["status"] == "not_checked"

    assert (sofia.phone, sofia.phone_status) == ("555", "invalid")
    assert "chosen" not in sofia.validation["phone"]
    assert sofia.validation["phone"]["alternates"] == [{"column": "Phone 2", "value": "999", "status": "invalid"}]
    assert ctx.counters["phone_from_alternate"] == 1
    assert ctx.counters["email_from_alternate"] == 1
    assert ctx.counters["alternates_checked"] == 3
