"""Field roles: which extra columns identify a person, and which only describe the person's company.

A column identifies a person when its values are varied but repeat (a customer number, a national id, a date
of birth: duplicates share them) and the rows that share a value name the same person. A column whose
shared values join people with different names (an account id, a switchboard, revenue or funding) is a
company attribute: it never makes two people one. Its header can say so too ("Account Id", "Annual Revenue").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from rapidfuzz.distance import JaroWinkler

from leadsite.core.text.folding import fold_words as fold

# Header words of company-level columns (folded, whole words).
COMPANY_WORDS = frozenset(
    """
    account accounts company companies org organization organisation corporate corporation business employer
    revenue revenues funding funded raised valuation turnover sales ebitda profit arr mrr employees employee
    headcount industry sector sic naics founded ticker stock hq headquarters parent subsidiary website domain
    switchboard
    """.split()
)
# Shared values that join different names in at least this share of sampled pairs make a column company-level.
DIFFERENT_PEOPLE_SHARE = 0.5
MIN_SHARED_PAIRS = 5


def is_company_header(name: str) -> bool:
    return bool(COMPANY_WORDS & set(fold(name).split()))


def extra_identifier_keys(extras: Iterable[dict[str, str] | None], *,
                          names: Iterable[tuple[str, str]] | None = None, sample: int = 20_000) -> frozenset[str]:
    """Extra columns that identify a person (date of birth, national id): coded, varied, not all unique, and
    not company-level (by header, or because rows sharing a value name different people, when `names`, the
    rows' (first, last) names in the same order, are given).

    Columns where every value differs (row ids, record numbers) say nothing about duplicates,
    low-variety columns (source, list name) agree by chance, and free text (notes) is no identifier;
    all are left out. Identifiers carry digits.
    """
    values: dict[str, list[tuple[int, str]]] = {}
    people: list[tuple[str, str]] = []
    name_rows = iter(names) if names is not None else None
    for row, extra in enumerate(itertools.islice(extras, sample)):
        people.append(next(name_rows, ("", "")) if name_rows is not None else ("", ""))
        for key, value in (extra or {}).items():
            values.setdefault(key, []).append((row, value))
    usable = set()
    for key, column in values.items():
        if len(column) < 20 or is_company_header(key):
            continue
        texts = [v for _, v in column]
        distinct = len(set(texts)) / len(texts)
        with_digits = sum(any(c.isdigit() for c in v) for v in texts) / len(texts)
        if 0.3 <= distinct < 0.995 and with_digits >= 0.8 and not _joins_different_people(column, people):
            usable.add(key)
    return frozenset(usable)


def _joins_different_people(column: list[tuple[int, str]], people: list[tuple[str, str]]) -> bool:
    groups: dict[str, list[int]] = {}
    for row, value in column:
        groups.setdefault(value, []).append(row)
    shared = different = 0
    for rows in groups.values():
        for x, y in itertools.combinations(rows[:8], 2):
            (fa, la), (fb, lb) = people[x], people[y]
            if not (fa and fb and la and lb):
                continue
            shared += 1
            different += _clearly_different(fa, fb) and _clearly_different(la, lb)
    return shared >= MIN_SHARED_PAIRS and different / shared >= DIFFERENT_PEOPLE_SHARE


def _clearly_different(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    return a[:1] != b[:1] and JaroWinkler.similarity(a, b) < 0.8


def date_columns(extras: Iterable[dict[str, str] | None], keys: frozenset[str], *,
                 sample: int = 2_000) -> frozenset[str]:
    """Which of `keys` hold dates (most sampled values are eight digits reading as yyyymmdd)."""
    if not keys:
        return frozenset()
    seen: dict[str, list[bool]] = {k: [] for k in keys}
    for extra in itertools.islice(extras, sample):
        for key in keys:
            value = (extra or {}).get(key)
            if value:
                seen[key].append(_reads_as_date(value))
    return frozenset(k for k, flags in seen.items() if len(flags) >= 20 and sum(flags) / len(flags) >= 0.8)


def _reads_as_date(value: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 8:
        return False
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    return 1800 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31


def is_company_phone_mapping(mapping: dict[str, str] | None) -> bool:
    """Does the column mapped to the lead's phone hold a company's number ("Corporate Phone", "Company Phone",
    "HQ Phone", "Switchboard")? Then the phone is a company attribute for dedup."""
    headers = [header for header, target in (mapping or {}).items() if target == "phone"]
    return bool(headers) and all(is_company_header(header) for header in headers)
