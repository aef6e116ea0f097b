"""Fill a cluster survivor's empty fields from its duplicates (works on Lead rows and plain objects)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Fields that travel together: a phone is copied with its status, a title with what was derived from it.
FILL_GROUPS: tuple[tuple[str, ...], ...] = (
    ("first_name",), ("last_name",), ("full_name",),
    ("email", "email_status"), ("phone", "phone_status"),
    ("title", "title_normalized", "seniority", "department"), ("linkedin",),
    ("company_name", "company_key"), ("domain", "website"), ("industry",), ("employee_count",),
    ("street", "city", "state", "postcode"), ("country",),
    ("signals",), ("technologies",),
)
FILL_FIELDS: tuple[str, ...] = tuple(name for group in FILL_GROUPS for name in group)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def survivor_fill(survivor: Any, duplicates: Sequence[Any], *, id_attr: str = "pk") -> dict[str, Any]:
    """Copy each empty field group of `survivor` from the first duplicate that has it (best match first).

    A group is copied whole, so an e-mail never arrives without its status. An address is taken only
    when the survivor has no street, city, state nor postcode. Returns {field: id of the source}.
    """
    filled: dict[str, Any] = {}
    for group in FILL_GROUPS:
        if not all(_empty(getattr(survivor, name, None)) for name in group):
            continue
        for duplicate in duplicates:
            if _empty(getattr(duplicate, group[0], None)):
                continue
            for name in group:
                value = getattr(duplicate, name, None)
                if not _empty(value):
                    setattr(survivor, name, value)
                    filled[name] = getattr(duplicate, id_attr, None)
            break
    return filled
