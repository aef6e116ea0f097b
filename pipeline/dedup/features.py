"""Dedup's bridge to the database: a lead's blocking keys and features, read a window at a time, and the pair
weights built on them. (The rest of this package works on plain records, without the database.)

The dedup stage never holds every lead's features: blocking needs only keys, pair weights load the
features of one window of candidate pairs at a time (in forked workers when a pool is allowed), and
clustering loads those of the linked leads a group at a time. So memory stays flat in batch size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count, TextField
from django.db.models.functions import Cast

from leadsite.core.text.companies import company_tokens
from leadsite.core.text.folding import fold_words
from pipeline.bulk.lead_instances import json_loads
from pipeline.bulk.process_pool import fork_pool, pool_size
from pipeline.models import Lead

from . import normalize as norm
from .array_files import ArrayFile
from .blocking import block_keys, key_text, sort_code
from .learning import ValueCounts
from .linker import Linker
from .records import DedupRecord, Features, features_unpack, name_key

READ_FIELDS = (
    "id", "row_number", "first_name", "last_name", "full_name", "email", "phone", "title", "company_name",
    "company_key", "domain", "street", "city", "state", "postcode", "country", "industry", "linkedin", "extra",
    "reasons", "dedup_cluster_id",
)
READ_CHUNK = 5000
_FEATURES_TEXT = Cast("dedup_features", TextField())


def lead_record(row: tuple, *, history: bool) -> DedupRecord:
    """A lead's READ_FIELDS values as the dedup library's record."""
    data = dict(zip(READ_FIELDS, row, strict=True))
    return DedupRecord(
        id=data["id"], first_name=data["first_name"], last_name=data["last_name"], full_name=data["full_name"],
        email=data["email"], phone=data["phone"], title=data["title"], company_name=data["company_name"],
        company_key=data["company_key"], domain=data["domain"], street=data["street"], city=data["city"],
        state=data["state"], postcode=data["postcode"], country=data["country"], industry=data["industry"],
        linkedin=data["linkedin"], extra=data["extra"] or {}, recency=float(data["id"] or 0), history=history,
        gated=gated(data["reasons"]), cluster_id=data["dedup_cluster_id"],
    )


# Version of the `match_keys` entry: a stored entry of another version is keyed again by the dedup stage.
KEYS_VERSION = 4


def keys_entry(feats: Features, extra_keys: frozenset[str]) -> dict[str, Any]:
    """A lead's `match_keys`: its blocking keys as text and its sort code."""
    return {"version": KEYS_VERSION, "keys": [key_text(k) for k in block_keys(feats, extra_keys)],
            "sort": sort_code(feats)}


def lead_row(lead: Lead) -> tuple[Any, ...]:
    """A lead instance's READ_FIELDS values, as `lead_record` reads them."""
    return tuple(getattr(lead, name) for name in READ_FIELDS)


def gated(reasons: list[dict[str, Any]] | None) -> bool:
    """Can this lead never qualify, by what ingest found? (The score's own gates come later in the chain.)"""
    return any(r.get("gate") and r.get("phase") != "score" for r in (reasons or []))


def chunks(values: list, size: int) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class FeatureSource:
    """Features of the leads at given positions of a dedup run.

    `pks[p]` is the lead at position p; `history[p]` marks an earlier batch's survivor and `recompute[p]` a
    lead whose packed features cannot be trusted (keyed again by this run from its columns): those are
    normalised again from their columns, the others (earlier survivors included) unpacked from what their
    ingest stored, or normalised when they have none or an older form.
    """

    def __init__(self, pks: np.ndarray, history: np.ndarray, recompute: np.ndarray):
        self.pks, self.history, self.recompute = pks, history, recompute

    def load(self, positions: list[int]) -> dict[int, Features]:
        found: dict[int, Features] = {}
        if not positions:
            return found
        chosen = np.asarray(positions, dtype=np.int64)
        from_columns = self.recompute[chosen]
        again = chosen[from_columns].tolist()
        history = self.history
        for chunk in chunks(chosen[~from_columns].tolist(), READ_CHUNK):
            position_of = dict(zip(self.pks[chunk].tolist(), chunk, strict=True))
            for pk, text in Lead.objects.filter(pk__in=list(position_of)).values_list("id", _FEATURES_TEXT):
                position = position_of[pk]
                values = json_loads(text)
                unpacked = (features_unpack(values, position, recency=float(pk), history=bool(history[position]))
                            if values else None)
                if unpacked is not None:
                    found[position] = unpacked
                else:
                    again.append(position)  # made before features were stored (or in another form): normalise
        for chunk in chunks(again, READ_CHUNK):
            position_of = dict(zip(self.pks[chunk].tolist(), chunk, strict=True))
            for row in Lead.objects.filter(pk__in=list(position_of)).values_list(*READ_FIELDS):
                position = position_of[row[0]]
                found[position] = Features(lead_record(row, history=bool(self.history[position])), position)
        return found


