"""The qualified-lead schema (spec) as JSON, and its flattened CSV form, safe from formula injection."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.models import Lead

LIST_SEPARATOR = ";"
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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
    }


QUALIFIED_COLUMNS: tuple[str, ...] = (
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
    *QUALIFIED_COLUMNS[2:],
)


def safe_cell(value: Any) -> str:
    """Render a value for CSV; text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, float):
        value = f"{value:g}" if value == value else ""
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _flatten(schema: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in schema.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                flat[f"{key}.{inner}"] = inner_value
        else:
            flat[key] = value
    return flat


def _dedup_evidence(reason: dict[str, Any]) -> str:
    similarity = reason.get("similarity")
    strength = f"{similarity:.2f}" if isinstance(similarity, int | float) else reason.get("level", "")
    return f"{reason.get('field')} {strength}".strip()


def lead_to_row(lead: Lead, *, all_rows: bool = False, duplicate_row: int | None = None) -> list[str]:
    flat = _flatten(lead_to_schema(lead))
    if not all_rows:
        return [safe_cell(flat.get(col)) for col in QUALIFIED_COLUMNS]
    flat.update(
        {
            "reasons": [r.get("message") or r.get("code") for r in (lead.reasons or [])],
            "email": lead.email,
            "email_status": lead.email_status,
            "phone": lead.phone,
            "phone_status": lead.phone_status,
            "dedup_cluster_id": lead.dedup_cluster_id,
            "duplicate_of_row": duplicate_row,
            "dedup_evidence": [_dedup_evidence(r) for r in (lead.dedup_reasons or [])],
            "score_breakdown": [f"{b.get('rule')} {b.get('points')}" for b in (lead.score_breakdown or [])],
        }
    )
    return [safe_cell(flat.get(col)) for col in ALL_ROWS_COLUMNS]


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
