"""Stream the items of a JSON list without holding the document: a sliding buffer and `raw_decode`.

Accepted shapes: `[ {...}, ... ]`, an object with the list under one of LIST_KEYS (`{"leads": [...]}`),
also one level down under WRAPPER_KEYS (sfdx: `{"result": {"records": [...]}}`), objects one after another
(JSON Lines), or an object keyed by company or id whose values are records or lists of records (the key
fills the company, or the name, the records lack); any other object is one lead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

from .errors import UNPARSEABLE, IngestError
from .headers import map_header
from .limits import json_max_item_chars

LIST_KEYS = frozenset({"leads", "data", "records", "contacts", "items", "results", "rows", "people", "prospects"})
# Objects that hold the list one level down: sfdx `{"status": 0, "result": {"records": [...]}}`, API envelopes.
WRAPPER_KEYS = frozenset({"result", "response", "data", "payload", "body", "export"})
MAX_WRAPPER_DEPTH = 3
CHUNK_CHARS = 64 * 1024

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonTruncated(IngestError):
    """The text ended inside the document (expected when reading only a prefix of the file)."""

    def __init__(self, message: str):
        super().__init__(UNPARSEABLE, message)


class _Buffer:
    def __init__(self, stream: TextIO, chunk_chars: int):
        self.stream = stream
        self.chunk_chars = chunk_chars
        self.text = ""
        self.pos = 0
        self.eof = False
        self.max_item_chars = json_max_item_chars()

    def fill(self) -> bool:
        if self.eof:
            return False
        data = self.stream.read(self.chunk_chars)
        if not data:
            self.eof = True
            return False
        self.text = self.text[self.pos :] + data
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next non-whitespace character ('' at the end of the text), without consuming it."""
        while True:
            self.pos = _WS.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return ""

    def value(self, where: str) -> Any:
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except RecursionError as exc:
                raise IngestError(UNPARSEABLE, f"JSON {where} is nested too deeply.") from exc
            except json.JSONDecodeError as exc:
                incomplete = exc.pos >= len(self.text) - 8 or exc.msg.startswith("Unterminated string")
                if not incomplete:
                    raise IngestError(UNPARSEABLE, f"Invalid JSON {where}: {exc.msg}.") from exc
                if len(self.text) - self.pos > self.max_item_chars:
                    message = f"JSON value {where} is larger than {self.max_item_chars} characters."
                    raise IngestError(UNPARSEABLE, message) from exc
                if not self.fill():
                    if exc.pos >= len(self.text.rstrip()) or exc.msg.startswith("Unterminated string"):
                        raise JsonTruncated(f"The JSON ends in the middle of a value {where}.") from exc
                    raise IngestError(UNPARSEABLE, f"Invalid JSON {where}: {exc.msg}.") from exc
                continue
            if end == len(self.text) and not self.eof and self.fill():
                continue  # a number at the very end of the buffer may go on in the next chunk
            self.pos = end
            return value


def _array_items(buf: _Buffer) -> Iterator[Any]:
    count = 0
    while True:
        ch = buf.peek()
        if ch == "]":
            buf.pos += 1
            return
        if ch == "":
            raise JsonTruncated(f"The JSON ends before the list is closed (after item {count}).")
        if count:
            if ch != ",":
                raise IngestError(UNPARSEABLE, f"Invalid JSON after item {count}: expected ',' or ']'.")
            buf.pos += 1
            buf.peek()
        item = buf.value(f"at item {count + 1}")
        count += 1
        yield item


def iter_json_items(stream: TextIO, *, chunk_chars: int = CHUNK_CHARS) -> Iterator[Any]:
    buf = _Buffer(stream, chunk_chars)
    ch = buf.peek()
    if ch == "":
        raise IngestError(UNPARSEABLE, "The file is empty.")
    if ch == "[":
        buf.pos += 1
        yield from _array_items(buf)
        return
    if ch != "{":
        raise IngestError(UNPARSEABLE, 'JSON must be a list of lead objects or {"leads": [...]}.')
    buf.pos += 1
    state = _ObjectState()
    yield from _object_items(buf, state, depth=0)
    if state.streamed:
        return
    single = state.single
    wrapper = any(isinstance(v, list) and v and all(isinstance(i, dict) for i in v) for v in single.values())
    if wrapper and not any(map_header(key) for key in single):
        raise IngestError(UNPARSEABLE, f'JSON object has no "leads" list (keys: {", ".join(list(single)[:8])}).')
    if single:
        yield single
    # JSON Lines: one lead object per line.
    count = 1
    while buf.peek():
        count += 1
        yield buf.value(f"at item {count}")


