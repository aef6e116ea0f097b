"""Phase 05 Dedup: a whole-batch phase over the batch's leads and the organisation's earlier survivors.

Three passes keep memory bounded: (1) stream every lead once as a few columns, computing its blocking
keys into compact numpy arrays; (2) load full comparison features only for leads that share a key with
another; (3) stream the batch again and bulk-write match_keys, dedup_cluster_id, dedup_confidence,
duplicate_of, dedup_reasons and the DUPLICATE status. Survivors then get empty fields filled from their
duplicates. Earlier batches' rows are read, never written.
"""

from __future__ import annotations

import contextlib
import resource
import threading
import time
from array import array
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, connections
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from pipeline.dedup import BlockIndex, DedupRecord, Features, Linker, block_keys, extra_identifier_keys, sort_code
from pipeline.dedup.blocking import key_text
from pipeline.dedup.linker import LinkResult
from pipeline.dedup.merge import FILL_FIELDS, survivor_fill
from pipeline.dedup.records import extra_values, features_pack, features_unpack
from pipeline.models import Batch, Lead
from pipeline.phases.base import PhaseContext, reason_add, reasons_reset
from pipeline.services import progress
from pipeline.services.lead_instances import json_loads, lead_new, leads_load
from pipeline.services.lead_writes import leads_bulk_update, leads_column_update
from pipeline.services.process_pool import fork_pool, pool_size

PHASE = "dedup"
KEYS_VERSION = 3
READ_FIELDS = (
    "id", "row_number", "first_name", "last_name", "full_name", "email", "phone", "title", "company_name",
    "company_key", "domain", "street", "city", "state", "postcode", "country", "industry", "linkedin", "extra",
    "reasons", "dedup_cluster_id",
)
WRITE_FIELDS = ("match_keys", "dedup_cluster_id", "dedup_confidence", "duplicate_of_id", "dedup_reasons", "status",
                "reasons", "score")
READ_CHUNK = 5000
# match_keys as text, parsed here (orjson) rather than by Django's per-value converter
_KEYS_TEXT = Cast("match_keys", TextField())
_FEATURES_TEXT = Cast("dedup_features", TextField())
WRITE_CHUNK = 2000


def _record(row: tuple, *, history: bool) -> DedupRecord:
    data = dict(zip(READ_FIELDS, row, strict=True))
    return DedupRecord(
        id=data["id"], first_name=data["first_name"], last_name=data["last_name"], full_name=data["full_name"],
        email=data["email"], phone=data["phone"], title=data["title"], company_name=data["company_name"],
        company_key=data["company_key"], domain=data["domain"], street=data["street"], city=data["city"],
        state=data["state"], postcode=data["postcode"], country=data["country"], industry=data["industry"],
        linkedin=data["linkedin"], extra=data["extra"] or {}, recency=float(data["id"] or 0), history=history,
        gated=_gated(data["reasons"]), cluster_id=data["dedup_cluster_id"],
    )


# An earlier lead is a history candidate only if it shares one of these exact values with the batch:
# the database does that semi-join, so a large history is never streamed through Python whole.
HISTORY_LINK_FIELDS = ("email", "phone", "domain", "company_key", "postcode")


def _history(ctx: PhaseContext):
    current = Lead.objects.filter(batch_id=ctx.batch.pk)
    shared = Q()
    for field in HISTORY_LINK_FIELDS:
        shared |= Q(**{f"{field}__in": current.exclude(**{field: ""}).values(field)})
    return (
        Lead.objects.filter(organization_id=ctx.organization_id, batch__status=Batch.STATUS_COMPLETED)
        .exclude(batch_id=ctx.batch.pk)
        .exclude(status=Lead.STATUS_DUPLICATE)
        .filter(shared)
    )


def keys_run(leads: list[Lead], ctx: PhaseContext) -> None:
    """Dedup's first half, run by ingest on each chunk: blocking keys and sort code into `match_keys`.

    Until the dedup phase finds a lookalike, a lead is taken as distinct (confidence 1.0).
    """
    extra_keys = ctx.cache.get("identifier_columns") or frozenset()
    for lead in leads:
        feats = Features(_record(_as_row(lead), history=False), 0)
        lead.match_keys = _keys_entry(feats, extra_keys)
        lead.dedup_features = features_pack(feats)
        lead.dedup_confidence = 1.0
    ctx.counters["leads_keyed"] += len(leads)


def _keys_entry(feats: Features, extra_keys: frozenset[str]) -> dict[str, Any]:
    """A lead's `match_keys`: its blocking keys as text and its sort code."""
    return {"version": KEYS_VERSION, "keys": [key_text(k) for k in block_keys(feats, extra_keys)],
            "sort": sort_code(feats)}


