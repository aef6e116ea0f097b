from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.models import Subscription
from billing.services.credits import credits_remaining
from billing.services.subscriptions import subscription_activate_local
from billing.tasks import subscriptions_renew_due_task

pytestmark = pytest.mark.django_db


def test_billing_renew_command_and_task(org):
    subscription_activate_local(organization_id=org.pk, plan_id="starter")
    Subscription.objects.filter(organization=org).update(current_period_end=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("billing_renew", stdout=out)
    assert "renewed 1" in out.getvalue()
    assert subscriptions_renew_due_task.delay().get() == 0
    assert Subscription.objects.get(organization=org).current_period_end > timezone.now()


def test_billing_grant_command(org):
    out = StringIO()
    call_command("billing_grant", org.slug, "250", "--reference", "T-1", stdout=out)
    call_command("billing_grant", org.slug, "250", "--reference", "T-1", stdout=out)
    assert credits_remaining(organization_id=org.pk) == 250
