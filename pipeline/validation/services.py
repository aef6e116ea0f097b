"""Validate one contact for an integrator (POST /api/validate), charged per the credit rules."""

from __future__ import annotations

import uuid

from billing.services.credits import credits_charge, credits_grant

from .contacts import ContactInput, ContactResult, ContactValidator

CREDITS_PER_CONTACT = 1


def contact_validate(*, organization_id: int, default_country: str, email: str = "", phone: str = "",
                     country: str = "") -> ContactResult:
    """Charge one credit (InsufficientCredits → 402), then run every configured check synchronously."""
    reference = f"validate:{uuid.uuid4().hex}"
    credits_charge(organization_id=organization_id, amount=CREDITS_PER_CONTACT, reference=reference)
    try:
        validator = ContactValidator.from_settings(default_country=default_country)
        return validator.validate([ContactInput(email=email, phone=phone, country=country)])[0]
    except BaseException:
        # The caller gets an error, not a result: give the credit back.
        credits_grant(organization_id=organization_id, amount=CREDITS_PER_CONTACT, reference=f"{reference}:returned",
                      note="validation failed")
        raise
