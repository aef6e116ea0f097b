"""Bulk writes of lead chunks.

Django's bulk_update builds one CASE expression per field and row, and its bulk_create one
placeholder per value; both are slow for chunks of thousands of leads. On PostgreSQL updates go
through `UPDATE … FROM unnest(arrays)` (one parameter per column) and inserts through COPY; on
SQLite a prepared UPDATE by primary key runs with executemany.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from django.db import connection, transaction
from django.db.models import Field, JSONField

from pipeline.bulk.lead_instances import copy_columns_sql, copy_rows, json_converter
from pipeline.models import Lead


def _db_value(field: Field) -> Callable[[Any], Any]:
    """How one field's value is sent: JSON as its text on PostgreSQL (cast there), the rest as the field
    prepares it."""
    if connection.vendor == "postgresql" and isinstance(field, JSONField):
        return json_converter(field)
    return lambda value: field.get_db_prep_save(value, connection)


def _update_by_id(ids: Sequence[int], model_fields: Sequence[Field], columns: Sequence[list]) -> None:
    """Set `columns` (one list of prepared values per field, in `ids` order) on the leads `ids`."""
    table = Lead._meta.db_table
    if connection.vendor != "postgresql":
        # One prepared UPDATE by primary key per row: SQLite runs these at tens of thousands per second.
        assignments = ", ".join(f'"{f.column}" = %s' for f in model_fields)
        with connection.cursor() as cursor:
            cursor.executemany(
                f'UPDATE "{table}" SET {assignments} WHERE "id" = %s',  # noqa: S608 - names from model metadata
                list(zip(*columns, ids, strict=True)),
            )
        return
    names = [f.column for f in model_fields]
    casts = [f"text[]::{f.db_type(connection)}" if isinstance(f, JSONField) else f.db_type(connection)
             for f in model_fields]
    # %b sends the arrays in binary: no quoting and escaping of every JSON string on the client.
    unnest = ", ".join(["%b::bigint[]"] + [f"%b::{cast}[]" for cast in casts])
    assignments = ", ".join(f'"{col}" = v."{col}"' for col in names)
    aliases = ", ".join(['"id"'] + [f'"{col}"' for col in names])
    # Identifiers come from the model's own metadata; values travel as array parameters.
    sql = f'UPDATE "{table}" AS t SET {assignments} FROM unnest({unnest}) AS v({aliases}) WHERE t."id" = v."id"'  # noqa: S608
    # Django's cursors bind parameters on the client (quoting every JSON string with regexes);
    # a plain psycopg cursor on the same connection and transaction sends them bound, in binary.
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, [list(ids), *columns])


def leads_column_update(ids: Sequence[int], field_name: str, values: Sequence[Any]) -> None:
    """Set one column of many leads by primary key (no instances needed)."""
    if not ids:
        return
    field = Lead._meta.get_field(field_name)
    to_db = _db_value(field)
    with transaction.atomic():
        _update_by_id(ids, [field], [[to_db(value) for value in values]])


def leads_bulk_update(leads: Sequence[Lead], fields: Sequence[str]) -> None:
    """Write `fields` of already-saved leads in as few statements as the database allows."""
    if not leads or not fields:
        return
    model_fields = [Lead._meta.get_field(name) for name in dict.fromkeys(fields)]
    columns = []
    for field in model_fields:
        to_db = _db_value(field)
        columns.append([to_db(getattr(lead, field.attname)) for lead in leads])
    with transaction.atomic():
        _update_by_id([lead.pk for lead in leads], model_fields, columns)


def lead_ids_allocate(count: int) -> list[int]:
    """Primary keys for `count` new leads, in increasing order, taken from the table's sequence
    (PostgreSQL; elsewhere [] and the insert assigns them). Lets parallel inserts keep key order = row order."""
    if count <= 0 or connection.vendor != "postgresql":
        return []
    table = Lead._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
        )
        return sorted(row[0] for row in cursor.fetchall())


def _pg_copy_insert(leads: Sequence[Lead]) -> None:
    with_id = all(lead.pk is not None for lead in leads)
    columns = copy_columns_sql(with_id=with_id)
    with connection.cursor() as cursor:
        raw_cursor = cursor.cursor
        with raw_cursor.copy(f'COPY "{Lead._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for row in copy_rows(leads, with_id=with_id):
                copy.write_row(row)


def leads_bulk_insert(leads: Sequence[Lead], *, batch_size: int = 2000) -> None:
    """Insert new leads (their primary keys are not read back)."""
    if not leads:
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _pg_copy_insert(leads)
        else:
            Lead.objects.bulk_create(leads, batch_size=batch_size)


def leads_table_analyze() -> None:
    """Refresh planner statistics after a large insert, so that joins on fresh rows use the indexes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Only the columns that filters and joins use: sampling the JSON columns would take seconds.
            cursor.execute(f'ANALYZE "{Lead._meta.db_table}" (batch_id, organization_id, status, duplicate_of_id)')