def _identifier_columns(ctx: PhaseContext) -> tuple[frozenset[str], bool]:
    """The identifier columns ingest keyed the batch with (True), else a sample of the batch's extras."""
    stored = (ctx.batch.metrics or {}).get("dedup_keys")
    if stored is not None:
        return frozenset(stored.get("identifier_columns") or ()), True
    sample = Lead.objects.filter(batch=ctx.batch).order_by("pk").values_list("extra", flat=True)[:20_000]
    return extra_identifier_keys(extra_values(extra) for extra in sample), False


def _keyed_rows(ctx: PhaseContext, extra_keys: frozenset[str], trust_stored: bool, with_history: bool):
    """(pk, row_number, key texts, sort code, is_history, keys_computed_here) for the batch, then history.

    The batch's keys come from ingest when it stored them; rows without (made another way, or keyed
    with other identifier columns) and earlier survivors are keyed here from their columns.
    """
    missing: list[int] = []
    batch_leads = Lead.objects.filter(batch=ctx.batch).order_by("pk").values_list("id", "row_number", _KEYS_TEXT)
    for pk, row_number, text in batch_leads.iterator(READ_CHUNK):
        entry = json_loads(text) if trust_stored else None
        if isinstance(entry, dict) and entry.get("version") == KEYS_VERSION and "keys" in entry and "sort" in entry:
            yield pk, row_number, entry["keys"], int(entry["sort"]), False, False
        else:
            missing.append(pk)
    def key_rows(rows: Iterable[tuple], history: bool):
        for row in rows:
            entry = _keys_entry(Features(_record(row, history=history), 0), extra_keys)
            yield row[0], row[1], entry["keys"], entry["sort"], history, not history

    for pk_chunk in _chunks(missing, READ_CHUNK):
        yield from key_rows(Lead.objects.filter(pk__in=pk_chunk).order_by("pk").values_list(*READ_FIELDS), False)
    if with_history:
        yield from key_rows(_history(ctx).order_by("pk").values_list(*READ_FIELDS).iterator(READ_CHUNK), True)


