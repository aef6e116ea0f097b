"""Which attempt of a batch may work on it, and proof that one is working on it.

Every write of paid work (a chunk of new leads) and every write batch of dedup checks, in its own transaction,
that the batch is still running *this* attempt, with a key-share lock on the batch's row: cancel, retry and
recovery take the row `FOR UPDATE`, so they wait for a chunk being written and every later chunk sees the new
state. A stage also holds the batch's advisory lock (PostgreSQL) while it runs, on a connection of its own: a
retry's stage waits for the attempt before it to stop, and a lock nobody holds means no process works on the
batch (its worker was killed: the connection died with it).
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator

import psycopg
from django.db import connection, transaction

from pipeline.models import Batch


class BatchStopped(Exception):
    """The batch was cancelled, failed or retried elsewhere: this attempt stops without writing."""


def attempt_current(*, batch_id: uuid.UUID | str, attempt: int | None) -> bool:
    """Is the batch running this attempt? Call inside the transaction that writes: on PostgreSQL the row is
    key-share locked until it commits, so a cancel or retry waits for the write and then wins."""
    table = Batch._meta.db_table
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "status", "attempts" FROM "{table}" WHERE "id" = %s{lock}',  # noqa: S608
                       [Batch._meta.pk.get_db_prep_value(batch_id, connection)])
        row = cursor.fetchone()
    return row is not None and row[0] == Batch.STATUS_RUNNING and (attempt is None or row[1] == attempt)


@contextlib.contextmanager
def attempt_write(*, batch_id: uuid.UUID | str, attempt: int | None) -> Iterator[None]:
    """A transaction for one write of this attempt; raises BatchStopped (writing nothing) when it is not current.
    `attempt=None` is a write outside any attempt (a stage run directly on a batch, as tests do): not checked."""
    with transaction.atomic():
        if attempt is not None and not attempt_current(batch_id=batch_id, attempt=attempt):
            raise BatchStopped
        yield


def _lock_key(batch_id: uuid.UUID | str) -> int:
    """A signed 64-bit advisory lock key from the batch's UUID."""
    return int.from_bytes(uuid.UUID(str(batch_id)).bytes[:8], "big", signed=True)


def _lock_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


@contextlib.contextmanager
def batch_lock(batch_id: uuid.UUID | str, *, wait_seconds: float) -> Iterator[bool]:
    """Hold the batch's advisory lock while the block runs; yields False if it stayed taken for `wait_seconds`.

    The lock lives on a connection of its own, so the worker pool closing Django's connections before it forks
    does not drop it. Without PostgreSQL there is nothing to hold (one writer at a time): yields True.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    conn = _lock_connection()
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            if conn.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key(batch_id)]).fetchone()[0]:
                break
            if time.monotonic() >= deadline:
                yield False
                return
            time.sleep(0.25)
        yield True
    finally:
        conn.close()  # releases the lock


def batch_lock_free(batch_id: uuid.UUID | str) -> bool:
    """True when no process holds the batch's lock (always True without PostgreSQL)."""
    with batch_lock(batch_id, wait_seconds=0) as held:
        return held
