"""What a column mapping leaves out or gets wrong, in the customer's words: warnings shown at upload and on the
mapping page, and the problems that refuse processing (no column says who a row is, two columns on one field).

Email and phone may take several columns (`ALTERNATE_FIELDS`: Phone 1 / Phone 2): validation picks the first
usable value. Any other field takes one column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALTERNATE_FIELDS = ("email", "phone")
# Fields a lead is reached by; without one, no row can qualify (each is rejected for free).
REACH_FIELDS = ("email", "phone")
# Fields that say who a row is: a file with none of them is refused (nothing to qualify, nothing to deduplicate).
CONTACT_FIELDS = (*REACH_FIELDS, "first_name", "last_name", "full_name", "linkedin")
_LISTED = 8  # column names named in one warning


@dataclass
class MappingProblem:
    code: str
    message: str
    details: dict = field(default_factory=dict)


def _names(columns: list[str]) -> str:
    shown = ", ".join(f"'{c}'" for c in columns[:_LISTED])
    return shown + (f" and {len(columns) - _LISTED} more" if len(columns) > _LISTED else "")


def fields_with_several_columns(mapping: dict[str, str]) -> dict[str, list[str]]:
    """{field: columns} for every field that more than one column maps to, alternates excluded."""
    by_field: dict[str, list[str]] = {}
    for column, field_name in mapping.items():
        if field_name and field_name not in ALTERNATE_FIELDS:
            by_field.setdefault(field_name, []).append(column)
    return {f: cols for f, cols in by_field.items() if len(cols) > 1}


def mapping_problems(mapping: dict[str, str]) -> list[MappingProblem]:
    """Why this mapping cannot be processed (empty when it can)."""
    problems = []
    for field_name, columns in fields_with_several_columns(mapping).items():
        problems.append(MappingProblem(
            "mapping_conflict",
            f"Columns {_names(columns)} all map to {field_name.replace('_', ' ')}; map one of them only "
            "(keep the others as extra columns).",
            {"field": field_name, "columns": columns},
        ))
    if not set(mapping.values()) & set(CONTACT_FIELDS):
        problems.append(MappingProblem(
            "no_contact_columns",
            "No column maps to an email, a phone or a person's name, so no row says who to reach. Map the column "
            "that holds e-mail addresses, phone numbers or names.",
            {"columns": list(mapping), "mapped": {c: f for c, f in mapping.items() if f}},
        ))
    return problems


def mapping_warnings(mapping: dict[str, str]) -> list[str]:
    """Plain-language notes on a mapping: nothing mapped, no contact column, columns kept as extras,
    several email / phone columns, conflicts."""
    notes: list[str] = []
    mapped = {c: f for c, f in mapping.items() if f}
    if mapping and not mapped:
        notes.append("No column matches a lead field; map the columns before processing.")
    elif not set(mapped.values()) & set(CONTACT_FIELDS):
        notes.append("No column maps to an email, a phone or a name; processing is refused until one does.")
    elif not set(mapped.values()) & set(REACH_FIELDS):
        notes.append("No column maps to email or phone: no lead can qualify. Every row is rejected without charge; "
                     "duplicates are still found.")
    for problem in mapping_problems(mapping):
        if problem.code == "mapping_conflict":
            notes.append(problem.message)
    for field_name in ALTERNATE_FIELDS:
        columns = [c for c, f in mapped.items() if f == field_name]
        if len(columns) > 1:
            notes.append(
                f"Columns {_names(columns)} all hold {'an' if field_name == 'email' else 'a'} {field_name}: "
                "each row uses the first valid one, the others are kept as alternates."
            )
    extras = [c for c, f in mapping.items() if not f]
    if extras and mapped:
        notes.append(f"{len(extras)} column(s) match no lead field and are kept as extra columns: {_names(extras)}.")
    return notes
