"""Find the header row of a CSV: usually the first line, but exports put notes above it.

LinkedIn's Connections.csv starts with "Notes:" and a quoted paragraph; CRM reports start with a title,
a date and a blank line. Each of the first lines is scored for header-likeness (cells that name a lead
field, short text cells, no data-looking cells, the same width as the rows below it); the first line
stays the header unless a later one is clearly more header-like. Cells such as "null", "N/A" or "-"
are empty values (EMPTY_VALUES), in the header scoring and in every data row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .headers import map_header

# Lines looked at for the header (non-blank records).
HEADER_SCAN_ROWS = 20

_EMPTY_TOKENS = ("null", "none", "nil", "n/a", "-", "--", "---", "#n/a", "(null)", "#null!", "nan", "undefined",
                 "(blank)", "(empty)", "<null>", "n.a.", "not available")
EMPTY_VALUES = frozenset(form for token in _EMPTY_TOKENS for form in (token, token.upper(), token.title()))

_DATA_LIKE = re.compile(r"^\s*(\S+@\S+\.\S+|https?://\S+|www\.\S+|[+(]?\d[\d\s().-]{5,}|\d+([.,]\d+)?)\s*$")


def is_empty_value(cell: str) -> bool:
    """True for '' and placeholder text that means 'no value' ('null', 'N/A', '-', '#N/A', …)."""
    if not cell:
        return True
    if cell in EMPTY_VALUES:
        return True
    stripped = cell.strip()
    return not stripped or (len(stripped) <= 15 and stripped.lower() in EMPTY_VALUES)


def looks_like_data(cell: str) -> bool:
    """An email, URL, phone number or number: a value, not a column name."""
    return bool(_DATA_LIKE.match(cell))


def header_score(row: Sequence[str]) -> tuple[int, int]:
    """(distinct lead fields named, header-like text cells minus data-like cells) of one row."""
    fields = set()
    textual = 0
    for cell in row:
        text = cell.strip()
        if not text or is_empty_value(text):
            continue
        if looks_like_data(text):
            textual -= 2
            continue
        if len(text) <= 60:
            textual += 1
        found = map_header(text) if len(text) <= 100 else ""
        if found:
            fields.add(found)
    return len(fields), textual


def _is_blank(row: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _is_sep_hint(row: Sequence[str]) -> bool:
    return len(row) <= 2 and row[0].lower().startswith("sep=") and not "".join(row[1:]).strip()


def content_rows(rows: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    """Records without blank lines and Excel's "sep=;" hint line."""
    return [row for row in rows if not _is_blank(row) and not _is_sep_hint(row)]


def find_header_index(rows: Sequence[Sequence[str]]) -> int:
    """Index, among `content_rows`, of the header row: 0 unless a later line is clearly the header.

    A later line wins when it names at least two lead fields and more than the first line does, or when
    the first line is narrower than the table below (a preamble) and the later line is as wide as the rows
    under it and reads like column names.
    """
    rows = list(rows[:HEADER_SCAN_ROWS])
    if len(rows) < 2:
        return 0
    scores = [header_score(row) for row in rows]
    first_fields = scores[0][0]
    best = max(range(len(rows)), key=lambda i: (scores[i][0], -i))
    # A first line as wide as the later one and all text could itself be a header of unknown names:
    # the later line must then name three fields to win.
    first_is_table_row = len(rows[0]) == len(rows[best]) and scores[0][1] >= len(rows[0])
    if scores[best][0] >= (3 if first_is_table_row else 2) and scores[best][0] > first_fields:
        return best
    if first_fields >= 2:
        return 0
    widths = [len(row) for row in rows]
    for index in range(1, len(rows)):
        below = widths[index + 1 :]
        if not below or widths[index] < 2 or widths[0] >= widths[index]:
            continue
        same = Counter(below)[widths[index]]
        filled = all(cell.strip() for cell in rows[index])
        if filled and same >= max(1, len(below) // 2) and scores[index][1] >= widths[index] - 1:
            return index
    return 0
