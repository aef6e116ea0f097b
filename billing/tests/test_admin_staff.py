"""The staff admin: dj-stripe hidden, money with its currency, no deleting money rows, plans and
subscriptions read-only with audited actions."""

import pytest
from django.contrib import admin

from billing.models import BillingAuditEvent, Invoice, Plan, Subscription
from billing.services.subscriptions import subscription_activate_local

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    staff = factories.customer(is_staff=True, prefix="root")
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    client.force_login(staff)
    return client


def test_admin_index_lists_each_model_once_and_no_djstripe(superuser_client):
    html = superuser_client.get("/admin/").content.decode()
    assert "Djstripe" not in html and "/admin/djstripe/" not in html
    assert not any(model._meta.app_label == "djstripe" for model in admin.site._registry)
    for name in ("Invoices", "Refunds", "Subscriptions"):
        assert html.count(f">{name}</a>") == 1, name


def test_money_is_formatted_and_money_rows_cannot_be_deleted(superuser_client, org):
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    invoice = Invoice.objects.get(organization=org)
    html = superuser_client.get("/admin/billing/invoice/").content.decode()
    assert f"{invoice.total_cents / 100:,.2f} USD" in html
    assert "Delete selected" not in html
    assert "499.00 USD" in superuser_client.get("/admin/billing/plan/").content.decode()
    assert superuser_client.get(f"/admin/billing/invoice/{invoice.pk}/delete/").status_code == 403


def test_plans_and_subscriptions_change_only_through_audited_actions(superuser_client, org):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    subscription = Subscription.objects.get(organization=org)
    form = superuser_client.get(f"/admin/billing/subscription/{subscription.pk}/change/").content.decode()
    assert 'name="status"' not in form and 'name="plan"' not in form  # read-only in place
    plan_page = superuser_client.get("/admin/billing/plan/").content.decode()
    assert 'name="form-0-monthly_price_cents"' not in plan_page  # no list_editable prices

    superuser_client.post("/admin/billing/plan/", {"action": "withdraw", "_selected_action": ["starter"]})
    assert Plan.objects.get(pk="starter").is_active is False
    event = BillingAuditEvent.objects.get(action="plan.withdrawn")
    assert event.target == "starter" and event.organization_id is None and event.actor is not None

    superuser_client.post("/admin/billing/subscription/", {"action": "cancel_at_period_end_action",
                                                            "_selected_action": [subscription.pk]})
    subscription.refresh_from_db()
    assert subscription.cancel_at_period_end is True
    assert BillingAuditEvent.objects.filter(organization=org, action="subscription.cancelled").exists()
