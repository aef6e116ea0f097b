"""`JSONDocumentField`: JSON the database stores and returns as written, without indexing it.

A lead carries several JSON documents (the row as read, validation evidence, score breakdown, dedup keys)
that are written in bulk and read whole, never searched inside. PostgreSQL's `jsonb` parses each one into
its binary form on the way in and prints it on the way out; for 100,000 leads that costs it more than the
rest of the row together (COPY measured 11.1 s with `jsonb`, 5.2 s with text). The `json` type only checks
the syntax. Key lookups (`match_keys__keys`) still work; equality, containment and indexes do not.
"""

from __future__ import annotations

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver


class JSONDocumentField(models.JSONField):
    def db_type(self, connection) -> str:
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def from_db_value(self, value, expression, connection):
        if value is not None and not isinstance(value, str | bytes):
            return value  # already parsed by a driver that does so for `json`
        return super().from_db_value(value, expression, connection)


@receiver(connection_created)
def _json_as_text(sender, connection, **kwargs) -> None:
    """Have psycopg hand `json` over as text, as Django already has it do for `jsonb`: the field parses it."""
    if connection.vendor != "postgresql":
        return
    from psycopg.types.string import TextLoader

    connection.connection.adapters.register_loader("json", TextLoader)
