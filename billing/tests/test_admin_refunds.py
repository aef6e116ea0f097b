import re
import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connections

from billing.models import BillingAuditEvent, Invoice, Refund, RefundRequest
from billing.services.credits import credits_remaining
from billing.services.refunds import refund_issue
from billing.services.subscriptions import subscription_activate_local

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(org):
    subscription_activate_local(organization_id=org.pk, plan_id="professional")
    return Invoice.objects.get(organization=org)


@pytest.fixture
def refunder():
    staff = factories.customer(is_staff=True, prefix="staff")
    staff.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="billing", codename__in=["issue_refund", "view_invoice", "change_refundrequest",
                                                         "view_refundrequest"]))
    return staff


def _action(client, url, pk, action, **extra):
    return client.post(url, {"action": action, "_selected_action": [pk], **extra})


def test_staff_issues_a_refund_from_the_invoice_admin_with_a_form(client, refunder, invoice, org):
    client.force_login(refunder)
    form = _action(client, "/admin/billing/invoice/", invoice.pk, "issue_refund")
    assert form.status_code == 200
    assert b"Issue a refund for" in form.content and b'id="refundable">49900<' in form.content

    refund_id = _refund_id(form)
    too_much = _action(client, "/admin/billing/invoice/", invoice.pk, "issue_refund", apply="1", amount=49901,
                       reason="x", refund_id=refund_id)
    assert too_much.status_code == 200 and b"49900" in too_much.content
    assert not Refund.objects.exists()

    done = _action(client, "/admin/billing/invoice/", invoice.pk, "issue_refund", apply="1", amount=10000,
                   reason="Goodwill", refund_id=refund_id)
    assert done.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount_cents, refund.issued_by, refund.credits_removed) == (10000, refunder, 1002)
    assert refund.gateway_refund_id.startswith("loc_re_")
    invoice.refresh_from_db()
    assert (invoice.amount_refunded_cents, invoice.status) == (10000, "paid")
    assert refund.credit_note.total_cents == 10000
    assert credits_remaining(organization_id=org.pk) == 5000 - 1002
    audit = BillingAuditEvent.objects.get(action="refund.issued")
    assert (audit.actor, audit.details["amount_cents"], audit.target) == (refunder, 10000, invoice.invoice_number)


def test_customer_request_issued_from_the_request_admin(client, refunder, invoice, org, user):
    request = RefundRequest.objects.create(organization=org, invoice=invoice, amount_cents=49900,
                                           reason="Customer request", requested_by=user)
    client.force_login(refunder)
    form = _action(client, "/admin/billing/refundrequest/", request.pk, "issue_refund")
    assert form.status_code == 200 and b"Customer request" in form.content
    _action(client, "/admin/billing/refundrequest/", request.pk, "issue_refund", apply="1", amount=49900,
            reason="Customer request", refund_id=_refund_id(form))
    request.refresh_from_db()
    invoice.refresh_from_db()
    assert request.status == "issued" and invoice.refundable_cents == 0
    assert credits_remaining(organization_id=org.pk) == 0


def test_staff_without_permission_cannot_refund(client, invoice):
    staff = factories.customer(is_staff=True, prefix="nope")
    staff.user_permissions.add(*Permission.objects.filter(codename="view_invoice"))
    client.force_login(staff)
    response = _action(client, "/admin/billing/invoice/", invoice.pk, "issue_refund", apply="1", amount=100,
                       reason="x")
    assert response.status_code in (302, 200, 403)
    assert not Refund.objects.exists()
    with pytest.raises(Exception, match="issue_refund"):
        refund_issue(invoice_id=invoice.pk, amount_cents=100, reason="x", actor=staff, refund_id="c" * 32)


def test_refund_above_remainder_refused_by_the_service(refunder, invoice):
    refund_issue(invoice_id=invoice.pk, amount_cents=40000, reason="a", actor=refunder, refund_id="d" * 32)
    with pytest.raises(Exception, match="between 1 and 9900"):
        refund_issue(invoice_id=invoice.pk, amount_cents=9901, reason="b", actor=refunder, refund_id="e" * 32)


