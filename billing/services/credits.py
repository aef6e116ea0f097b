"""Credits: an append-only ledger per organisation plus one balance row locked by every movement.

Every function takes the balance row with SELECT … FOR UPDATE inside a transaction (on SQLite the
connection begins IMMEDIATE transactions, which serialises writers the same way), so two batches racing
for the last credits can never drive the balance negative nor lose an update. Every movement carries a
`reference`; (organization, kind, reference) is unique, so repeating a call is a no-op.

Consumption rule (docs/billing.md): one credit per input row the pipeline processed.
"""

from django.conf import settings
from django.db import transaction

from leadsite.core.exceptions import ApplicationError

from ..models import CreditBalance, CreditEntry

Kind = CreditEntry.Kind
GRANT_KINDS = {Kind.GRANT, Kind.ADJUSTMENT, Kind.REFUND, Kind.RESET}


class InsufficientCredits(ApplicationError):
    """The balance cannot cover the amount; the API answers 402 with `needed` and `remaining`."""

    def __init__(self, *, needed: int, remaining: int):
        super().__init__(
            f"Not enough credits: {needed} needed, {remaining} remaining.",
            code="insufficient_credits",
            status_code=402,
            details={"needed": needed, "remaining": remaining},
        )
        self.needed = needed
        self.remaining = remaining


def credits_batch_estimate(*, rows: int) -> int:
    """Upper bound of a batch's cost: every row may be processed."""
    return max(int(rows), 0) * settings.BILLING_CREDITS_PER_ROW


def _balance_locked(organization_id: int) -> CreditBalance:
    CreditBalance.objects.get_or_create(organization_id=organization_id)
    return CreditBalance.objects.select_for_update().get(organization_id=organization_id)


def _entry(balance: CreditBalance, *, kind: str, amount: int, reference: str, note: str = "") -> CreditEntry:
    balance.balance += amount
    return CreditEntry(organization_id=balance.organization_id, kind=kind, amount=amount,
                       balance_after=balance.balance, reference=reference, note=note[:255])


def _exists(organization_id: int, kind: str, reference: str) -> bool:
    return CreditEntry.objects.filter(organization_id=organization_id, kind=kind, reference=reference).exists()


def _save(balance: CreditBalance, entries: list[CreditEntry]) -> None:
    CreditEntry.objects.bulk_create(entries)
    balance.save(update_fields=["balance", "reserved", "updated_at"])


def credits_reserve(*, organization_id: int, amount: int, reference: str) -> None:
    """Hold `amount` credits for a batch; raises InsufficientCredits when the balance is short."""
    if amount < 0:
        raise ApplicationError("A reservation cannot be negative.", code="invalid_amount")
    with transaction.atomic():
        balance = _balance_locked(organization_id)
        if _exists(organization_id, Kind.RESERVE, reference):
            return
        if balance.balance < amount:
            raise InsufficientCredits(needed=amount, remaining=balance.balance)
        balance.reserved += amount
        _save(balance, [_entry(balance, kind=Kind.RESERVE, amount=-amount, reference=reference)])


def credits_settle(*, organization_id: int, reference: str, consumed: int) -> None:
    """Consume what the batch used (capped at the reservation) and release the rest."""
    with transaction.atomic():
        balance = _balance_locked(organization_id)
        reserve = CreditEntry.objects.filter(organization_id=organization_id, kind=Kind.RESERVE,
                                             reference=reference).first()
        if reserve is None:
            raise ApplicationError(f"No credit reservation {reference!r}.", code="no_reservation")
        if _exists(organization_id, Kind.RELEASE, reference):
            return
        held = -reserve.amount
        used = min(max(int(consumed), 0), held)
        balance.reserved -= held
        entries = [_entry(balance, kind=Kind.RELEASE, amount=held, reference=reference)]
        if used:
            entries.append(_entry(balance, kind=Kind.CONSUME, amount=-used, reference=reference))
        _save(balance, entries)


def credits_charge(*, organization_id: int, amount: int, reference: str) -> None:
    """Immediate charge (e.g. a single /api/validate call)."""
    if amount < 0:
        raise ApplicationError("A charge cannot be negative.", code="invalid_amount")
    with transaction.atomic():
        balance = _balance_locked(organization_id)
        if _exists(organization_id, Kind.CONSUME, reference):
            return
        if balance.balance < amount:
            raise InsufficientCredits(needed=amount, remaining=balance.balance)
        _save(balance, [_entry(balance, kind=Kind.CONSUME, amount=-amount, reference=reference)])


def credits_grant(*, organization_id: int, amount: int, reference: str, kind: str = "adjustment",
                  note: str = "") -> None:
    """Add (or, for an adjustment, remove) credits. A removal larger than the balance is refused."""
    if kind not in GRANT_KINDS or kind == Kind.RESET:
        raise ApplicationError(f"Unsupported credit kind {kind!r}.", code="invalid_kind")
    if kind != Kind.ADJUSTMENT and amount < 0:
        raise ApplicationError("Only an adjustment can be negative.", code="invalid_amount")
    with transaction.atomic():
        balance = _balance_locked(organization_id)
        if _exists(organization_id, kind, reference):
            return
        if balance.balance + amount < 0:
            raise InsufficientCredits(needed=-amount, remaining=balance.balance)
        _save(balance, [_entry(balance, kind=kind, amount=amount, reference=reference, note=note)])


def credits_reset(*, organization_id: int, credits: int, reference: str, note: str = "") -> int:
    """Set the spendable balance to a new cycle's credits (unused credits do not roll over).

    Credits held by running batches count against the new cycle. Returns the signed change."""
    with transaction.atomic():
        balance = _balance_locked(organization_id)
        if _exists(organization_id, Kind.RESET, reference):
            return 0
        target = max(int(credits) - balance.reserved, 0)
        change = target - balance.balance
        _save(balance, [_entry(balance, kind=Kind.RESET, amount=change, reference=reference, note=note)])
        return change


def credits_remove(*, organization_id: int, amount: int, reference: str, note: str = "") -> int:
    """Take back up to `amount` credits after a money refund (never below zero). Returns what was removed."""
    with transaction.atomic():
        balance = _balance_locked(organization_id)
        existing = CreditEntry.objects.filter(organization_id=organization_id, kind=Kind.REFUND,
                                              reference=reference).first()
        if existing is not None:
            return -existing.amount
        removed = min(max(int(amount), 0), balance.balance)
        _save(balance, [_entry(balance, kind=Kind.REFUND, amount=-removed, reference=reference, note=note)])
        return removed


def credits_remaining(*, organization_id: int) -> int:
    row = CreditBalance.objects.filter(organization_id=organization_id).values_list("balance", flat=True).first()
    return row or 0
