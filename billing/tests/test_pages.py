import pytest

from billing.models import BillingAuditEvent
from billing.services.credits import credits_reserve, credits_settle
from billing.services.subscriptions import subscription_activate_local

pytestmark = pytest.mark.django_db


def test_billing_page_walks_checkout_upgrade_downgrade_cancel(client, user, org):
    client.force_login(user)
    page = client.get("/billing/")
    assert page.status_code == 200 and b"No plan" in page.content

    response = client.post("/billing/action/", {"action": "checkout", "plan_id": "starter"})
    assert response.status_code == 302 and response.url.startswith("/billing/checkout/loc_cs_")
    client.post(response.url, {"decision": "pay"})

    credits_reserve(organization_id=org.pk, amount=10, reference="b")
    credits_settle(organization_id=org.pk, reference="b", consumed=7)
    page = client.get("/billing/").content.decode()
    assert 'id="credits-left">993<' in page
    assert "usage-chart.js" in page and '"credits": 7' in page
    assert "/api/billing/invoices/INV-" in page

    client.post("/billing/action/", {"action": "upgrade", "plan_id": "enterprise"})
    assert 'id="plan-name">Enterprise<' in client.get("/billing/").content.decode()
    client.post("/billing/action/", {"action": "downgrade", "plan_id": "professional"})
    assert "Downgrade to Professional" in client.get("/billing/").content.decode()
    client.post("/billing/action/", {"action": "cancel_downgrade"})
    assert "Downgrade to Professional" not in client.get("/billing/").content.decode()
    response = client.post("/billing/action/", {"action": "upgrade", "plan_id": "starter"}, follow=True)
    assert "not dearer" in response.content.decode()
    response = client.post("/billing/action/", {"action": "cancel"})  # without confirming: asked first
    assert response.status_code == 302 and response.url == "/billing/cancel/"
    assert "ends " not in client.get("/billing/").content.decode()
    confirm = client.get("/billing/cancel/").content.decode()
    assert "Cancel your Enterprise subscription?" in confirm and 'name="confirm" value="yes"' in confirm
    client.post("/billing/action/", {"action": "cancel", "confirm": "yes"})
    assert "ends " in client.get("/billing/").content.decode()
    assert client.get("/billing/cancel/").status_code == 302  # nothing left to cancel
    client.post("/billing/action/", {"action": "undo_cancel"})  # undo until the cycle ends
    page = client.get("/billing/").content.decode()
    assert "ends " not in page and 'id="cancel-subscription"' in page
    assert BillingAuditEvent.objects.filter(organization=org, action="subscription.cancel_undone").count() == 1


def test_billing_page_requires_login(client):
    assert client.get("/billing/").status_code == 302


def test_usage_chart_script_is_served_locally(client, user, org):
    from django.contrib.staticfiles import finders

    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    assert finders.find("billing/usage-chart.js")
