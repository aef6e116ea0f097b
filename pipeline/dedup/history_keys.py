"""Dedup's index of earlier leads (`LeadKey`: organisation, key → lead) and the lookup through it.

A batch finds the organisation's earlier leads through its own blocking keys, as its leads find each other:
an indexed join, so the cost follows the batch, not the history the organisation holds. Each key brings at
most HISTORY_KEY_CAP earlier leads (the newest), as blocking caps its blocks, so a key every lead shares (one
company, one city) stays linear. Keys are hashed to 64 bits the same way in SQL and in Python.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connection, transaction

from pipeline.models import Batch, Lead, LeadKey, Upload

from .features import KEYS_VERSION

HISTORY_KEY_CAP = 64
_SQL_HASH = "('x' || left(md5(k), 16))::bit(64)::bigint"


def key_hash(text: str) -> int:
    """The key's 64-bit hash, as `_SQL_HASH` computes it in PostgreSQL."""
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big", signed=True)  # noqa: S324


def supported() -> bool:
    return connection.vendor == "postgresql"


def history_keys_save(*, batch: Batch) -> int:
    """Index the batch's leads that later uploads may duplicate (all but its duplicates), from the keys in
    their `match_keys`; a batch run again replaces its keys. Returns the keys written."""
    lead, key_table = Lead._meta.db_table, LeadKey._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{key_table}" WHERE batch_id = %s', [batch.pk])  # noqa: S608 - table names
        # table names from the models, values as parameters
        # a lead's keys are distinct (one per kind); in key order the (organization, key) index is filled in
        # sequence instead of at random places: 51 s instead of 83 s for a million leads' 4.5 million keys
        insert = f"""
            INSERT INTO "{key_table}" (organization_id, batch_id, lead_id, key)
            SELECT l.organization_id, l.batch_id, l.id, {_SQL_HASH} AS key
            FROM "{lead}" l, json_array_elements_text(l.match_keys -> 'keys') k
            WHERE l.batch_id = %s AND l.status <> %s AND l.match_keys ->> 'version' = %s
            ORDER BY key
        """  # noqa: S608
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(insert, [batch.pk, Lead.STATUS_DUPLICATE, str(KEYS_VERSION)])
        written = cursor.rowcount
        # fresh statistics, or the next batch's lookup is planned for an empty table
        cursor.execute(f'ANALYZE "{key_table}"')  # noqa: S608 - table name from the model
        return written


def history_lead_ids(*, batch: Batch, organization_id: int, other_keys: Iterable[str] = ()) -> list[int]:
    """Earlier leads of the organisation (completed batches, not duplicates, not the same file run again)
    sharing a blocking key with the batch: its stored keys and `other_keys` (of leads keyed by this run)."""
    lead, key_table = Lead._meta.db_table, LeadKey._meta.db_table
    batch_table, upload_table = Batch._meta.db_table, Upload._meta.db_table
    extra = sorted({key_hash(text) for text in other_keys})
    # table names from the models, values as parameters
    sql = f"""
        WITH batch_keys AS (
            SELECT {_SQL_HASH} AS key
            FROM "{lead}" l, json_array_elements_text(l.match_keys -> 'keys') k
            WHERE l.batch_id = %(batch)s AND l.match_keys ->> 'version' = %(version)s
            UNION SELECT unnest(%(extra)s::bigint[])
        ), earlier AS (
            SELECT b.id FROM "{batch_table}" b JOIN "{upload_table}" u ON u.id = b.upload_id
            WHERE b.organization_id = %(org)s AND b.status = %(completed)s AND b.id <> %(batch)s
              AND u.sha256 <> %(sha)s
        ), hits AS (
            SELECT h.lead_id, row_number() OVER (PARTITION BY h.key ORDER BY h.lead_id DESC) AS rank
            FROM batch_keys bk JOIN "{key_table}" h ON h.organization_id = %(org)s AND h.key = bk.key
            WHERE h.batch_id IN (SELECT id FROM earlier)
        )
        SELECT DISTINCT hits.lead_id FROM hits WHERE hits.rank <= %(cap)s ORDER BY 1
    """  # noqa: S608 - only survivors are indexed (history_keys_save), so no lead row is read here
    with transaction.atomic(), connection.cursor() as cursor:
        # the sorts of a large batch's hits (hundreds of thousands of rows) stay in memory
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, {"batch": batch.pk, "version": str(KEYS_VERSION), "extra": extra,
                             "org": organization_id, "completed": Batch.STATUS_COMPLETED,
                             "sha": batch.upload.sha256, "cap": HISTORY_KEY_CAP})
        return [row[0] for row in cursor.fetchall()]
