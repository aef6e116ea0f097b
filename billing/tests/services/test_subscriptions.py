from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import CreditEntry, Invoice, Subscription
from billing.services.credits import credits_remaining
from billing.services.subscriptions import (
    subscription_activate_local,
    subscription_cancel,
    subscription_downgrade,
    subscription_downgrade_cancel,
    subscription_upgrade,
    subscriptions_renew_due,
)
from leadsite.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def test_activate_local_gives_plan_credits_and_a_paid_invoice(org):
    subscription = subscription_activate_local(organization_id=org.pk, plan_id="professional")

    assert (subscription.status, subscription.plan_id, subscription.gateway) == ("active", "professional", "local")
    assert subscription.current_period_end > subscription.current_period_start
    assert credits_remaining(organization_id=org.pk) == 5000
    invoice = Invoice.objects.get(organization=org)
    assert (invoice.status, invoice.total_cents, invoice.credits_granted) == ("paid", 49900, 5000)
    assert invoice.invoice_number == f"INV-{timezone.now().year}-001"
    # a second call with the same plan changes nothing
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    assert credits_remaining(organization_id=org.pk) == 5000
    assert Invoice.objects.filter(organization=org).count() == 1


def test_activate_local_unknown_plan(org):
    with pytest.raises(ApplicationError) as exc:
        subscription_activate_local(organization_id=org.pk, plan_id="gold")
    assert exc.value.code == "unknown_plan"


def test_upgrade_prorates_and_resets_credits(org):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    sub = Subscription.objects.get(organization=org)
    # half the cycle is gone
    now = timezone.now()
    Subscription.objects.filter(pk=sub.pk).update(current_period_start=now - timedelta(days=15),
                                                  current_period_end=now + timedelta(days=15))
    subscription_upgrade(organization_id=org.pk, plan_id="professional")

    sub.refresh_from_db()
    assert sub.plan_id == "professional"
    assert credits_remaining(organization_id=org.pk) == 5000
    proration = Invoice.objects.get(organization=org, billing_reason="subscription_update")
    assert abs(proration.total_cents - (49900 - 9900) // 2) <= 2
    assert CreditEntry.objects.filter(organization=org, kind="reset").count() == 1


@pytest.mark.parametrize("call,plan_id,code", [
    (subscription_upgrade, "starter", "not_an_upgrade"),
    (subscription_upgrade, "professional", "same_plan"),
    (subscription_downgrade, "enterprise", "not_a_downgrade"),
    (subscription_downgrade, "nope", "unknown_plan"),
])
def test_plan_change_rejections(org, call, plan_id, code):
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    with pytest.raises(ApplicationError) as exc:
        call(organization_id=org.pk, plan_id=plan_id)
    assert exc.value.code == code


def test_downgrade_is_scheduled_cancellable_and_applied_at_renewal(org):
    subscription_activate_local(organization_id=org.pk, plan_id="enterprise")
    sub = subscription_downgrade(organization_id=org.pk, plan_id="starter")
    assert (sub.plan_id, sub.scheduled_plan_id) == ("enterprise", "starter")
    assert credits_remaining(organization_id=org.pk) == 25000

    subscription_downgrade_cancel(organization_id=org.pk)
    sub.refresh_from_db()
    assert sub.scheduled_plan_id is None
    with pytest.raises(ApplicationError):
        subscription_downgrade_cancel(organization_id=org.pk)

    subscription_downgrade(organization_id=org.pk, plan_id="professional")
    assert subscriptions_renew_due(now=sub.current_period_end + timedelta(seconds=1)) == 1
    sub.refresh_from_db()
    assert (sub.plan_id, sub.scheduled_plan_id) == ("professional", None)
    assert credits_remaining(organization_id=org.pk) == 5000
    assert Invoice.objects.filter(organization=org, billing_reason="subscription_cycle", total_cents=49900).count() == 1


def test_cancel_at_period_end_keeps_credits_until_the_cycle_ends(org):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    sub = subscription_cancel(organization_id=org.pk)
    assert (sub.status, sub.cancel_at_period_end) == ("active", True)
    assert credits_remaining(organization_id=org.pk) == 1000
    subscriptions_renew_due(now=sub.current_period_end + timedelta(seconds=1))
    sub.refresh_from_db()
    assert sub.status == "canceled"
    assert credits_remaining(organization_id=org.pk) == 0


def test_cancel_now_expires_credits(org):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    sub = subscription_cancel(organization_id=org.pk, at_period_end=False)
    assert sub.status == "canceled"
    assert credits_remaining(organization_id=org.pk) == 0
    with pytest.raises(ApplicationError) as exc:
        subscription_upgrade(organization_id=org.pk, plan_id="enterprise")
    assert exc.value.code == "no_active_subscription"
