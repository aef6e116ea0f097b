"""Validate step: email (syntax, flags, DNS, optional SMTP probe) and phone (E.164, type, optional carrier).

Writes the normalised email and phone, their statuses and the evidence of every check in
`lead.validation`; negative findings also become reasons (never gates: scoring decides, see
pipeline.validation.statuses.EMAIL_HARD_FAIL_STATUSES).
"""

from __future__ import annotations

from pipeline.models import Lead
from pipeline.reasons import reason_add, reasons_reset
from pipeline.stages.context import StageContext
from pipeline.validation.alternates import alternates_apply
from pipeline.validation.contacts import ContactInput, ContactValidator

PHASE = "validate"
FIELDS = ("email", "email_status", "phone", "phone_status", "validation")


def _validator(ctx: StageContext) -> ContactValidator:
    if ctx.validator is None:
        ctx.validator = ContactValidator.from_settings(
            default_country=ctx.default_country, cache=ctx.validation_lookups, counters=ctx.counters
        )
    return ctx.validator


def _as_read(lead: Lead, field: str) -> str:
    value = (lead.raw or {}).get(field)
    return value.strip() if isinstance(value, str) else ""


def validate(leads: list[Lead], ctx: StageContext) -> None:
    contacts = [
        ContactInput(
            email=lead.email, phone=lead.phone, country=lead.country, domain=lead.domain,
            email_as_read=_as_read(lead, "email"), phone_as_read=_as_read(lead, "phone"),
        )
        for lead in leads
    ]
    validator = _validator(ctx)
    results = validator.validate(contacts)
    alternates = [(lead.raw or {}).get("alternates") for lead in leads]
    if any(alternates):
        alternates_apply(validator=validator, alternates=alternates, contacts=contacts, results=results,
                         counters=ctx.counters)
    for lead, result in zip(leads, results, strict=True):
        reasons_reset(lead, PHASE)
        lead.email = result.email
        lead.email_status = result.email_status.value
        lead.phone = result.phone
        lead.phone_status = result.phone_status.value
        lead.validation = result.evidence
        for code, message in result.findings:
            reason_add(lead, PHASE, code, message)
