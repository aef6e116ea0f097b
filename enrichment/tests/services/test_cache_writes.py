"""Bulk writes to the database cache, in Django's own row format."""

import time

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache

from enrichment.services.cache_writes import cache_set_many

pytestmark = pytest.mark.django_db


TABLE = "test_bulk_cache"


@pytest.fixture(autouse=True)
def _cache_table():
    """A table of our own: the tests run with Redis or with the database cache as the configured L2."""
    from django.core.management.commands.createcachetable import Command

    command = Command()
    command.verbosity = 0
    command.create_table("default", TABLE, dry_run=False)


def database_cache(**options) -> DatabaseCache:
    return DatabaseCache(TABLE, {"OPTIONS": options})


def test_database_cache_reads_what_one_bulk_write_stored():
    cache = database_cache()
    cache.clear()
    entries = {f"enr1:test:c:d:company{i}.com": {"profile": {"name": f"Company {i}"}, "calls": i} for i in range(1200)}
    cache_set_many(cache, entries, timeout=600)
    assert cache.get_many(list(entries)) == entries  # Django decodes our rows like its own
    cache_set_many(cache, {"enr1:test:c:d:company7.com": {"profile": None}}, timeout=600)  # an upsert, not a duplicate
    assert cache.get("enr1:test:c:d:company7.com") == {"profile": None}
    cache.set("enr1:test:plain", 1, timeout=600)  # Django's own writes still work beside ours
    assert cache.get("enr1:test:plain") == 1


def test_expired_entries_are_gone_and_removed_when_the_table_is_full():
    cache = database_cache(MAX_ENTRIES=5)
    cache.clear()
    cache_set_many(cache, {f"old{i}": i for i in range(4)}, timeout=1)
    time.sleep(2.1)
    assert cache.get("old0") is None  # expired: Django treats it as missing
    cache_set_many(cache, {f"new{i}": i for i in range(3)}, timeout=600)  # 7 rows > 5: expired ones deleted
    assert sorted(cache.get_many([f"new{i}" for i in range(3)]).values()) == [0, 1, 2]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        assert cursor.fetchone()[0] == 3


def test_other_backends_use_their_own_set_many():
    cache = LocMemCache("bulk-test", {})
    cache_set_many(cache, {"a": 1, "b": 2}, timeout=60)
    assert cache.get_many(["a", "b"]) == {"a": 1, "b": 2}


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_the_same_keys_do_not_deadlock():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections: PostgreSQL")
    keys = [f"k{i:04d}" for i in range(1000)]
    failures = []

    def writer(order):
        try:
            cache = database_cache()
            for round_ in range(40):
                cache_set_many(cache, {k: round_ for k in order}, timeout=600)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(order,)) for order in (keys, keys[::-1], keys[::2] + keys[1::2])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert database_cache().get_many(keys[:3]) == {k: 39 for k in keys[:3]}
