"""The qualified-lead schema (spec) as JSON, and its flattened CSV form, safe from formula injection."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import F, QuerySet

from pipeline.bulk.lead_instances import leads_load
from pipeline.labels import reasons_text
from pipeline.models import Lead

LIST_SEPARATOR = ";"
_FORMULA_FIRST = frozenset("=+-@\t\r")
# Digits with + - ( ) . and spaces (a phone number, a negative number) cannot call a function or a
# reference in any spreadsheet, so E.164 phones stay importable as they are.
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9 ().-]*(;ext=[0-9]+)?$")


def lead_to_schema(lead: Lead) -> dict[str, Any]:
    """The spec's qualified-lead JSON, plus a few fields a CRM import needs (ids, country, breakdown)."""
    return {
        "lead_id": lead.pk,
        "row_number": lead.row_number,
        "status": lead.status,
        "score": lead.score,
        "account": {
            "name": lead.company_name,
            "domain": lead.domain,
            "industry": lead.industry,
            "employee_count": lead.employee_count,
            "signals": list(lead.signals or []),
            "technologies": list(lead.technologies or []),
        },
        "contact": {
            "full_name": lead.full_name,
            "first_name": lead.first_name,
            "last_name": lead.last_name,
            "title_normalized": lead.title_normalized,
            "seniority": lead.seniority,
            "department": lead.department,
            "email": lead.email,
            "email_status": lead.email_status,
            "phone": lead.phone,
            "phone_status": lead.phone_status,
            "linkedin": lead.linkedin,
            "country": lead.country,
        },
        "dedup_confidence": lead.dedup_confidence,
        "score_breakdown": list(lead.score_breakdown or []),
        "extra": dict(lead.extra or {}),
    }


QUALIFIED_COLUMNS: tuple[str, ...] = (
    "row_number",
    "status",
    "score",
    "account.name",
    "account.domain",
    "account.industry",
    "account.employee_count",
    "account.signals",
    "account.technologies",
    "contact.full_name",
    "contact.first_name",
    "contact.last_name",
    "contact.title_normalized",
    "contact.seniority",
    "contact.department",
    "contact.email",
    "contact.email_status",
    "contact.phone",
    "contact.phone_status",
    "contact.linkedin",
    "contact.country",
    "dedup_confidence",
)

ALL_ROWS_COLUMNS: tuple[str, ...] = (
    "row_number",
    "status",
    "reasons",
    "score",
    "email",
    "email_status",
    "phone",
    "phone_status",
    "dedup_cluster_id",
    "dedup_confidence",
    "duplicate_of_row",
    "dedup_evidence",
    "score_breakdown",
    *QUALIFIED_COLUMNS[3:],
)
EXTRA_PREFIX = "extra."


def safe_cell(value: Any) -> str:
    """Render a value for CSV; text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if value.__class__ is str:
        text = value
    elif isinstance(value, list | tuple):
        text = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, float):
        text = f"{value:g}" if value == value else ""
    else:
        text = str(value)
    if text and text[0] in _FORMULA_FIRST and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _dedup_evidence(reason: dict[str, Any]) -> str:
    similarity, weight = reason.get("similarity"), reason.get("weight")
    strength = f"{similarity:.2f}" if isinstance(similarity, int | float) else reason.get("level", "")
    bits = f" ({weight:+.1f} bits)" if isinstance(weight, int | float) else ""
    return f"{reason.get('field')} {strength}{bits}".strip()


def _attr(name: str) -> Callable[[Lead], Any]:
    return lambda lead: getattr(lead, name)


# Column → value, read straight from the lead (the same values as the flattened `lead_to_schema`).
_SCHEMA_SOURCES = {"account.name": "company_name", "account.domain": "domain", "account.industry": "industry",
                   "account.employee_count": "employee_count", "account.signals": "signals",
                   "account.technologies": "technologies"}
_GETTERS: dict[str, Callable[[Lead], Any]] = {
    column: _attr(_SCHEMA_SOURCES.get(column) or column.split(".", 1)[-1])
    for column in QUALIFIED_COLUMNS
}
_GETTERS.update({
    "row_number": _attr("row_number"),
    "reasons": lambda lead: reasons_text(lead.reasons),
    "email": _attr("email"),
    "email_status": _attr("email_status"),
    "phone": _attr("phone"),
    "phone_status": _attr("phone_status"),
    "dedup_cluster_id": lambda lead: lead.cluster_id,
    "dedup_evidence": lambda lead: [_dedup_evidence(r) for r in (lead.dedup_reasons or [])],
    "score_breakdown": lambda lead: [f"{b.get('rule')} {b.get('points')}" for b in (lead.score_breakdown or [])],
})
_QUALIFIED_GETTERS = [_GETTERS[c] for c in QUALIFIED_COLUMNS]
_DUPLICATE_ROW_INDEX = ALL_ROWS_COLUMNS.index("duplicate_of_row")
_ALL_ROWS_GETTERS = [_GETTERS.get(c, lambda lead: None) for c in ALL_ROWS_COLUMNS]

# What a row reads: export querysets load only these (see `export_leads`).
EXPORT_FIELDS = ("row_number", "status", "score", "company_name", "domain", "industry", "employee_count", "signals",
                 "technologies", "full_name", "first_name", "last_name", "title_normalized", "seniority",
                 "department", "email", "email_status", "phone", "phone_status", "linkedin", "country",
                 "dedup_confidence", "dedup_cluster_id", "reasons", "dedup_reasons", "score_breakdown", "extra")


def lead_to_row(lead: Lead, *, all_rows: bool = False, duplicate_row: int | None = None,
                extra_columns: tuple[str, ...] = ()) -> list[str]:
    """One CSV row: the qualified-lead columns, or with `all_rows` the operator's columns for every row;
    then the values of `extra_columns` (columns of the file kept unmapped)."""
    getters = _ALL_ROWS_GETTERS if all_rows else _QUALIFIED_GETTERS
    values = [get(lead) for get in getters]
    if all_rows:
        values[_DUPLICATE_ROW_INDEX] = duplicate_row
    if extra_columns:
        extra = lead.extra or {}
        values.extend(extra.get(column) for column in extra_columns)
    # Plain text that cannot start a formula is most cells: skip the call for those.
    return [
        v if v.__class__ is str and (not v or v[0] not in _FORMULA_FIRST) else safe_cell(v)
        for v in values
    ]


def extra_columns_of(mapping: dict[str, str], columns: list[str]) -> tuple[str, ...]:
    """The file's columns kept as extras (mapped to no field), in file order."""
    return tuple(column for column in columns if not mapping.get(column))


def extra_header(extra_columns: tuple[str, ...]) -> list[str]:
    """Header cells of the extra columns: prefixed so they never collide with ours, and formula-safe."""
    return [safe_cell(EXTRA_PREFIX + column) for column in extra_columns]


def export_leads(queryset: QuerySet[Lead], *, with_duplicate_row: bool = False) -> Iterator[Lead]:
    """Stream leads with only the exported fields; `dup_row` holds the row number of the lead duplicated."""
    if with_duplicate_row:
        queryset = queryset.annotate(dup_row=F("duplicate_of__row_number"))
        return leads_load(queryset, (*EXPORT_FIELDS, "dup_row"))
    return leads_load(queryset, EXPORT_FIELDS)


def csv_lines(rows: Iterable[list[str]], header: Iterable[str]) -> Iterator[str]:
    """Yield CSV text line by line (for streaming responses and files)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(header))
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()
