import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

from billing.models import Invoice
from billing.services.invoices import invoice_create, invoice_number_next


@pytest.mark.django_db
def test_numbers_are_sequential_per_year_and_rollback_leaves_no_gap(org):
    assert invoice_number_next(year=2031) == "INV-2031-001"
    assert invoice_number_next(year=2031) == "INV-2031-002"
    assert invoice_number_next(year=2032) == "INV-2032-001"
    with pytest.raises(RuntimeError), transaction.atomic():
        invoice_number_next(year=2031)
        raise RuntimeError("payment failed")
    assert invoice_number_next(year=2031) == "INV-2031-003"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.DATABASE_IS_POSTGRES, reason="row locks need PostgreSQL")
def test_concurrent_invoices_get_gap_free_unique_numbers(org):
    n = 10
    barrier = threading.Barrier(n)
    errors = []

    def make(i: int) -> None:
        try:
            barrier.wait()
            invoice_create(organization=org, plan=None, billing_reason="manual", gateway="local",
                           lines=[{"description": f"line {i}", "quantity": 1, "unit_amount_cents": 100,
                                   "amount_cents": 100}])
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=make, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(int(x.rsplit("-", 1)[1]) for x in Invoice.objects.values_list("invoice_number", flat=True))
    assert numbers == list(range(1, n + 1))
