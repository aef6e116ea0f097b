from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import Invoice, Subscription
from billing.services.credits import credits_charge, credits_remaining
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


def _cycle(org, *, gone: timedelta, left: timedelta) -> None:
    now = timezone.now()
    Subscription.objects.filter(organization=org).update(current_period_start=now - gone,
                                                         current_period_end=now + left)


def test_upgrade_prorates_money_and_credits(org):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    _cycle(org, gone=timedelta(days=15), left=timedelta(days=15))  # half the cycle is gone
    subscription_upgrade(organization_id=org.pk, plan_id="professional")

    assert Subscription.objects.get(organization=org).plan_id == "professional"
    proration = Invoice.objects.get(organization=org, billing_reason="subscription_update")
    assert abs(proration.total_cents - (49900 - 9900) // 2) <= 2
    # the difference for the half cycle left, floored: the milliseconds since _cycle may take one credit off
    assert (5000 - 1000) // 2 - 1 <= proration.credits_granted <= (5000 - 1000) // 2
    assert credits_remaining(organization_id=org.pk) == 1000 + proration.credits_granted
    assert [line["amount_cents"] < 0 for line in proration.lines] == [True, False]  # unused time, remaining time


def test_upgrade_an_hour_before_renewal_grants_an_hour_of_the_difference(org):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    credits_charge(organization_id=org.pk, amount=900, reference="used")
    _cycle(org, gone=timedelta(days=30) - timedelta(hours=1), left=timedelta(hours=1))
    subscription_upgrade(organization_id=org.pk, plan_id="professional")

    proration = Invoice.objects.get(organization=org, billing_reason="subscription_update")
    assert proration.credits_granted == 4000 // 720  # one hour of a 720-hour cycle: 5, not 5000
    assert credits_remaining(organization_id=org.pk) == 100 + 5
    assert proration.total_cents == 69 - 14  # an hour of 499.00 less an hour of 99.00, each line rounded


def test_refund_of_the_proration_invoice_takes_its_credits_back(org):
    from django.contrib.auth.models import Permission

    from billing.services.refunds import refund_issue

    from .. import factories

    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    _cycle(org, gone=timedelta(days=10), left=timedelta(days=20))
    subscription_upgrade(organization_id=org.pk, plan_id="professional")
    proration = Invoice.objects.get(organization=org, billing_reason="subscription_update")
    assert proration.credits_granted == 4000 * 2 // 3
    staff = factories.customer(is_staff=True, prefix="ops")
    staff.user_permissions.add(Permission.objects.get(codename="issue_refund"))
    refund, _ = refund_issue(invoice_id=proration.pk, amount_cents=proration.total_cents, reason="changed mind",
                             actor=staff, refund_id="r" * 32)
    assert refund.credits_removed == 2666
    assert credits_remaining(organization_id=org.pk) == 1000


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
