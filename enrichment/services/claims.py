"""Cross-process claims on company lookups, so that a paid provider is asked once per key.

Ingest's forked workers and concurrent Celery batches each have their own session: two of them that
miss the same key at the same moment would both pay Apollo/Clearbit/… for it. Before calling the
providers a process claims the key with an atomic "add if absent" on the L2 cache (SET NX on Redis,
a primary-key insert on the database cache); the others wait for the holder's entry to appear in L2.
A claim expires after CLAIM_TIMEOUT, and a waiter gives up after ENRICHMENT_CLAIM_WAIT_SECONDS and
calls the providers itself: a lock never fails a lead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache.backends.redis import RedisCache

from .cache import l2_cache

CLAIM_TIMEOUT = 30  # seconds: how long a crashed holder can keep others waiting (they stop earlier)
POLL_SECONDS = 0.05


def claim_key(entry_key: str) -> str:
    return f"claim:{entry_key}"


def claims_add(entry_keys: list[str], *, timeout: int = CLAIM_TIMEOUT) -> set[str]:
    """Claim each key that nobody holds (atomically); returns the keys this process now holds."""
    cache = l2_cache()
    if isinstance(cache, RedisCache):
        # Django has no add_many: one pipelined round trip of SET NX EX, on the server Django writes to.
        pipe = cache._cache.get_client(None, write=True).pipeline(transaction=False)
        for key in entry_keys:
            pipe.set(cache.make_and_validate_key(claim_key(key)), 1, nx=True, ex=timeout)
        return {key for key, done in zip(entry_keys, pipe.execute(), strict=True) if done}
    return {key for key in entry_keys if cache.add(claim_key(key), 1, timeout)}


def claims_release(entry_keys: Iterable[str]) -> None:
    keys = [claim_key(k) for k in entry_keys]
    if keys:
        l2_cache().delete_many(keys)


def claimed_call(
    keys: list[str], *, entry_key: Callable[[str], str], call: Callable[[list[str]], None]
) -> dict[str, dict[str, Any]]:
    """Run `call(keys)` (providers + `entries_store`) only for keys this process claims.

    Keys held by another process are polled in L2 until their entry appears, re-claimed if the holder
    released them without one (all its providers failed), and passed to `call` unclaimed once the wait
    times out. Our own keys are called before waiting, so two processes never wait on each other.
    Returns the entries other processes stored for us (key → entry).
    """
    found: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + settings.ENRICHMENT_CLAIM_WAIT_SECONDS
    rest = keys
    while rest:
        held = claims_add([entry_key(k) for k in rest])
        # Read after claiming: an entry stored (and its claim released) since our L2 miss is used, not bought again.
        stored = l2_cache().get_many([entry_key(k) for k in rest])
        mine, waiting = [], []
        for key in rest:
            if (entry := stored.get(entry_key(key))) is not None:
                found[key] = entry
            else:
                (mine if entry_key(key) in held else waiting).append(key)
        try:
            if mine:
                call(mine)
        finally:
            claims_release(held)
        rest = waiting
        if rest and time.monotonic() >= deadline:
            call(rest)
            break
        if rest:
            time.sleep(POLL_SECONDS)
    return found
