"""Staff work on leads in the Django admin, whose JSON documents are stored as PostgreSQL `json`."""

import json

import pytest
from django.urls import reverse

from leadsite.core.services import organization_create
from pipeline.models import Batch, Lead
from pipeline.tests.dedup.batches import batch_with_leads


@pytest.mark.django_db
def test_staff_list_open_and_save_a_lead(admin_client):
    organization = organization_create(name="Acme Leads")
    batch = batch_with_leads(organization, [{"full_name": "Ann Lee", "email": "ann@lee.io",
                                             "reasons": [{"phase": "score", "code": "x", "message": "y"}],
                                             "validation": {"email": {"status": "unknown"}}}],
                             status=Batch.STATUS_COMPLETED)
    lead = Lead.objects.get(batch=batch)
    listing = admin_client.get(reverse("admin:pipeline_lead_changelist"), {"q": "ann@lee.io"})
    assert listing.status_code == 200 and "Ann Lee" in listing.content.decode()
    page = admin_client.get(reverse("admin:pipeline_lead_change", args=[lead.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["status"] = Lead.STATUS_REJECTED
    data["reasons"] = json.dumps([{"phase": "review", "code": "manual", "message": "checked by staff"}])
    response = admin_client.post(reverse("admin:pipeline_lead_change", args=[lead.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lead.refresh_from_db()
    assert lead.status == Lead.STATUS_REJECTED and lead.reasons[0]["code"] == "manual"
    assert lead.validation == {"email": {"status": "unknown"}}
