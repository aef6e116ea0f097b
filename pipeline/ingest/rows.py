"""Read every data row of an upload as an `IngestRow`, streaming: memory stays flat in file size.

Numbering: `row_number` is the data row as a spreadsheet user counts it: the header is not a data
row, a record with quoted newlines is one row, and fully blank rows are skipped but keep their
number (so row 7 in the output is row 7 below the header in Excel). Leading blank lines before the
header are not counted. Rows we cannot read fully still come out, with `error` saying why.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from .encoding import detect_encoding, text_stream
from .header_row import EMPTY_VALUES, content_rows
from .headers import map_header
from .json_stream import flatten, iter_json_items
from .limits import max_line_chars, sniff_bytes
from .mapping_checks import ALTERNATE_FIELDS
from .records import FileInfo, IngestRow


def _alternates(candidates: dict[str, list[tuple[str, str]]]) -> dict[str, dict] | None:
    """{field: [(column, value), ...] in column order} → the alternates record of the fields with two or more."""
    found = None
    for field_name, given in candidates.items():
        distinct = []
        for column, value in given:
            if all(value != v for _, v in distinct):
                distinct.append((column, value))
        if len(distinct) > 1:
            found = found or {}
            found[field_name] = {
                "column": distinct[0][0], "others": [{"column": c, "value": v} for c, v in distinct[1:]]
            }
    return found


def iter_rows(fileobj: BinaryIO, *, info: FileInfo, counters: Counter | None = None) -> Iterator[IngestRow]:
    """Every data row of the file described by `info` (from `sniff_upload`, or rebuilt from an Upload).

    `counters`, when given, receives rows_read, blank_rows and rows_with_errors.
    May raise IngestError("unparseable") mid-stream when a JSON document breaks after the sniffed prefix.
    """
    if fileobj.seekable():
        fileobj.seek(0)
    encoding = info.encoding
    if not encoding:
        encoding = detect_encoding(fileobj.read(sniff_bytes()), complete=False)
        fileobj.seek(0)
    stream = text_stream(fileobj, encoding)
    counts = counters if counters is not None else Counter()
    rows = _csv_rows(stream, info) if info.format == "csv" else _json_rows(stream, info)
    read = blank = errors = 0
    try:
        for row in rows:
            if row is None:
                blank += 1
                continue
            read += 1
            if row.error:
                errors += 1
            yield row
    finally:
        counts["rows_read"] += read
        counts["blank_rows"] += blank
        counts["rows_with_errors"] += errors
        stream.detach()


def skip_to_header(reader: Iterator[list[str]], *, preamble: int = 0) -> list[str] | None:
    """The header row: the first non-blank line after `preamble` non-blank lines, skipping blank lines
    and Excel's "sep=;" hint line."""
    for row in reader:
        if not content_rows([row]):
            continue
        if preamble > 0:
            preamble -= 1
            continue
        return row
    return None


class _CappedLines:
    """Lines of the stream, each cut to `limit` characters: a line of ten million commas must not become a list
    of ten million cells. `cut` says the line just read was cut (its row is reported)."""

    def __init__(self, stream: TextIO, limit: int):
        self.stream, self.limit, self.cut = stream, limit, False

    def __iter__(self) -> Iterator[str]:
        limit = self.limit
        for line in self.stream:
            if len(line) > limit:
                end = "\r\n" if line.endswith("\r\n") else line[-1] if line[-1] in "\r\n" else ""
                line = line[:limit] + end
                self.cut = True
            yield line


