"""What ingest hands to the rest of the pipeline: a description of the file and one record per data row."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileInfo:
    """What `sniff_upload` learned from the start of a file; enough for `iter_rows` to read all of it.

    `columns` are the header names as found (duplicates made unique with " (2)", " (3)"; for JSON the
    flattened keys of the first objects). `mapping` maps each column to a lead field, or "" when the
    column is kept in `extra`. The mapping may be edited (column-mapping preview) before `iter_rows`.
    """

    format: str  # "csv" | "json"
    encoding: str
    delimiter: str = ""
    header_row: int = 0  # CSV: non-blank lines above the header (a preamble such as LinkedIn's "Notes:")
    columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    preview: list[dict[str, str]] = field(default_factory=list)
    row_estimate: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IngestRow:
    """One data row. `row_number` is the 1-based data row of the input (header excluded, blank rows counted)."""

    row_number: int
    values: dict[str, str]
    extra: dict[str, str]
    error: str | None = None
    # email / phone given in several columns: {"phone": {"column": "Phone 1", "others": [{"column", "value"}]}}
    alternates: dict[str, dict] | None = None
