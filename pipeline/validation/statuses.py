"""The status enums of validation, used everywhere (API, CSV, pages, scoring).

Each value claims no more than its checks showed; docs/validation.md lists the evidence behind each.
"""

from enum import StrEnum


class EmailStatus(StrEnum):
    VERIFIED_DELIVERABLE = "verified_deliverable"  # SMTP accepted this address and rejected a random one
    ACCEPT_ALL = "accept_all"  # SMTP accepted this address and a random one: catch-all domain
    DELIVERABLE_UNVERIFIED = "deliverable_unverified"  # MX (or A/AAAA fallback) seen, no conclusive probe
    UNKNOWN = "unknown"  # syntax fine, but DNS was off, unavailable, timed out or SERVFAILed
    UNDELIVERABLE = "undeliverable"  # null MX, no mail host at all, or SMTP 5xx for this address
    INVALID_DOMAIN = "invalid_domain"  # NXDOMAIN from a resolver that passed its canary check
    INVALID_SYNTAX = "invalid_syntax"  # email-validator rejected the address
    DISPOSABLE = "disposable"  # domain on the disposable-email-domains list
    MISSING = "missing"  # no email given


class PhoneStatus(StrEnum):
    MOBILE_ACTIVE = "mobile_active"  # a carrier lookup confirmed a mobile line that is active
    MOBILE = "mobile"
    LANDLINE = "landline"
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"  # numbering plan cannot tell (e.g. US, CA)
    VOIP = "voip"
    TOLL_FREE = "toll_free"
    OTHER = "other"  # premium rate, shared cost, personal, pager, UAN, voicemail
    INVALID = "invalid"  # unparseable, or not a valid number for its region
    MISSING = "missing"  # no phone given


# What the scoring gate should do with each email status.
EMAIL_HARD_FAIL_STATUSES = frozenset(
    {EmailStatus.INVALID_SYNTAX, EmailStatus.INVALID_DOMAIN, EmailStatus.UNDELIVERABLE, EmailStatus.DISPOSABLE}
)
EMAIL_ACCEPTABLE_STATUSES = frozenset(
    {EmailStatus.VERIFIED_DELIVERABLE, EmailStatus.ACCEPT_ALL, EmailStatus.DELIVERABLE_UNVERIFIED, EmailStatus.UNKNOWN}
)
PHONE_USABLE_STATUSES = frozenset(
    {
        PhoneStatus.MOBILE_ACTIVE,
        PhoneStatus.MOBILE,
        PhoneStatus.LANDLINE,
        PhoneStatus.FIXED_LINE_OR_MOBILE,
        PhoneStatus.VOIP,
        PhoneStatus.TOLL_FREE,
        PhoneStatus.OTHER,
    }
)
