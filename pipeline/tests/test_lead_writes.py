import pytest

from leadsite.core.services import organization_create
from pipeline.bulk.lead_writes import leads_bulk_update
from pipeline.models import Batch, Lead, Upload

pytestmark = pytest.mark.django_db


def test_bulk_update_writes_every_type_of_field():
    org = organization_create(name="Acme")
    upload = Upload.objects.create(
        organization=org, filename="x.csv", storage_key="k/x.csv", size=1, sha256="0", format="csv"
    )
    batch = Batch.objects.create(organization=org, upload=upload)
    leads = Lead.objects.bulk_create(Lead(batch=batch, organization=org, row_number=i) for i in range(1, 2502))
    leads = list(Lead.objects.filter(batch=batch).order_by("row_number"))
    for lead in leads:
        lead.email = f"user{lead.row_number}@example.com"
        lead.score = lead.row_number / 10
        lead.employee_count = None if lead.row_number % 2 else lead.row_number
        lead.signals = ["Hiring", f"n{lead.row_number}"]
        lead.reasons = [{"phase": "x", "code": "c", "message": 'it\'s "quoted"'}]
        lead.duplicate_of_id = leads[0].pk if lead.row_number > 1 else None
    leads_bulk_update(leads, ["email", "score", "employee_count", "signals", "reasons", "duplicate_of"])
    stored = {lead.row_number: lead for lead in Lead.objects.filter(batch=batch)}
    assert stored[2500].email == "user2500@example.com"
    assert stored[2500].score == 250.0
    assert stored[2500].employee_count == 2500
    assert stored[2499].employee_count is None
    assert stored[7].signals == ["Hiring", "n7"]
    assert stored[7].reasons[0]["message"] == 'it\'s "quoted"'
    assert stored[3].duplicate_of_id == stored[1].pk
    assert stored[1].duplicate_of_id is None
