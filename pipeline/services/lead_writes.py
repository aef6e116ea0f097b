"""Bulk writes of lead chunks.

Django's bulk_update builds one CASE expression per field and row; for chunks of a few
thousand leads on PostgreSQL an `UPDATE … FROM (VALUES …)` is several times faster.
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
    sql = (
        f'UPDATE "{table}" AS t SET {assignments} '
        f"FROM (VALUES {', '.join([placeholders] * len(leads))}) AS v({value_names}) "
        f'WHERE t."id" = v."id"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


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
            Lead.objects.bulk_update(leads, fields, batch_size=max(1, min(batch_size, 999 // (len(fields) + 1))))
