"""Agreement of our email syntax check and of email-validator's own defaults with a hand-labelled list.

Usage: .venv/bin/python bench/email_agreement.py
The list (pipeline/tests/validation/fixtures/email_labelled.csv) is in the style of email-validator's test
suite: valid addresses (ASCII and internationalised) and invalid ones (quoted local parts, IP literals,
display names, special-use domains, dots and dashes in the wrong place, lengths). LEADSITE_ROOT runs the
check of another checkout against the same list.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROOT = Path(os.environ.get("LEADSITE_ROOT", HERE))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadsite.settings.base")

import django  # noqa: E402

django.setup()

from email_validator import EmailNotValidError, validate_email  # noqa: E402

from pipeline.validation.email_syntax import email_syntax_check  # noqa: E402

LIST = HERE / "pipeline" / "tests" / "validation" / "fixtures" / "email_labelled.csv"


def library_defaults(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def agreement(check, rows: list[tuple[str, bool]]) -> tuple[float, list[str]]:
    wrong = [address for address, valid in rows if check(address) != valid]
    return 1 - len(wrong) / len(rows), wrong


def main() -> None:
    with LIST.open(encoding="utf-8") as handle:
        rows = [(r["address"], r["valid"] == "1") for r in csv.DictReader(handle)]
    ours, ours_wrong = agreement(lambda a: email_syntax_check(a).ok, rows)
    lib, lib_wrong = agreement(library_defaults, rows)
    print(f"{len(rows)} labelled addresses ({sum(v for _, v in rows)} valid); checker from {ROOT}")
    print(f"ours: {ours:.3f}  disagrees on {ours_wrong}")
    print(f"email-validator defaults: {lib:.3f}  disagrees on {lib_wrong}")


if __name__ == "__main__":
    main()
