"""Email syntax and normalisation with email-validator (no network here: DNS lives in dns_checks)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from email_validator import EmailNotValidError, EmailSyntaxError, validate_email
from email_validator import syntax as _ev_syntax
from email_validator.rfc_constants import (
    CASE_INSENSITIVE_MAILBOX_NAMES,
    DOT_ATOM_TEXT,
    EMAIL_MAX_LENGTH,
    LOCAL_PART_MAX_LENGTH,
)


@dataclass(frozen=True, slots=True)
class EmailSyntax:
    ok: bool
    normalized: str  # local part as written (NFC), domain lower-cased and in Unicode form
    ascii_email: str | None  # None when the address needs SMTPUTF8
    local_part: str
    domain: str  # IDNA (ASCII) form, used for DNS and the flag lists
    error: str = ""


@functools.lru_cache(maxsize=65536)
def _domain_name_checked(domain: str, test_environment: bool, globally_deliverable: bool):
    """email-validator's domain check per distinct domain (its IDNA work is ~70% of the cost of an address)."""
    try:
        return _ev_syntax.validate_email_domain_name(
            domain, test_environment=test_environment, globally_deliverable=globally_deliverable
        ), ""
    except EmailSyntaxError as exc:
        return None, str(exc)


def _domain_name_memoised(domain: str, test_environment: bool = False, globally_deliverable: bool = True):
    result, error = _domain_name_checked(domain, test_environment, globally_deliverable)
    if error:
        raise EmailSyntaxError(error)
    return result


def email_clean(raw: str) -> str:
    """What people paste around an address: spaces, `mailto:`, angle brackets."""
    value = (raw or "").strip()
    if value[:7].lower() == "mailto:":
        value = value[7:].strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    return value


def _plain_address(value: str) -> EmailSyntax | None:
    """The common case decided with the library's own rules and constants, or None to ask the library.

    An ASCII dot-atom local part (which email-validator accepts as is, RFC 5322 §3.2.3) plus a domain
    that passes the library's memoised domain check, within the length limits; anything else (quotes,
    comments, Unicode local parts, display names, errors to explain) goes through `validate_email`.
    The differential test in tests/validation/test_email_syntax.py holds the two paths equal.
    """
    local, at, domain = value.rpartition("@")
    if not at or len(local) > LOCAL_PART_MAX_LENGTH or not DOT_ATOM_TEXT.match(local) or domain[:1] == "[":
        return None
    try:
        info = _domain_name_memoised(domain)
    except EmailSyntaxError:
        return None
    if local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
        local = local.lower()
    normalized = local + "@" + info["domain"]
    ascii_email = local + "@" + info["ascii_domain"]
    if max(len(value.encode()), len(normalized.encode()), len(ascii_email)) > EMAIL_MAX_LENGTH:
        return None
    return EmailSyntax(True, normalized, ascii_email, local, info["ascii_domain"])


@functools.lru_cache(maxsize=65536)
def email_syntax_check(raw: str) -> EmailSyntax:
    """Validate and normalise one address as strictly as email-validator's defaults: internationalised
    addresses are allowed; quoted local parts (`"test"@example.com`) only with EMAIL_ALLOW_QUOTED_LOCAL;
    IP-literal domains, display names and comments never.

    Memoised: files repeat addresses (that is why dedup exists) and the result is immutable.
    """
    value = email_clean(raw)
    return _plain_address(value) or email_library_check(value)


def email_library_check(value: str) -> EmailSyntax:
    try:
        result = validate_email(
            value,
            check_deliverability=False,
            allow_smtputf8=True,
            allow_quoted_local=bool(getattr(settings, "EMAIL_ALLOW_QUOTED_LOCAL", False)),
            allow_domain_literal=False,
            allow_display_name=False,
            strict=True,  # enforces the 64-octet local part of RFC 5321
        )
    except EmailNotValidError as exc:
        local, _, domain = value.rpartition("@")
        return EmailSyntax(False, value, None, local, domain.lower(), str(exc))
    return EmailSyntax(True, result.normalized, result.ascii_email, result.local_part, result.ascii_domain)
