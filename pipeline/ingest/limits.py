"""Limits read from settings (leadsite/settings/ingest.py) at call time, with the same defaults."""

from django.conf import settings


def sniff_bytes() -> int:
    return int(getattr(settings, "INGEST_SNIFF_BYTES", 64 * 1024))


def json_max_item_chars() -> int:
    return int(getattr(settings, "INGEST_JSON_MAX_ITEM_CHARS", 4 * 1024 * 1024))


def preview_rows() -> int:
    return int(getattr(settings, "INGEST_PREVIEW_ROWS", 5))


def max_columns() -> int:
    return int(getattr(settings, "INGEST_MAX_COLUMNS", 1000))


def max_header_chars() -> int:
    return int(getattr(settings, "INGEST_MAX_HEADER_CHARS", 64 * 1024))


def max_line_chars() -> int:
    return int(getattr(settings, "INGEST_MAX_LINE_CHARS", 1024 * 1024))