def _csv_rows(stream: TextIO, info: FileInfo) -> Iterator[IngestRow | None]:
    """Yields None for a blank row so the caller can count it; the row number still advances."""
    lines = _CappedLines(stream, max_line_chars())
    reader = csv.reader(lines, delimiter=info.delimiter or ",")
    header = skip_to_header(reader, preamble=info.header_row)
    if header is None:
        return
    width = len(header)
    columns = list(info.columns)[:width] + [f"column_{i + 1}" for i in range(len(info.columns), width)]
    seen_fields: set[str] = set()
    mapped: list[tuple[int, str]] = []
    secondary: list[tuple[int, str, str]] = []
    extras: list[tuple[int, str]] = []
    for index, column in enumerate(columns):
        field_name = info.mapping.get(column, "")
        if not field_name:
            extras.append((index, column))
            continue
        if field_name in seen_fields:
            secondary.append((index, column, field_name))
        seen_fields.add(field_name)
        mapped.append((index, field_name))
    if secondary:
        # Reversed so that, when several columns feed one field, the leftmost non-empty value wins.
        mapped.reverse()
    multi = {f: [(i, c) for i, c in enumerate(columns) if info.mapping.get(c, "") == f] for f in ALTERNATE_FIELDS}
    multi = {f: cols for f, cols in multi.items() if len(cols) > 1}
    # (column index, column name) of each alternative field's columns

    row_number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_number += 1
            yield IngestRow(row_number, {}, {}, f"unreadable row: {exc}")
            continue
        row_number += 1
        size = len(row)
        error = None
        if lines.cut:
            lines.cut = False
            row = row[:width]
            row += [""] * (width - len(row))
            error = f"line longer than {lines.limit} characters; cut"
            if not any(row):
                yield IngestRow(row_number, {}, {}, error)
                continue
        if size != width and error is None:
            if size == 1 and not row[0].strip() or not any(row):
                yield None
                continue
            error = f"row has {size} fields, header has {width}"
            surplus = row[width:]
            row = row[:width] + [""] * (width - size)
        else:
            surplus = ()
        values = {f: row[i] for i, f in mapped if row[i]}
        extra = {c: row[i] for i, c in extras if row[i]}
        # Placeholders ("null", "N/A", "-") are rare: one C-level check per row, the filtered reading only then.
        if not EMPTY_VALUES.isdisjoint(values.values()):
            values = {f: row[i] for i, f in mapped if row[i] and row[i] not in EMPTY_VALUES}
        if not EMPTY_VALUES.isdisjoint(extra.values()):
            extra = {c: v for c, v in extra.items() if v not in EMPTY_VALUES}
        for i, column, field_name in secondary:
            if row[i] and values.get(field_name) != row[i] and row[i] not in EMPTY_VALUES:
                extra[column] = row[i]
        if surplus:
            for offset, cell in enumerate(surplus, start=width + 1):
                if cell and cell not in EMPTY_VALUES:
                    extra[f"column_{offset}"] = cell
        if not values and not extra and error is None:
            yield None
            continue
        alternates = None
        if multi:
            alternates = _alternates(
                {f: [(c, row[i]) for i, c in cols if row[i] and row[i] not in EMPTY_VALUES]
                 for f, cols in multi.items()}
            )
        yield IngestRow(row_number, values, extra, error, alternates)


def _json_rows(stream: TextIO, info: FileInfo) -> Iterator[IngestRow | None]:
    mapping = info.mapping
    for row_number, item in enumerate(iter_json_items(stream), start=1):
        if not isinstance(item, dict):
            kind = "a list" if isinstance(item, list) else type(item).__name__
            if item is None:
                yield None
                continue
            text = json.dumps(item, ensure_ascii=False)[:1000]
            yield IngestRow(row_number, {}, {"value": text}, f"item {row_number} is {kind}, not an object")
            continue
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        candidates: dict[str, list[tuple[str, str]]] = {}
        for key, value in flatten(item).items():
            if not value or value in EMPTY_VALUES:
                continue
            field_name = mapping.get(key)
            if field_name is None:
                field_name = map_header(key)
            if field_name in ALTERNATE_FIELDS:
                candidates.setdefault(field_name, []).append((key, value))
            if field_name and field_name not in values:
                values[field_name] = value
            elif not field_name or values[field_name] != value:
                extra[key] = value
        if not values and not extra:
            yield None
            continue
        yield IngestRow(row_number, values, extra, None, _alternates(candidates) if candidates else None)
