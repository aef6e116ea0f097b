"""Email syntax as strict as email-validator's defaults, measured on a hand-labelled list."""

import csv
from pathlib import Path

import pytest
from email_validator import EmailNotValidError, validate_email

from pipeline.validation.email_syntax import email_library_check, email_syntax_check

LABELLED = Path(__file__).parent / "fixtures" / "email_labelled.csv"


def _rows() -> list[tuple[str, bool]]:
    with LABELLED.open(encoding="utf-8") as handle:
        return [(r["address"], r["valid"] == "1") for r in csv.DictReader(handle)]


def _library_defaults(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def test_agreement_with_the_labels_is_at_least_email_validators_own():
    rows = _rows()

    ours = sum(email_syntax_check(a).ok == valid for a, valid in rows) / len(rows)
    library = sum(_library_defaults(a) == valid for a, valid in rows) / len(rows)

    assert len(rows) == 144
    assert ours >= library
    assert ours >= 0.99


@pytest.mark.parametrize("address", ['"test"@example.com', '"john doe"@company.com', "me@[127.0.0.1]",
                                     "me@[IPv6:::1]", "John <john@company.com>"])
def test_quoted_local_parts_ip_literals_and_display_names_are_invalid(address):
    assert not email_syntax_check(address).ok


def test_quoted_local_parts_are_allowed_by_a_setting(settings):
    settings.EMAIL_ALLOW_QUOTED_LOCAL = True

    assert email_library_check('"john doe"@company.com').ok
