"""The API's JSON parser: bounded body size, bounded nesting, no NUL characters; each failure a 4xx JSON error."""

import codecs

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils import json


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "request_too_large"


def contains_nul(data) -> bool:
    """True when any string or key anywhere in parsed JSON holds a NUL (PostgreSQL cannot store one)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class SafeJSONParser(JSONParser):
    """DRF's JSON parser reads the whole stream unbounded and lets RecursionError through (a 500); this one
    refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (413), nesting deeper than the decoder allows (400) and
    NUL characters in any string (400)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise RequestTooLarge(f"Request body exceeds {limit} bytes.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(raw, encoding)
            parse_constant = json.strict_constant if api_settings.STRICT_JSON else None
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError as exc:
            raise ParseError("JSON parse error - nested too deeply.") from exc
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        if contains_nul(data):
            raise ParseError("NUL characters are not allowed in JSON strings.")
        return data
