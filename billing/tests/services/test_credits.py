import pytest
from django.db.models import Sum

from billing.models import CreditBalance, CreditEntry
from billing.services.credits import (
    InsufficientCredits,
    credits_batch_estimate,
    credits_charge,
    credits_grant,
    credits_remaining,
    credits_remove,
    credits_reserve,
    credits_reset,
    credits_settle,
)
from leadsite.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def _ledger_sum(org) -> int:
    return CreditEntry.objects.filter(organization=org).aggregate(s=Sum("amount"))["s"] or 0


def test_estimate_is_one_credit_per_row():
    assert credits_batch_estimate(rows=250) == 250
    assert credits_batch_estimate(rows=0) == 0


def test_reserve_settle_consumes_processed_and_releases_rest(org):
    credits_grant(organization_id=org.pk, amount=100, reference="seed", kind="grant")
    credits_reserve(organization_id=org.pk, amount=60, reference="batch:1")
    assert credits_remaining(organization_id=org.pk) == 40
    assert CreditBalance.objects.get(organization=org).reserved == 60

    credits_settle(organization_id=org.pk, reference="batch:1", consumed=45)

    balance = CreditBalance.objects.get(organization=org)
    assert (balance.balance, balance.reserved) == (55, 0)
    assert list(CreditEntry.objects.filter(organization=org).values_list("kind", "amount", "balance_after")) == [
        ("grant", 100, 100), ("reserve", -60, 40), ("release", 60, 100), ("consume", -45, 55),
    ]
    assert _ledger_sum(org) == 55


def test_settle_is_idempotent_and_capped_at_reservation(org):
    credits_grant(organization_id=org.pk, amount=100, reference="seed", kind="grant")
    credits_reserve(organization_id=org.pk, amount=10, reference="b")
    credits_reserve(organization_id=org.pk, amount=10, reference="b")  # repeated: no second hold
    credits_settle(organization_id=org.pk, reference="b", consumed=99)
    credits_settle(organization_id=org.pk, reference="b", consumed=5)
    assert credits_remaining(organization_id=org.pk) == 90
    assert _ledger_sum(org) == 90


def test_settle_without_reservation_is_an_error(org):
    with pytest.raises(ApplicationError) as exc:
        credits_settle(organization_id=org.pk, reference="nope", consumed=1)
    assert exc.value.code == "no_reservation"


def test_reserve_short_raises_402_with_needed_and_remaining(org):
    credits_grant(organization_id=org.pk, amount=30, reference="seed", kind="grant")
    with pytest.raises(InsufficientCredits) as exc:
        credits_reserve(organization_id=org.pk, amount=31, reference="big")
    assert (exc.value.needed, exc.value.remaining, exc.value.status_code) == (31, 30, 402)
    assert exc.value.details == {"needed": 31, "remaining": 30}
    assert credits_remaining(organization_id=org.pk) == 30


def test_charge_is_idempotent_per_reference(org):
    credits_grant(organization_id=org.pk, amount=5, reference="seed", kind="grant")
    credits_charge(organization_id=org.pk, amount=2, reference="validate:1")
    credits_charge(organization_id=org.pk, amount=2, reference="validate:1")
    assert credits_remaining(organization_id=org.pk) == 3
    with pytest.raises(InsufficientCredits):
        credits_charge(organization_id=org.pk, amount=4, reference="validate:2")


def test_grant_same_reference_twice_grants_once(org):
    credits_grant(organization_id=org.pk, amount=1000, reference="invoice:in_1", kind="grant")
    credits_grant(organization_id=org.pk, amount=1000, reference="invoice:in_1", kind="grant")
    assert credits_remaining(organization_id=org.pk) == 1000


def test_negative_adjustment_cannot_go_below_zero(org):
    credits_grant(organization_id=org.pk, amount=10, reference="seed", kind="grant")
    credits_grant(organization_id=org.pk, amount=-4, reference="fix", kind="adjustment")
    with pytest.raises(InsufficientCredits):
        credits_grant(organization_id=org.pk, amount=-7, reference="fix2", kind="adjustment")
    with pytest.raises(ApplicationError):
        credits_grant(organization_id=org.pk, amount=-1, reference="x", kind="grant")
    assert credits_remaining(organization_id=org.pk) == 6


def test_reset_sets_balance_counting_open_reservations(org):
    credits_grant(organization_id=org.pk, amount=500, reference="seed", kind="grant")
    credits_reserve(organization_id=org.pk, amount=100, reference="running")
    change = credits_reset(organization_id=org.pk, credits=1000, reference="cycle:2")
    assert change == 500  # 400 left → 900 spendable + 100 held = 1000
    credits_settle(organization_id=org.pk, reference="running", consumed=100)
    assert credits_remaining(organization_id=org.pk) == 900
    assert _ledger_sum(org) == 900


def test_remove_is_capped_at_balance(org):
    credits_grant(organization_id=org.pk, amount=50, reference="seed", kind="grant")
    assert credits_remove(organization_id=org.pk, amount=80, reference="refund:1") == 50
    assert credits_remove(organization_id=org.pk, amount=80, reference="refund:1") == 50
    assert credits_remaining(organization_id=org.pk) == 0
