from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from billing.models import Subscription
from billing.services.credits import credits_remaining
from billing.services.subscriptions import subscription_activate_local
from billing.tasks import subscriptions_renew_due_task
from leadsite.core.models import ApiToken, hash_token

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


def test_createcustomer_prints_token_on_last_line(db):
    out = StringIO()
    call_command(
        "createcustomer", "--email", "Ops@Example.com", "--password", "secret-pass-1", "--plan", "starter", stdout=out
    )
    key = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(key_hash=hash_token(key))
    assert token.user.email == "ops@example.com"
    assert key not in {t.key_hash for t in ApiToken.objects.all()}
    assert credits_remaining(organization_id=token.user.membership.organization_id) > 0


def test_seed_demo_creates_the_demo_customer_on_a_plan_once(db):
    first, second = StringIO(), StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=second)
    assert "demo login" in first.getvalue() and "staff admin" in first.getvalue()
    assert second.getvalue() == ""
    token_user = get_user_model().objects.get(username="demo@leadsite.local")
    assert Subscription.objects.get(organization_id=token_user.membership.organization_id).plan_id == "professional"