def _chunks(values: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _stale_positions(batch: Batch, position_of_pk: dict[int, int]) -> set[int]:
    """Leads an earlier attempt left with dedup results: they are written again, whatever this run finds."""
    stale = Lead.objects.filter(batch=batch).filter(
        Q(status=Lead.STATUS_DUPLICATE) | Q(duplicate_of__isnull=False) | ~Q(dedup_cluster_id="")
    )
    return {position_of_pk[pk] for pk in stale.values_list("id", flat=True) if pk in position_of_pk}


def run_batch(ctx: PhaseContext) -> None:
    batch = ctx.batch
    if not Lead.objects.filter(batch=batch).exists():
        return  # nothing to compare: do not scan the organisation's history for an empty file
    lap = _stopwatch(ctx.counters)
    with_history = bool(ctx.options.get("dedup_history", settings.DEDUP_HISTORY_DEFAULT))
    extra_keys, trust_stored = _identifier_columns(ctx)
    # A lead with no lookalike is distinct; an earlier attempt's other values are reset here.
    Lead.objects.filter(batch=batch).exclude(dedup_confidence=1.0).update(dedup_confidence=1.0)

    # Pass 1: blocking keys only.
    pks, rows, history = array("q"), array("q"), bytearray()
    keyed_here: set[int] = set()
    index = BlockIndex()
    current = 0
    for position, (pk, row_number, keys, code, is_history, computed) in enumerate(
        _keyed_rows(ctx, extra_keys, trust_stored, with_history)
    ):
        index.add(position, keys, code)
        pks.append(pk)
        rows.append(row_number)
        history.append(is_history)
        current += not is_history
        if computed:
            keyed_here.add(position)
    size = len(pks)
    pairs = index.pairs()
    del index
    if size and pairs.size:
        hist = np.frombuffer(bytes(history), dtype=np.uint8).astype(bool)
        pairs = pairs[~(hist[pairs[:, 0]] & hist[pairs[:, 1]])]

    ctx.counters["candidate_pairs"] = int(pairs.shape[0])
    lap("seconds_blocking")

    # Pass 2: features of the leads that have a candidate pair.
    linker = Linker(threshold=settings.DEDUP_LINK_THRESHOLD, extra_keys=extra_keys)
    features: dict[int, Features] = {}
    wanted = np.unique(pairs).tolist() if pairs.size else []
    pk_list = pks.tolist()
    position_of = {pk_list[p]: p for p in wanted}
    # The batch's leads bring the features ingest packed; the others are normalised again from their columns.
    packed = [pk_list[p] for p in wanted if not history[p] and p not in keyed_here]
    unpacked = [pk_list[p] for p in wanted if history[p] or p in keyed_here]
    for pk_chunk in _chunks(packed, READ_CHUNK):
        for pk, text in Lead.objects.filter(pk__in=pk_chunk).values_list("id", _FEATURES_TEXT):
            position = position_of[pk]
            values = json_loads(text)
            if not values:
                unpacked.append(pk)
            else:
                features[position] = features_unpack(values, position, recency=float(pk))
    for pk_chunk in _chunks(unpacked, READ_CHUNK):
        for row in Lead.objects.filter(pk__in=pk_chunk).values_list(*READ_FIELDS):
            position = position_of[row[0]]
            features[position] = Features(_record(row, history=bool(history[position])), position)
    lap("seconds_features")
    weights = _pair_weights(linker, features, pairs)
    result = linker.link(features, pairs, size=size, weights=weights)
    lap("seconds_linking")
    ctx.counters["pairs_compared"] += result.pairs_compared
    ctx.counters["leads_compared"] += current

    # Pass 3: write the leads this run has something to say about.
    cluster_ids = _cluster_ids(result, features, pk_list)
    batch_positions = {pk: p for p, pk in enumerate(pk_list) if not history[p]}
    # A lead left alone in its cluster only gets its confidence (no read needed); cluster members, leads an
    # earlier attempt marked and leads keyed here get the full treatment below.
    candidates = [p for p in wanted if not history[p]]
    to_write = {p for p in candidates if result.survivor[p] != p or p in cluster_ids}
    to_write |= keyed_here | _stale_positions(batch, batch_positions)
    alone = [p for p in candidates if p not in to_write and result.distinct_confidence[p] != 1.0]
    confidence = result.distinct_confidence
    alone_writes = _in_background(
        lambda: [
            leads_column_update([pk_list[p] for p in chunk], "dedup_confidence", [confidence[p] for p in chunk])
            for chunk in _chunks(alone, WRITE_CHUNK * 5)
        ]
    )
    ctx.counters["leads_written"] += len(to_write) + len(alone)
    try:
        fills: dict[int, list[int]] = {}
        duplicates = from_history = done = 0
        load_fields = WRITE_FIELDS + (READ_FIELDS if keyed_here else ())
        for pk_chunk in _chunks(sorted(pk_list[p] for p in to_write), WRITE_CHUNK):
            chunk = list(leads_load(Lead.objects.filter(pk__in=pk_chunk).order_by("pk"), load_fields))
            changed: list[Lead] = []
            for lead in chunk:
                before = [getattr(lead, name) for name in WRITE_FIELDS]
                position = batch_positions[lead.pk]
                feats = features.get(position)
                if position in keyed_here:
                    feats = feats or Features(_record(_as_row(lead), history=False), position)
                    lead.match_keys = _keys_entry(feats, extra_keys)
                survivor = result.survivor[position]
                lead.dedup_cluster_id = cluster_ids.get(survivor, "")
                lead.dedup_confidence = result.distinct_confidence[position]
                reasons_reset(lead, PHASE)
                if survivor != position:
                    probability = result.match_probability[position]
                    lead.status = Lead.STATUS_DUPLICATE
                    lead.duplicate_of_id = pk_list[survivor]
                    lead.match_keys = {**(lead.match_keys or {}), "match_probability": round(probability, 4)}
                    lead.dedup_reasons = [
                        {"field": field, "level": level, "similarity": sim}
                        for field, level, sim in result.reasons(position)
                    ]
                    where = "an earlier upload" if history[survivor] else f"row {rows[survivor]}"
                    message = f"Duplicate of lead #{pk_list[survivor]} ({where}), match probability {probability:.2f}."
                    reason_add(lead, PHASE, "duplicate", message)
                    duplicates += 1
                    if history[survivor]:
                        from_history += 1
                    else:
                        fills.setdefault(survivor, []).append(position)
                else:
                    if lead.status == Lead.STATUS_DUPLICATE:
                        # no longer a duplicate (an earlier attempt said it was): the score phase decides again
                        lead.status = Lead.STATUS_REJECTED if _gated(lead.reasons) else Lead.STATUS_PENDING
                        lead.score = None
                    lead.match_keys = {k: v for k, v in (lead.match_keys or {}).items() if k != "match_probability"}
                    lead.duplicate_of_id = None
                    lead.dedup_reasons = []
                if [getattr(lead, name) for name in WRITE_FIELDS] != before:
                    changed.append(lead)
            leads_bulk_update(changed, WRITE_FIELDS)
            done += len(chunk)
            progress.phase_advanced(batch=batch, phase=PHASE, done=done, counters=ctx.counters)

        ctx.counters["duplicates"] += duplicates
        ctx.counters["duplicates_of_earlier_uploads"] += from_history
        ctx.counters["clusters"] += current - duplicates
    except BaseException:
        with contextlib.suppress(Exception):
            alone_writes()  # never leave the other connection writing after the phase has failed
        raise
    alone_writes()
    lap("seconds_writing")
    ctx.counters["fields_filled"] += _fill_survivors(fills, result, pk_list)
    lap("seconds_filling")
    Batch.objects.filter(pk=batch.pk).update(leads_duplicate=duplicates)
    batch.leads_duplicate = duplicates


# What a forked weight worker reads: set in the child by the pool's initializer (the parent never sets it).
_weights_input: tuple[Linker, dict[int, Features], np.ndarray] | None = None
PARALLEL_PAIRS = 50_000


def _weights_init(linker: Linker, features: dict[int, Features], pairs: np.ndarray) -> None:
    global _weights_input
    _weights_input = (linker, features, pairs)


def _weights_slice(bounds: tuple[int, int]) -> np.ndarray:
    linker, features, pairs = _weights_input
    return linker.weights(features, pairs[bounds[0] : bounds[1]])


def _pair_weights(linker: Linker, features: dict[int, Features], pairs: np.ndarray) -> np.ndarray | None:
    """Every candidate pair's weight, computed by forked workers (they inherit the features); None when no
    pool is allowed or there are too few pairs to pay for one (the linker then scores pairs itself)."""
    workers = pool_size()
    if workers <= 1 or len(pairs) < PARALLEL_PAIRS:
        return None
    step = -(-len(pairs) // (workers * 4))
    slices = [(start, min(start + step, len(pairs))) for start in range(0, len(pairs), step)]
    # forked children receive the initializer's arguments without pickling them
    with fork_pool(workers, initializer=_weights_init, initargs=(linker, features, pairs)) as pool:
        return np.concatenate(list(pool.map(_weights_slice, slices)))


def _in_background(work: Callable[[], object]) -> Callable[[], None]:
    """Run database `work` on its own connection in a thread while this one goes on; the returned function
    waits for it (and raises what it raised). Inline when a transaction is open (another connection could
    not see its rows) or on SQLite (one writer at a time)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        work()
        return lambda: None
    failure: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            failure.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, name="dedup-writes")
    thread.start()

    def wait() -> None:
        thread.join()
        if failure:
            raise failure[0]

    return wait


def _stopwatch(counters):
    """`lap(name)` records under `name` the seconds since the previous lap (or since the start), and under
    `peak_mb` the process's peak memory after each step (which step raised it)."""
    mark = [time.monotonic()]

    def lap(name: str) -> None:
        now = time.monotonic()
        counters[name] = round(now - mark[0], 3)
        counters.setdefault("peak_mb", {})[name.removeprefix("seconds_")] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
        mark[0] = now

    return lap


def _gated(reasons: list[dict[str, Any]] | None) -> bool:
    """Can this lead never qualify, by what ingest found? (The score's own gates come later in the chain.)"""
    return any(r.get("gate") and r.get("phase") != "score" for r in (reasons or []))


def _cluster_ids(result: LinkResult, features: dict[int, Features], pk_list: list[int]) -> dict[int, str]:
    """Survivor position → cluster id; an earlier survivor keeps the id it already had."""
    ids: dict[int, str] = {}
    for position, survivor in enumerate(result.survivor):
        if survivor != position and survivor not in ids:
            f = features.get(survivor)
            ids[survivor] = (f.cluster_id if f is not None and f.history and f.cluster_id else "") or (
                f"c{pk_list[survivor]}"
            )
    return ids


def _as_row(lead: Lead) -> tuple[Any, ...]:
    return tuple(getattr(lead, name) for name in READ_FIELDS)


def _fill_survivors(fills: dict[int, list[int]], result: LinkResult, pk_list: list[int]) -> int:
    """Fill survivors' empty fields from their duplicates, best match first; returns fields filled.

    Rows are read as plain values (no model instances) and only changed survivors are written; their
    score is cleared, so that the score phase scores them again on the filled fields.
    """
    columns = ("id", *FILL_FIELDS, "match_keys")
    filled_total = 0
    for chunk in _chunks(sorted(fills), 500):
        wanted = {pk_list[s] for s in chunk}
        for s in chunk:
            wanted.update(pk_list[d] for d in fills[s])
        rows = {
            row[0]: SimpleNamespace(**dict(zip(columns, row, strict=True)))
            for row in Lead.objects.filter(pk__in=wanted).values_list(*columns)
        }
        changed: list[Lead] = []
        for s in chunk:
            survivor = rows[pk_list[s]]
            ordered = sorted(fills[s], key=lambda d: -result.match_probability[d])
            filled = survivor_fill(survivor, [rows[pk_list[d]] for d in ordered], id_attr="id")
            if filled:
                survivor.match_keys = {**(survivor.match_keys or {}), "filled_from": filled}
                changed.append(lead_new({**vars(survivor), "score": None}, adding=False))
                filled_total += len(filled)
        if changed:
            leads_bulk_update(changed, FILL_FIELDS + ("match_keys", "score"))
    return filled_total
