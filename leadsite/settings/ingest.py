"""Ingest settings: how much of an upload is sniffed, the largest JSON item accepted, preview size."""

from .environment import env

# Bytes read from the start of an upload to detect encoding, delimiter and header (and build the preview).
INGEST_SNIFF_BYTES = env.int("INGEST_SNIFF_BYTES", default=64 * 1024)
# One JSON lead object larger than this (in characters) is an error instead of a memory spike.
INGEST_JSON_MAX_ITEM_CHARS = env.int("INGEST_JSON_MAX_ITEM_CHARS", default=4 * 1024 * 1024)
INGEST_PREVIEW_ROWS = env.int("INGEST_PREVIEW_ROWS", default=5)
# Limits checked while sniffing (bounded memory): more columns, or a longer header line, is a 400.
INGEST_MAX_COLUMNS = env.int("INGEST_MAX_COLUMNS", default=1000)
INGEST_MAX_HEADER_CHARS = env.int("INGEST_MAX_HEADER_CHARS", default=64 * 1024)
# A data line longer than this is cut (the row is reported ragged) so one line cannot blow up memory.
INGEST_MAX_LINE_CHARS = env.int("INGEST_MAX_LINE_CHARS", default=1024 * 1024)
