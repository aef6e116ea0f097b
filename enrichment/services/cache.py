"""Two-level cache of enrichment answers: L1 per process (LRU + TTL), L2 Django's cache (Redis or DB).

Entries are small dicts: {"profile": profile dict or None (negative), "provider": provider name,
"fields": {field: provider}, "cost": cost paid, "calls": provider calls made, "predicted": True when written by
predictive pre-enrichment}. Entries stored before these names were spelled out ("p", "src", "f", "c", "n",
"pr") are read through `entry_current`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.core.cache import caches
from rapidfuzz import fuzz, process

from ..models import CompanyDataset
from .cache_writes import cache_set_many

MISSING = object()


class LruTtlCache:
    def __init__(self, *, max_items: int, ttl: float):
        self.max_items = max_items
        self.ttl = ttl
        self.data: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, now: float) -> Any:
        item = self.data.get(key)
        if item is None:
            return MISSING
        if item[0] < now:
            with self.lock:
                self.data.pop(key, None)
            return MISSING
        self.data.move_to_end(key)
        return item[1]

    def set(self, key: str, value: Any, *, ttl: float | None = None) -> None:
        expires = time.monotonic() + (self.ttl if ttl is None else min(ttl, self.ttl))
        with self.lock:
            self.data[key] = (expires, value)
            self.data.move_to_end(key)
            while len(self.data) > self.max_items:
                self.data.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.data.clear()

    def __len__(self) -> int:
        return len(self.data)


_l1: LruTtlCache | None = None


def l1_cache() -> LruTtlCache:
    global _l1
    if _l1 is None or _l1.max_items != settings.ENRICHMENT_L1_MAX_ITEMS or _l1.ttl != settings.ENRICHMENT_L1_TTL:
        _l1 = LruTtlCache(max_items=settings.ENRICHMENT_L1_MAX_ITEMS, ttl=settings.ENRICHMENT_L1_TTL)
    return _l1


def l2_cache():
    return caches[settings.ENRICHMENT_CACHE_ALIAS]


def cache_namespace(*, organization_id: int) -> str:
    """Organisation + dataset version: a new dataset upload starts a fresh namespace (no stale negatives)."""
    version = CompanyDataset.objects.filter(organization_id=organization_id).values_list("version", flat=True).first()
    return f"{organization_id}.{version or 0}"


def cache_key(*, namespace: str, kind: str, key: str) -> str:
    # Django's cache keys must stay short and ASCII-safe; lookup keys are domains or normalised names.
    safe = key.encode("ascii", "backslashreplace").decode().replace(" ", "_")[:200]
    return f"enr1:{namespace}:{kind}:{safe}"


_SHORT_KEYS = {"p": "profile", "src": "provider", "f": "fields", "c": "cost", "n": "calls", "pr": "predicted"}


def entry_current(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry read from L2 with today's key names (entries written with the short names live until their TTL)."""
    if "p" not in entry:
        return entry
    return {_SHORT_KEYS.get(name, name): value for name, value in entry.items()}


def l2_ttl(entry: dict[str, Any]) -> int:
    return settings.ENRICHMENT_L2_TTL if entry.get("profile") else settings.ENRICHMENT_NEGATIVE_TTL


def entries_store(entries: dict[str, dict[str, Any]]) -> None:
    """Write to L1 and L2 (positives and negatives with their own TTLs)."""
    if not entries:
        return
    l1 = l1_cache()
    positives = {k: v for k, v in entries.items() if v.get("profile")}
    negatives = {k: v for k, v in entries.items() if not v.get("profile")}
    for k, v in entries.items():
        l1.set(k, v, ttl=l2_ttl(v))
    if positives:
        cache_set_many(l2_cache(), positives, timeout=settings.ENRICHMENT_L2_TTL)
    if negatives:
        cache_set_many(l2_cache(), negatives, timeout=settings.ENRICHMENT_NEGATIVE_TTL)


DOMAIN_PREFIX = "d:"  # lookup keys of a registrable domain (see normalization.lookup_key)


class SimilarityIndex:
    """Normalised company names with a positive cached profile, per organisation.

    Kept in L2 so that every process can match against what any process cached. Choices are
    bucketed by first character so that a lookup compares against a few hundred keys.
    Domains are never matched by similarity: two registrable domains are two registrations, and
    near-identical ones are often different companies (acme.com / acne.com, stripe.com / strive.com).
    """

    def __init__(self, *, namespace: str):
        self.storage_key = cache_key(namespace=namespace, kind="simidx", key="v1")
        stored = l2_cache().get(self.storage_key) or ()
        self.keys: set[str] = {k for k in stored if not k.startswith(DOMAIN_PREFIX)}
        self.added: set[str] = set()
        self._buckets: dict[str, list[str]] | None = None

    def _bucket(self, key: str) -> str:
        return key[:3]  # "n:a": names starting with "a"

    def buckets(self) -> dict[str, list[str]]:
        if self._buckets is None:
            self._buckets = {}
            for key in self.keys:
                self._buckets.setdefault(self._bucket(key), []).append(key)
        return self._buckets

    def add(self, key: str) -> None:
        if key.startswith(DOMAIN_PREFIX):
            return
        if key not in self.keys:
            self.keys.add(key)
            self.added.add(key)
            if self._buckets is not None:
                self._buckets.setdefault(self._bucket(key), []).append(key)

    def match(self, key: str, *, threshold: float) -> tuple[str, float] | None:
        if key.startswith(DOMAIN_PREFIX):
            return None
        choices = self.buckets().get(self._bucket(key))
        if not choices:
            return None
        best = process.extractOne(key[2:], [c[2:] for c in choices], scorer=fuzz.ratio, score_cutoff=threshold * 100)
        if best is None:
            return None
        return choices[best[2]], best[1] / 100

    def save(self) -> None:
        """Merge what this process added into the shared index (last writer merges, never drops)."""
        if not self.added:
            return
        current = set(l2_cache().get(self.storage_key) or ())
        merged = current | self.keys
        limit = settings.ENRICHMENT_SIMILARITY_INDEX_MAX
        if len(merged) > limit:
            merged = set(sorted(merged)[:limit])
        l2_cache().set(self.storage_key, sorted(merged), timeout=settings.ENRICHMENT_L2_TTL)
        self.keys = merged
        self.added.clear()
        self._buckets = None
