"""Two batches race for the last credits on real PostgreSQL connections."""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models import Sum

from billing.models import CreditBalance, CreditEntry
from billing.services.credits import InsufficientCredits, credits_charge, credits_grant, credits_reserve, credits_settle

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.DATABASE_IS_POSTGRES, reason="row locks need PostgreSQL"),
]


def _race(n: int, fn) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            fn(i)
            results[i] = "ok"
        except InsufficientCredits as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_batches_racing_for_the_last_credits(org):
    credits_grant(organization_id=org.pk, amount=100, reference="seed", kind="grant")

    results = _race(2, lambda i: credits_reserve(organization_id=org.pk, amount=80, reference=f"batch:{i}"))

    assert sorted(r == "ok" for r in results) == [False, True]
    loser = next(r for r in results if r != "ok")
    assert (loser.needed, loser.remaining) == (80, 20)
    winner = results.index("ok")
    credits_settle(organization_id=org.pk, reference=f"batch:{winner}", consumed=75)
    balance = CreditBalance.objects.get(organization=org)
    assert (balance.balance, balance.reserved) == (25, 0)


def test_many_concurrent_charges_never_lose_an_update(org):
    credits_grant(organization_id=org.pk, amount=50, reference="seed", kind="grant")

    results = _race(12, lambda i: [credits_charge(organization_id=org.pk, amount=1, reference=f"c:{i}:{k}")
                                   for k in range(5)])

    balance = CreditBalance.objects.get(organization=org).balance
    consumed = CreditEntry.objects.filter(organization=org, kind="consume").count()
    assert balance >= 0
    assert balance == 50 - consumed
    assert consumed == 50  # 60 charges asked for, exactly 50 fit
    assert any(isinstance(r, InsufficientCredits) for r in results)
    total = CreditEntry.objects.filter(organization=org).aggregate(s=Sum("amount"))["s"]
    assert total == balance
    assert connection.vendor == "postgresql"
