"""Look at the first 64 KB of an upload: format, encoding, delimiter, header mapping, a preview."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from typing import BinaryIO

from .encoding import check_not_binary, detect_encoding
from .errors import UNPARSEABLE, UNSUPPORTED_TYPE, IngestError
from .header_row import HEADER_SCAN_ROWS, content_rows, find_header_index
from .headers import columns_map, unique_columns
from .json_stream import JsonTruncated, flatten, iter_json_items
from .limits import max_columns, max_header_chars, preview_rows, sniff_bytes
from .mapping_checks import mapping_warnings
from .records import FileInfo
from .rows import iter_rows

DELIMITERS = ",;\t|"
JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
CSV_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab", ".psv", ""}
_LOOKS_LIKE_DATA = re.compile(r"^\s*(\S+@\S+\.\S+|https?://\S+|www\.\S+|[+(]?\d[\d\s().-]{5,})\s*$")


def sniff_upload(fileobj: BinaryIO, *, filename: str) -> FileInfo:
    """Describe an upload from a bounded prefix, then rewind. Raises IngestError (415 / 400)."""
    fileobj.seek(0)
    limit = sniff_bytes()
    prefix = fileobj.read(limit + 1)
    complete = len(prefix) <= limit
    prefix = prefix[:limit]
    size = _size(fileobj, len(prefix))
    fileobj.seek(0)
    if not prefix.strip():
        raise IngestError(UNPARSEABLE, "The file is empty.")
    check_not_binary(prefix)
    ext = os.path.splitext(filename or "")[1].lower()
    if ext not in JSON_EXTENSIONS and ext not in CSV_EXTENSIONS:
        raise IngestError(UNSUPPORTED_TYPE, f"Unsupported file type '{ext}'. Upload a CSV or JSON file.")
    encoding = detect_encoding(prefix, complete=complete)
    text = _decode_prefix(prefix, encoding)
    if not text.strip():
        raise IngestError(UNPARSEABLE, "The file is empty.")
    if _control_ratio(text) > 0.05:
        raise IngestError(UNSUPPORTED_TYPE, "This is a binary file, not CSV or JSON text.")
    first = text.lstrip()[:1]
    if first in "[{" or ext in JSON_EXTENSIONS:
        info = _sniff_json(text, encoding=encoding, complete=complete)
    else:
        info = _sniff_csv(text, encoding=encoding, complete=complete)
    info.preview = _preview(prefix, info, complete=complete)
    info.row_estimate = _estimate(info, prefix=prefix, text=text, size=size, complete=complete)
    fileobj.seek(0)
    return info


def _size(fileobj: BinaryIO, default: int) -> int | None:
    size = getattr(fileobj, "size", None)
    if isinstance(size, int):
        return size
    try:
        end = fileobj.seek(0, os.SEEK_END)
    except (OSError, ValueError):
        return None
    return end if end else default


def _decode_prefix(prefix: bytes, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(prefix, final=False).replace("\x00", "")


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f")
    return bad / max(len(sample), 1)


def _complete_lines(text: str, complete: bool) -> str:
    if complete:
        return text
    cut = text.rfind("\n")
    return text[: cut + 1] if cut > 0 else text


def detect_delimiter(sample: str) -> str:
    """csv.Sniffer's choice when the sample parses consistently with it, else the most consistent candidate."""
    head = "".join(sample.splitlines(keepends=True)[:40])
    try:
        sniffed = csv.Sniffer().sniff(head[:16384], delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    scores = {d: _consistency(head, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: scores[d])
    if sniffed in scores and scores[sniffed][0] and scores[sniffed] >= (1, scores[best][1], 0):
        return sniffed
    return best if scores[best][0] else ","


def _consistency(sample: str, delimiter: str) -> tuple[int, int, int]:
    """(header has >1 field, rows with the header's width, header width); the header found below any preamble."""
    try:
        rows = content_rows(list(csv.reader(io.StringIO(sample), delimiter=delimiter)))
    except csv.Error:
        return (0, 0, 0)
    if not rows:
        return (0, 0, 0)
    start = find_header_index(rows)
    width = len(rows[start])
    same = sum(1 for r in rows[start + 1 :] if len(r) == width)
    return (int(width > 1), same, width)


def _head_records(sample: str, delimiter: str) -> list[list[str]]:
    """The first non-blank records of the sample: enough to find the header below a preamble."""
    records: list[list[str]] = []
    for row in csv.reader(io.StringIO(sample), delimiter=delimiter):
        if content_rows([row]):
            records.append(row)
            if len(records) >= HEADER_SCAN_ROWS + 10:
                break
    return records


def _check_header_size(text: str, *, complete: bool) -> None:
    """Refuse, from the sniffed prefix alone, a header line too long to be one (it never reaches csv)."""
    limit = max_header_chars()
    if not complete and not any(mark in text for mark in "\r\n"):
        raise IngestError(
            "header_too_long",
            f"The first line is longer than {len(text)} characters; a header row may have at most {limit}.",
            details={"max_header_chars": limit},
        )


def _check_header(header: list[str], delimiter: str) -> None:
    limit, chars = max_columns(), sum(len(cell) for cell in header) + len(header) - 1
    if len(header) > limit:
        raise IngestError(
            "too_many_columns",
            f"The header has {len(header)} columns; at most {limit} are accepted.",
            details={"columns": len(header), "max_columns": limit},
        )
    if chars > max_header_chars():
        raise IngestError(
            "header_too_long",
            f"The header row is {chars} characters long; at most {max_header_chars()} are accepted.",
            details={"header_chars": chars, "max_header_chars": max_header_chars()},
        )


def _sniff_csv(text: str, *, encoding: str, complete: bool) -> FileInfo:
    _check_header_size(text, complete=complete)
    sample = _complete_lines(text, complete)
    hint = re.match(r"\s*sep=(.)\r?\n", sample, re.IGNORECASE)  # Excel's delimiter hint line
    delimiter = hint.group(1) if hint else detect_delimiter(sample)
    try:
        records = _head_records(sample, delimiter)
    except csv.Error as exc:
        raise IngestError(UNPARSEABLE, f"The header row cannot be read: {exc}.") from exc
    if not records:
        raise IngestError(UNPARSEABLE, "The file has no header row.")
    header_row = find_header_index(records)
    header = records[header_row]
    _check_header(header, delimiter)
    columns = unique_columns(header)
    below = records[header_row + 1 :]
    filled = {c: sum(1 for r in below if i < len(r) and r[i].strip()) for i, c in enumerate(columns)}
    notes: list[str] = []
    mapping = columns_map(columns, filled=filled, notes=notes)
    info = FileInfo(
        format="csv", encoding=encoding, delimiter=delimiter, header_row=header_row, columns=columns, mapping=mapping
    )
    if header_row:
        info.warnings.append(f"The header row is below {header_row} line(s) of notes; those lines were skipped.")
    if not any(mapping.values()) and any(_LOOKS_LIKE_DATA.match(cell) for cell in header):
        raise IngestError(
            UNPARSEABLE,
            "The first row looks like data, not a header row. Add a header row (e.g. First Name, Email, Company).",
        )
    info.warnings.extend(notes)
    info.warnings.extend(mapping_warnings(mapping))
    return info


def _sniff_json(text: str, *, encoding: str, complete: bool) -> FileInfo:
    columns: list[str] = []
    filled: dict[str, int] = {}
    try:
        for count, item in enumerate(iter_json_items(io.StringIO(text)), start=1):
            if isinstance(item, dict) and count <= 200:
                for key, value in flatten(item).items():
                    if key not in filled:
                        filled[key] = 0
                        columns.append(key)
                    if value:
                        filled[key] += 1
    except JsonTruncated:
        if complete:
            raise
    notes: list[str] = []
    info = FileInfo(format="json", encoding=encoding, columns=columns,
                    mapping=columns_map(columns, filled=filled, notes=notes))
    if columns:
        info.warnings.extend(notes)
        info.warnings.extend(mapping_warnings(info.mapping))
    return info


def _preview(prefix: bytes, info: FileInfo, *, complete: bool) -> list[dict[str, str]]:
    wanted = preview_rows()
    rows = []
    try:
        for row in iter_rows(io.BytesIO(prefix), info=info):
            rows.append(dict(row.values))
            if len(rows) > wanted:
                break
    except JsonTruncated:
        pass
    if not complete and len(rows) <= wanted and rows:
        rows.pop()  # the last row read from a cut prefix may be partial
    return rows[:wanted]


def _estimate(info: FileInfo, *, prefix: bytes, text: str, size: int | None, complete: bool) -> int | None:
    """Exact for a file that fits in the prefix; else rows in the prefix scaled by size."""
    rows = 0
    try:
        for _row in iter_rows(io.BytesIO(prefix), info=info):
            rows += 1
    except JsonTruncated:
        pass
    if complete:
        return rows
    if not size or not rows:
        return None
    return max(rows, round(rows * size / len(prefix)))