class _ObjectState:
    """What reading a top-level object found: its plain members, and whether leads were streamed out of it."""

    def __init__(self) -> None:
        self.single: dict[str, Any] = {}
        self.streamed = False
        self.keyed: bool | None = None  # an object keyed by company / id whose values are records (decided once)


def _object_items(buf: _Buffer, state: _ObjectState, *, depth: int) -> Iterator[Any]:
    """Members of an object whose "{" was consumed: a list under LIST_KEYS is streamed (and ends the read),
    an object under WRAPPER_KEYS is entered (Salesforce's `{"result": {"records": [...]}}`), values of an object
    keyed by company or id become records; anything else is collected in `state.single` (one lead)."""
    while True:
        ch = buf.peek()
        if ch == "}":
            buf.pos += 1
            return
        if ch == ",":
            buf.pos += 1
            continue
        if ch != '"':
            if ch == "":
                raise JsonTruncated("The JSON ends inside the top-level object.")
            raise IngestError(UNPARSEABLE, "Invalid JSON: expected a key in the top-level object.")
        key = buf.value("in a key of the top-level object")
        if buf.peek() != ":":
            raise IngestError(UNPARSEABLE, f"Invalid JSON: expected ':' after key {key!r}.")
        buf.pos += 1
        lowered = str(key).lower()
        if buf.peek() == "[" and lowered in LIST_KEYS and not state.keyed:
            buf.pos += 1
            state.streamed = True
            yield from _array_items(buf)
            return
        if buf.peek() == "{" and lowered in WRAPPER_KEYS and depth < MAX_WRAPPER_DEPTH and not state.keyed:
            buf.pos += 1
            inner = _ObjectState()
            yield from _object_items(buf, inner, depth=depth + 1)
            if inner.streamed:
                state.streamed = True
                return
            state.single[key] = inner.single
            continue
        value = buf.value(f"under key {key!r}")
        if depth == 0 and state.keyed is None:
            state.keyed = _is_group(key, value)
        if state.keyed and _is_group(key, value):
            state.streamed = True
            yield from group_records(key, value)
            continue
        if not state.keyed:
            state.single[key] = value


def _is_group(key: str, value: Any) -> bool:
    """A member that is a record or a list of records named by its key ("Acme GmbH": [{person}, ...])."""
    if map_header(key):
        return False
    if isinstance(value, list):
        return bool(value) and all(isinstance(item, dict) for item in value)
    if isinstance(value, dict):
        return any(map_header(k) for k in flatten(value)) or any(
            str(k).lower() in LIST_KEYS and isinstance(v, list) for k, v in value.items()
        )
    return False


_ID_LIKE = re.compile(r"^[\w-]*\d[\w-]*$")


def group_records(key: str, value: Any) -> Iterator[Any]:
    """The records under one key of a keyed object; the key fills the name the records lack: the company for
    a list of people, the company or the person's name for one record, `key` (kept in extra) for an id."""
    if isinstance(value, dict):
        people = next((v for k, v in value.items() if str(k).lower() in LIST_KEYS and isinstance(v, list)), None)
        if people is None:
            yield _named(key, value, single_record=True)
            return
        value = people
    for item in value:
        yield _named(key, item, single_record=False) if isinstance(item, dict) else item


def _named(key: str, record: dict, *, single_record: bool) -> dict:
    fields = {map_header(k) for k in flatten(record)}
    if _ID_LIKE.match(key) and " " not in key:
        return {**record, "key": key} if "key" not in record else record
    if "company_name" not in fields:
        return {"company": key, **record}
    if single_record and not fields & {"full_name", "first_name", "last_name"}:
        return {"name": key, **record}
    return {**record, "key": key} if "key" not in record else record


def flatten(item: dict, prefix: str = "", out: dict[str, str] | None = None) -> dict[str, str]:
    """Nested objects become dotted keys ("account.name"); lists of scalars are joined with "; "."""
    if out is None:
        out = {}
    for key, value in item.items():
        if "\x00" in key:
            key = key.replace("\x00", "")
        name = prefix + key if prefix else key
        kind = type(value)
        if kind is str:
            out[name] = value.replace("\x00", "") if "\x00" in value else value
        elif kind is dict:
            flatten(value, name + ".", out)
        elif kind is list:
            if any(type(v) in (dict, list) for v in value):
                out[name] = json.dumps(value, ensure_ascii=False)
            else:
                out[name] = "; ".join(_scalar(v) for v in value if v is not None and v != "")
        else:
            out[name] = _scalar(value)
    return out


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value.replace("\x00", "")
    return str(value)
