"""Lead instances at bulk speed: build, load and serialise them without Django's per-field machinery.

`Model.__init__` costs about 40 µs per lead (signals, descriptors, one setattr per field) and loading
through the ORM adds converters per value; for a pass over 100,000 leads that is several seconds per
phase. These helpers fill the instance `__dict__` directly, which gives the same object Django's
`from_db` would (fields keyed by attname, `_state` set), so phases and writes treat it as any Lead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import orjson
from django.db.models import (
    DateTimeField,
    F,
    Field,
    FloatField,
    ForeignKey,
    IntegerField,
    JSONField,
    QuerySet,
    TextField,
)
from django.db.models.base import ModelState
from django.db.models.functions import Cast
from django.utils import timezone

from pipeline.models import Lead

_FIELDS = [f for f in Lead._meta.concrete_fields]
_CALLABLE_DEFAULTS = [(f.attname, f.default) for f in _FIELDS if f.has_default() and callable(f.default)]
_PLAIN_DEFAULTS = {f.attname: f.get_default() for f in _FIELDS if not (f.has_default() and callable(f.default))}
_PLAIN_DEFAULTS["id"] = None


def _instance(data: dict[str, Any], *, db: str | None) -> Lead:
    """A Lead whose fields are `data` (by attname): unsaved when `db` is None, else as loaded from `db`."""
    lead = Lead.__new__(Lead)
    state = ModelState()
    state.adding, state.db = db is None, db
    data["_state"] = state
    lead.__dict__ = data
    return lead


def lead_new(values: dict[str, Any], *, adding: bool = True) -> Lead:
    """A Lead with its defaults and `values` (attnames: batch_id, organization_id…), as `Lead(**values)`."""
    data = dict(_PLAIN_DEFAULTS)
    for name, factory in _CALLABLE_DEFAULTS:
        data[name] = factory()
    data.update(values)
    return _instance(data, db=None if adding else "default")


def json_loads(text: str | bytes | None) -> Any:
    """JSON text from the database as Python values (orjson: several times faster than json on bulk reads)."""
    return None if text is None else orjson.loads(text)


def json_text(value: Any) -> str | None:
    """Python values as JSON text for the database; json's slower path only for what orjson refuses."""
    if value is None:
        return None
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)


_JSON_ATTNAMES = frozenset(f.attname for f in _FIELDS if isinstance(f, JSONField))


def leads_load(queryset: QuerySet[Lead], fields: Sequence[str], *, chunk_size: int = 2000) -> Iterator[Lead]:
    """Stream leads with only `fields` (attnames) loaded; other fields stay deferred, as with `.only()`.

    JSON columns come as text and are decoded here, without Django's per-value converter.
    """
    names = list(dict.fromkeys(("id", *fields)))
    selected = [Cast(F(name), TextField()) if name in _JSON_ATTNAMES else name for name in names]
    json_positions = [i for i, name in enumerate(names) if name in _JSON_ATTNAMES]
    for row in queryset.values_list(*selected).iterator(chunk_size=chunk_size):
        if json_positions:
            row = list(row)
            for i in json_positions:
                row[i] = json_loads(row[i])
        yield _instance(dict(zip(names, row, strict=True)), db=queryset.db)


def json_converter(field: JSONField) -> Callable[[Any], Any]:
    """A JSON field's values as text for the database (orjson unless the field has its own encoder)."""
    if field.encoder is None:
        return json_text
    encoder = field.encoder
    return lambda value: None if value is None else json.dumps(value, cls=encoder)


def _as_is(value: Any) -> Any:
    return value


def _text(value: Any) -> str:
    return "" if value is None else value


def _converter(field: Field) -> Callable[[Any], Any]:
    """How one field's Python value travels in a COPY row (text format), without Django's prep chain."""
    if isinstance(field, JSONField):
        return json_converter(field)
    if isinstance(field, ForeignKey | IntegerField | FloatField | DateTimeField):
        return _as_is
    return _text


COPY_FIELDS = [f for f in _FIELDS if not f.primary_key]
_CONVERTERS = [(f.attname, _converter(f)) for f in COPY_FIELDS]
_AUTO_NOW = [f.attname for f in COPY_FIELDS if isinstance(f, DateTimeField) and (f.auto_now or f.auto_now_add)]


def copy_rows(leads: Sequence[Lead], *, with_id: bool = False) -> Iterator[list[Any]]:
    """COPY rows (columns as `copy_columns_sql`) for new leads; auto_now fields get one timestamp."""
    now = timezone.now()
    converters = [("id", _as_is), *_CONVERTERS] if with_id else _CONVERTERS
    for lead in leads:
        data = lead.__dict__
        for name in _AUTO_NOW:
            if data.get(name) is None:
                data[name] = now
        yield [to_db(data[name]) for name, to_db in converters]


def copy_columns_sql(*, with_id: bool = False) -> str:
    return ", ".join(f'"{f.column}"' for f in ([Lead._meta.pk] if with_id else []) + COPY_FIELDS)


def lead_chunks(
    queryset: QuerySet[Lead], *, chunk_size: int, defer: Sequence[str] = ()
) -> Iterator[list[Lead]]:
    """The queryset's leads in primary-key order, `chunk_size` at a time (keyset pagination).

    A chunk phase mutates and writes each chunk before the next is read, so the pages stay correct
    even when the phase changes the fields the queryset filters on.
    """
    fields = [f.attname for f in _FIELDS if f.attname not in defer]
    last_pk = 0
    while True:
        page = queryset.filter(pk__gt=last_pk).order_by("pk")[:chunk_size]
        chunk = list(leads_load(page, fields, chunk_size=chunk_size))
        if not chunk:
            return
        yield chunk
        last_pk = chunk[-1].pk