def test_a_refund_request_is_issued_only_once(refunder, invoice, org, user):
    from leadsite.core.exceptions import ApplicationError

    request = RefundRequest.objects.create(organization=org, invoice=invoice, amount_cents=1000,
                                           reason="Customer request", requested_by=user)
    refund_issue(invoice_id=invoice.pk, amount_cents=1000, reason="ok", actor=refunder, request=request,
                 refund_id="f" * 32)
    with pytest.raises(ApplicationError) as raised:
        refund_issue(invoice_id=invoice.pk, amount_cents=1000, reason="again", actor=refunder, request=request,
                     refund_id="g" * 32)
    assert raised.value.status_code == 409
    assert Refund.objects.filter(request=request).count() == 1


def _refund_id(form_response) -> str:
    match = re.search(rb'name="refund_id" value="([0-9a-f]{32})"', form_response.content)
    assert match, "the refund form carries its attempt id in a hidden field"
    return match.group(1).decode()


def test_two_identical_submits_of_the_refund_form_refund_once(client, refunder, invoice, org):
    """A double click (or a resubmit after Back) posts the same rendered form twice."""
    client.force_login(refunder)
    form = _action(client, "/admin/billing/invoice/", invoice.pk, "issue_refund")
    refund_id = _refund_id(form)
    submit = dict(apply="1", amount=10000, reason="Goodwill", refund_id=refund_id)
    first = _action(client, "/admin/billing/invoice/", invoice.pk, "issue_refund", **submit)
    second = _action(client, "/admin/billing/invoice/", invoice.pk, "issue_refund", **submit)
    assert first.status_code == second.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount_cents, refund.attempt_id) == (10000, refund_id)
    invoice.refresh_from_db()
    assert invoice.amount_refunded_cents == 10000
    assert credits_remaining(organization_id=org.pk) == 5000 - 1002
    assert BillingAuditEvent.objects.filter(action="refund.issued").count() == 1
    # a new rendering of the form is a new decision with a new id
    assert _refund_id(_action(client, "/admin/billing/invoice/", invoice.pk, "issue_refund")) != refund_id


def test_a_replayed_attempt_with_other_values_is_refused(refunder, invoice):
    from leadsite.core.exceptions import ApplicationError

    refund_issue(invoice_id=invoice.pk, amount_cents=1000, reason="a", actor=refunder, refund_id="a" * 32)
    with pytest.raises(ApplicationError) as raised:
        refund_issue(invoice_id=invoice.pk, amount_cents=2000, reason="a", actor=refunder, refund_id="a" * 32)
    assert (raised.value.status_code, raised.value.code) == (422, "idempotency_key_reused")
    assert Refund.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.DATABASE_IS_POSTGRES, reason="row locks need PostgreSQL")
def test_concurrent_submits_of_one_attempt_refund_once(refunder, invoice, org):
    barrier = threading.Barrier(4)
    outcomes: list = []

    def submit() -> None:
        try:
            barrier.wait()
            outcomes.append(refund_issue(invoice_id=invoice.pk, amount_cents=49900, reason="double click",
                                         actor=refunder, refund_id="b" * 32)[1])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [False, False, False, True]
    assert Refund.objects.count() == 1
    invoice.refresh_from_db()
    assert (invoice.amount_refunded_cents, invoice.credit_notes.count()) == (49900, 1)
    assert credits_remaining(organization_id=org.pk) == 0


def test_local_gateway_refund_is_idempotent_by_key(invoice):
    from billing.gateways.local import LocalGateway

    gateway = LocalGateway()
    first = gateway.refund_create(invoice=invoice, amount_cents=100, reason="x", idempotency_key="k1")
    assert gateway.refund_create(invoice=invoice, amount_cents=100, reason="x", idempotency_key="k1") == first
    assert gateway.refund_create(invoice=invoice, amount_cents=100, reason="x", idempotency_key="k2") != first
