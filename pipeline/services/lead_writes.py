"""Bulk writes of lead chunks.

Django's bulk_update builds one CASE expression per field and row, which is slow for chunks of
thousands of leads: PostgreSQL gets one `UPDATE … FROM (VALUES …)` per 1,000 rows, SQLite a
prepared UPDATE by primary key run with executemany.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from pipeline.models import Lead


def _pg_bulk_update(leads: Sequence[Lead], fields: Sequence[str]) -> None:
    model_fields = [Lead._meta.get_field(name) for name in fields]
    columns = [f.column for f in model_fields]
    casts = [f.db_type(connection) for f in model_fields]
    placeholders = "(" + ", ".join(["%s::bigint"] + [f"%s::{cast}" for cast in casts]) + ")"
    assignments = ", ".join(f'"{col}" = v."{col}"' for col in columns)
    value_names = ", ".join(['"id"'] + [f'"{col}"' for col in columns])
    table = Lead._meta.db_table
    params: list = []
    for lead in leads:
        params.append(lead.pk)
        for field in model_fields:
            params.append(field.get_db_prep_save(getattr(lead, field.attname), connection))
    # Identifiers come from the model's own metadata, values go through parameters.
    rows = ", ".join([placeholders] * len(leads))
    sql = f'UPDATE "{table}" AS t SET {assignments} FROM (VALUES {rows}) AS v({value_names}) WHERE t."id" = v."id"'  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _executemany_update(leads: Sequence[Lead], fields: Sequence[str]) -> None:
    """One prepared UPDATE by primary key per row: SQLite runs these at tens of thousands per second."""
    model_fields = [Lead._meta.get_field(name) for name in fields]
    assignments = ", ".join(f'"{f.column}" = %s' for f in model_fields)
    sql = f'UPDATE "{Lead._meta.db_table}" SET {assignments} WHERE "id" = %s'  # noqa: S608
    params = [
        [f.get_db_prep_save(getattr(lead, f.attname), connection) for f in model_fields] + [lead.pk] for lead in leads
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def leads_bulk_update(leads: Sequence[Lead], fields: Sequence[str], *, batch_size: int = 1000) -> None:
    """Write `fields` of already-saved leads in as few statements as the database allows."""
    if not leads or not fields:
        return
    fields = list(dict.fromkeys(fields))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            for start in range(0, len(leads), batch_size):
                _pg_bulk_update(leads[start : start + batch_size], fields)
        else:
            _executemany_update(leads, fields)