# Candidate pairs per window: a window's features (at most two leads per pair) are all a worker holds.
WINDOW_PAIRS = 50_000
PARALLEL_PAIRS = 50_000

# What a forked weight worker reads: set in the child by the pool's initializer (the parent never sets it).
_weights_input: tuple[Linker, FeatureSource, ArrayFile] | None = None


def _weights_init(linker: Linker, source: FeatureSource, pairs: ArrayFile) -> None:
    global _weights_input
    _weights_input = (linker, source, pairs)


def _weights_slice(bounds: tuple[int, int]) -> np.ndarray:
    linker, source, pairs = _weights_input
    return linker.weigh(source.load, pairs.read(*bounds))


def pair_weights(linker: Linker, source: FeatureSource, pairs: ArrayFile) -> ArrayFile:
    """Every candidate pair's weight, in order, in a temporary file; a window of pairs at a time, in forked
    workers (they read the pairs file and the features on their own) when a pool is allowed and worth it."""
    windows = [(start, min(start + WINDOW_PAIRS, len(pairs))) for start in range(0, len(pairs), WINDOW_PAIRS)]
    weights = ArrayFile(np.float64)
    try:
        workers = pool_size()
        if workers <= 1 or len(pairs) < PARALLEL_PAIRS:
            for lo, hi in windows:
                weights.append(linker.weigh(source.load, pairs.read(lo, hi)))
            return weights
        # forked children receive the initializer's arguments without pickling them
        with fork_pool(workers, initializer=_weights_init, initargs=(linker, source, pairs)) as pool:
            for part in pool.map(_weights_slice, windows):
                weights.append(part)
        return weights
    except BaseException:
        weights.close()
        raise


# Columns whose value counts weigh exact matches (term frequencies), with the normalisation features apply.
_COUNTED: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("last_name", "last_name", name_key),
    ("phone", "phone", norm.phone_key),
    ("domain", "domain", norm.domain_key),
    ("company_key", "company", lambda v: " ".join(company_tokens(v))),
    ("city", "city", fold_words),
    ("postcode", "postcode", norm.postcode_normal),
    ("email", "email", norm.email_canonical),
    ("linkedin", "linkedin", norm.linkedin_key),
)


def value_counts(batch: Any, extra_keys: frozenset[str] = frozenset()) -> ValueCounts:
    """How many of the batch's leads hold each value held by two or more, per counted field and identifier
    column (`extra_keys`, folded names): PostgreSQL groups, only the repeated values come back."""
    leads = Lead.objects.filter(batch=batch)
    counts = ValueCounts(records=leads.count())
    if extra_keys and connection.vendor == "postgresql":
        sample = leads.order_by("pk").values_list("extra", flat=True)[:200]
        raw = {fold_words(str(k)): k for extra in sample for k in (extra or {})}
        for key in sorted(extra_keys & set(raw)):
            found: Counter = Counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    f'SELECT extra ->> %s, count(*) FROM "{Lead._meta.db_table}" WHERE batch_id = %s '  # noqa: S608
                    "AND extra ->> %s IS NOT NULL GROUP BY 1 HAVING count(*) >= 2",
                    [raw[key], batch.pk, raw[key]],
                )
                repeated = cursor.fetchall()
            for value, n in repeated:
                folded = fold_words(str(value))
                if folded:
                    found[folded] += n
            counts.values["x:" + key] = found
    for column, name, normal in _COUNTED:
        found: Counter = Counter()
        repeated = (leads.exclude(**{column: ""}).values(column).annotate(n=Count("id")).filter(n__gte=2)
                    .values_list(column, "n"))
        for value, n in repeated.iterator(READ_CHUNK):
            key = normal(value)
            if key:
                found[key] += n
        counts.values[name] = found
    return counts
