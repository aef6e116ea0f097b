"""Dedup stage: a whole-batch stage over the batch's leads and the organisation's earlier survivors.

Memory stays flat in batch size: (1) stream every lead's stored blocking keys into a `BlockIndex` (numpy,
spilled to temporary files past a few million keys) and keep per lead only a few numpy numbers; (2) weigh
the candidate pairs a window at a time, loading only that window's features (`dedup_features`), then
cluster the linked leads a group at a time; (3) bulk-write match_keys, dedup_cluster_id, dedup_confidence,
duplicate_of, dedup_reasons and the DUPLICATE status of the leads with something to say. Survivors then get
empty fields filled from their duplicates, and the leads whose fields dedup changed (filled survivors,
leads an earlier attempt marked duplicate) are scored again. Earlier batches' rows are read, never written.
"""

from __future__ import annotations

import contextlib
import resource
import threading
import time
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from django.conf import settings
from django.db import connection, connections
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast

from pipeline.bulk.lead_instances import json_loads, lead_new, leads_load
from pipeline.bulk.lead_writes import leads_bulk_update, leads_column_update
from pipeline.dedup import BlockIndex, Features, Linker, extra_identifier_keys, history_keys
from pipeline.dedup.array_files import ArrayFile
from pipeline.dedup.blocking import pair_split
from pipeline.dedup.features import (
    KEYS_VERSION,
    READ_CHUNK,
    READ_FIELDS,
    FeatureSource,
    chunks,
    gated,
    keys_entry,
    lead_record,
    lead_row,
    pair_weights,
    value_counts,
)
from pipeline.dedup.linker import LinkResult
from pipeline.dedup.merge import FILL_FIELDS, survivor_fill
from pipeline.dedup.model import MatchModel, model_default
from pipeline.dedup.records import extra_values
from pipeline.dedup.roles import date_columns
from pipeline.models import Batch, Lead
from pipeline.reasons import reason_add, reasons_reset
from pipeline.scoring.leads import leads_rescore
from pipeline.stages import progress
from pipeline.stages.attempts import attempt_write
from pipeline.stages.context import StageContext
from pipeline.stages.steps.score import batch_profile

PHASE = "dedup"
WRITE_FIELDS = ("match_keys", "dedup_cluster_id", "dedup_confidence", "duplicate_of_id", "dedup_reasons", "status",
                "reasons")
# match_keys as text, parsed here (orjson) rather than by Django's per-value converter
_KEYS_TEXT = Cast("match_keys", TextField())
WRITE_CHUNK = 2000


# An earlier lead is a history candidate only if it shares one of these exact values with the batch:
# the database does that semi-join, so a large history is never streamed through Python whole.
HISTORY_LINK_FIELDS = ("email", "phone", "domain", "company_key", "postcode")


# A lead dedup can compare has one of these.
_MATCHABLE = (~Q(first_name="") | ~Q(last_name="") | ~Q(full_name="") | ~Q(email="") | ~Q(phone="")
              | ~Q(company_name="") | ~Q(linkedin=""))


def _history(ctx: StageContext):
    current = Lead.objects.filter(batch_id=ctx.batch.pk)
    shared = Q()
    for field in HISTORY_LINK_FIELDS:
        shared |= Q(**{f"{field}__in": current.exclude(**{field: ""}).values(field)})
    return (
        Lead.objects.filter(organization_id=ctx.organization_id, batch__status=Batch.STATUS_COMPLETED)
        .exclude(batch_id=ctx.batch.pk)
        .exclude(batch__upload__sha256=ctx.batch.upload.sha256)  # the same file run again: a re-run, not history
        .exclude(status=Lead.STATUS_DUPLICATE)
        .filter(shared)
    )


def _model_start(ctx: StageContext, extra_keys: frozenset[str]) -> MatchModel:
    """The priors learning starts from: the phone's role (from ingest's mapping) and the date columns."""
    stored = (ctx.batch.metrics or {}).get("dedup_keys") or {}
    sample = Lead.objects.filter(batch=ctx.batch).order_by("pk").values_list("extra", flat=True)[:2_000]
    dates = date_columns((extra_values(extra) for extra in sample), extra_keys) if extra_keys else frozenset()
    return model_default(company_phone=bool(stored.get("company_phone")), date_columns=dates)


def _identifier_columns(ctx: StageContext) -> tuple[frozenset[str], bool]:
    """The identifier columns ingest keyed the batch with (True), else a sample of the batch's extras."""
    stored = (ctx.batch.metrics or {}).get("dedup_keys")
    if stored is not None:
        return frozenset(stored.get("identifier_columns") or ()), True
    sample = Lead.objects.filter(batch=ctx.batch).order_by("pk").values_list("extra", flat=True)[:20_000]
    return extra_identifier_keys(extra_values(extra) for extra in sample), False


def _keyed_rows(ctx: StageContext, extra_keys: frozenset[str], trust_stored: bool, with_history: bool):
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
    computed: list[str] = []  # keys of the batch's leads keyed here: the history lookup needs them too

    def key_rows(rows: Iterable[tuple], history: bool):
        for row in rows:
            entry = keys_entry(Features(lead_record(row, history=history), 0), extra_keys)
            if not history:
                computed.extend(entry["keys"])
            yield row[0], row[1], entry["keys"], entry["sort"], history, not history

    for pk_chunk in chunks(missing, READ_CHUNK):
        yield from key_rows(Lead.objects.filter(pk__in=pk_chunk).order_by("pk").values_list(*READ_FIELDS), False)
    if not with_history:
        return
    # Earlier survivors sharing a blocking key with the batch, with the keys their own dedup stored; older
    # forms are keyed here from their columns.
    if history_keys.supported():
        found = history_keys.history_lead_ids(batch=ctx.batch, organization_id=ctx.organization_id,
                                              other_keys=computed)
        earlier = (Lead.objects.filter(pk__in=pk_chunk).order_by("pk") for pk_chunk in chunks(found, READ_CHUNK))
    else:
        earlier = iter([_history(ctx).order_by("pk")])
    computed.clear()
    unkeyed: list[int] = []
    for leads in earlier:
        for pk, row_number, text in leads.values_list("id", "row_number", _KEYS_TEXT).iterator(READ_CHUNK):
            entry = json_loads(text)
            if isinstance(entry, dict) and entry.get("version") == KEYS_VERSION and "keys" in entry and "sort" in entry:
                yield pk, row_number, entry["keys"], int(entry["sort"]), True, False
            else:
                unkeyed.append(pk)
    for pk_chunk in chunks(unkeyed, READ_CHUNK):
        yield from key_rows(Lead.objects.filter(pk__in=pk_chunk).order_by("pk").values_list(*READ_FIELDS), True)


def _stale_positions(batch: Batch, positions: _Positions) -> np.ndarray:
    """Leads an earlier attempt left with dedup results: they are written again, whatever this run finds."""
    stale = Lead.objects.filter(batch=batch).filter(
        Q(status=Lead.STATUS_DUPLICATE) | Q(duplicate_of__isnull=False) | ~Q(dedup_cluster_id="")
    )
    return positions.of(list(stale.values_list("id", flat=True)))


class _Positions:
    """A run's leads by position (batch, then history) in numpy arrays: eight bytes a lead, where dicts and
    lists of ints would take ten times that. The way back from primary keys is sorted when asked for."""

    def __init__(self, pks: array, history: bytearray):
        self.pks = np.frombuffer(pks, dtype=np.int64) if len(pks) else np.empty(0, dtype=np.int64)
        self.history = np.frombuffer(bytes(history), dtype=np.uint8).astype(bool)

    def of(self, pks: list[int]) -> np.ndarray:
        """Positions of these primary keys (those not in the run are left out)."""
        if not pks or not len(self.pks):
            return np.empty(0, dtype=np.int64)
        order = np.argsort(self.pks, kind="stable")
        wanted = np.asarray(pks, dtype=np.int64)
        found = order[np.searchsorted(self.pks, wanted, sorter=order).clip(max=len(self.pks) - 1)]
        return found[self.pks[found] == wanted]


def _without_history_pairs(pairs: ArrayFile, history: np.ndarray) -> ArrayFile:
    """Drop pairs of two earlier survivors: they were settled when their batches ran."""
    if not history.any():
        return pairs
    kept = ArrayFile(np.int64)
    with pairs:
        for packed in pairs():
            first, second = pair_split(packed)
            kept.append(packed[~(history[first] & history[second])])
    return kept


def run(ctx: StageContext) -> None:
    """Find the batch's duplicates; the leads whose fields changed are left in `ctx.rescore` for `rescore`."""
    batch = ctx.batch
    if not Lead.objects.filter(batch=batch).exists():
        return  # nothing to compare: do not scan the organisation's history for an empty file
    if not Lead.objects.filter(batch=batch).filter(_MATCHABLE).exists():
        ctx.counters["skipped"] = "no usable match field: no lead has a name, e-mail, phone or company"
        return
    lap = _stopwatch(ctx.counters)
    with_history = bool(ctx.options.get("dedup_history", settings.DEDUP_HISTORY_DEFAULT))
    extra_keys, trust_stored = _identifier_columns(ctx)
    # A lead with no lookalike is distinct; an earlier attempt's other values are reset here.
    Lead.objects.filter(batch=batch).exclude(dedup_confidence=1.0).update(dedup_confidence=1.0)

    keyed = _blocking(ctx, extra_keys, trust_stored, with_history)
    ctx.counters["candidate_pairs"] = len(keyed.pairs)
    lap("seconds_blocking")

    # Pair weights, a window of pairs' features at a time; then clusters, a group of linked leads' features
    # at a time.
    source = FeatureSource(keyed.positions.pks, keyed.positions.history, keyed.recompute)
    linker = Linker(threshold=settings.DEDUP_LINK_THRESHOLD, extra_keys=extra_keys,
                    model=_model_start(ctx, extra_keys))
    with keyed.pairs:
        model = linker.learn(source.load, keyed.pairs, size=keyed.size, candidate_pairs=len(keyed.pairs),
                             counts=value_counts(batch, extra_keys))
        ctx.counters["model"] = {**model.summary, "prior_bits": model.prior}
        lap("seconds_learning")
        with pair_weights(linker, source, keyed.pairs) as weights:
            candidates = linker.candidates(keyed.pairs, weights, size=keyed.size)
    lap("seconds_features")
    result = linker.cluster(source.load, candidates)
    del candidates
    lap("seconds_linking")
    ctx.counters["pairs_compared"] += result.pairs_compared
    ctx.counters["leads_compared"] += keyed.current

    duplicates = _write(ctx, keyed, result, source, extra_keys)
    if history_keys.supported():
        ctx.counters["history_keys_written"] = history_keys.history_keys_save(batch=batch)
    lap("seconds_writing")
    ctx.counters["fields_filled"] += _fill_survivors(result, keyed.positions, ctx.rescore)
    lap("seconds_filling")
    Batch.objects.filter(pk=batch.pk).update(leads_duplicate=duplicates)
    batch.leads_duplicate = duplicates


def rescore(ctx: StageContext) -> None:
    """The spec's score phase, finished: score again the leads whose fields dedup changed, then count statuses.

    Until it is done the batch's qualified leads are not listed (see selectors.lead_list_qualified): before
    that a lead may still turn out a duplicate.
    """
    batch = ctx.batch
    profile = batch_profile(ctx)
    changed = sorted(ctx.rescore)
    rescored = sum(leads_rescore(Lead.objects.filter(pk__in=pks), profile=profile)
                   for pks in chunks(changed, READ_CHUNK))
    counts = dict(Lead.objects.filter(batch=batch).values_list("status").annotate(n=Count("id")).order_by())
    ctx.counters["scored_here"] = rescored
    for status in (Lead.STATUS_QUALIFIED, Lead.STATUS_REJECTED, Lead.STATUS_DUPLICATE):
        ctx.counters[status.lower()] = counts.get(status, 0)


@dataclass
class _Keyed:
    """What blocking leaves: the run's leads by position (batch first, then earlier survivors) and the
    candidate pairs, on disk."""

    positions: _Positions
    rows: array  # row number of each position
    recompute: np.ndarray  # leads keyed here from their columns: their packed features are not trusted
    pairs: ArrayFile
    current: int  # leads of this batch

    @property
    def size(self) -> int:
        return len(self.positions.pks)


def _blocking(ctx: StageContext, extra_keys: frozenset[str], trust_stored: bool, with_history: bool) -> _Keyed:
    """Stream every lead's blocking keys into a BlockIndex, keeping a few numbers per lead."""
    pks, rows, history, keyed_here = array("q"), array("i"), bytearray(), bytearray()
    index = BlockIndex()
    current = 0
    for position, (pk, row_number, keys, code, is_history, computed) in enumerate(
        _keyed_rows(ctx, extra_keys, trust_stored, with_history)
    ):
        index.add(position, keys, code)
        pks.append(pk)
        rows.append(row_number)
        history.append(is_history)
        keyed_here.append(computed)
        current += not is_history
    positions = _Positions(pks, history)
    recompute = np.frombuffer(bytes(keyed_here), dtype=np.uint8).astype(bool)
    return _Keyed(positions=positions, rows=rows, recompute=recompute, current=current,
                  pairs=_without_history_pairs(index.pairs_file(), positions.history))


def _write(ctx: StageContext, keyed: _Keyed, result: LinkResult, source: FeatureSource,
           extra_keys: frozenset[str]) -> int:
    """Write the leads this run has something to say about; returns the batch's duplicates.

    A lead left alone in its cluster only gets its confidence, when it is not 1.0 (no read needed, on a second
    connection); cluster members, leads an earlier attempt marked and leads keyed here get the full
    treatment. A lead without a candidate pair has neither (it is its own survivor, confidence 1.0).
    """
    positions, size = keyed.positions, keyed.size
    cluster_id = _ClusterIds(result, positions)
    candidate = ~positions.history
    in_cluster = np.zeros(size, dtype=bool)
    in_cluster[cluster_id.survivors] = True
    writes = candidate & ((result.survivor != np.arange(size)) | in_cluster)
    writes |= keyed.recompute
    writes[_stale_positions(ctx.batch, positions)] = True
    alone = np.flatnonzero(candidate & ~writes & (result.distinct_confidence != 1.0))
    to_write = np.flatnonzero(writes)
    del candidate, in_cluster, writes
    pk_of, confidence = positions.pks, result.distinct_confidence
    alone_writes = _in_background(
        lambda: [
            leads_column_update(pk_of[chunk].tolist(), "dedup_confidence", confidence[chunk].tolist())
            for chunk in (alone[at : at + WRITE_CHUNK * 5] for at in range(0, alone.size, WRITE_CHUNK * 5))
        ]
    )
    ctx.counters["leads_written"] += int(to_write.size + alone.size)
    update = _LeadUpdate(keyed, result, cluster_id, extra_keys, ctx.rescore)
    try:
        done = 0
        load_fields = WRITE_FIELDS + (READ_FIELDS if keyed.recompute.any() else ())
        for chunk_positions in (to_write[at : at + WRITE_CHUNK] for at in range(0, to_write.size, WRITE_CHUNK)):
            position_of = dict(zip(pk_of[chunk_positions].tolist(), chunk_positions.tolist(), strict=True))
            chunk = list(leads_load(Lead.objects.filter(pk__in=list(position_of)).order_by("pk"), load_fields))
            dups = [p for p in chunk_positions.tolist() if result.closest[p] >= 0]
            feats = source.load(sorted(set(dups) | set(result.closest[dups].tolist()))) if dups else {}
            changed = [lead for lead in chunk if update(lead, position_of[lead.pk], feats)]
            with attempt_write(batch_id=ctx.batch.pk, attempt=ctx.attempt):  # stops a cancelled attempt
                leads_bulk_update(changed, WRITE_FIELDS)
            done += len(chunk)
            progress.phase_advanced(batch=ctx.batch, phase=PHASE, done=done, counters=ctx.counters)
    except BaseException:
        with contextlib.suppress(Exception):
            alone_writes()  # never leave the other connection writing after the phase has failed
        raise
    alone_writes()
    ctx.counters["duplicates"] += update.duplicates
    ctx.counters["duplicates_of_earlier_uploads"] += update.from_history
    ctx.counters["clusters"] += keyed.current - update.duplicates
    return update.duplicates


class _LeadUpdate:
    """Sets one lead's dedup fields from the result; counts the duplicates it marks."""

    def __init__(self, keyed: _Keyed, result: LinkResult, cluster_id: _ClusterIds, extra_keys: frozenset[str],
                 rescore: set[int]):
        self.keyed, self.result, self.cluster_id, self.extra_keys = keyed, result, cluster_id, extra_keys
        self.rescore = rescore
        self.duplicates = self.from_history = 0

    def __call__(self, lead: Lead, position: int, feats: dict[int, Features]) -> bool:
        """Update `lead` (at `position`); True if any written field changed."""
        result, history = self.result, self.keyed.positions.history
        before = [getattr(lead, name) for name in WRITE_FIELDS]
        if self.keyed.recompute[position]:
            keyed = feats.get(position) or Features(lead_record(lead_row(lead), history=False), position)
            lead.match_keys = keys_entry(keyed, self.extra_keys)
        survivor = int(result.survivor[position])
        lead.dedup_cluster_id = self.cluster_id(survivor)
        lead.dedup_confidence = float(result.distinct_confidence[position])
        reasons_reset(lead, PHASE)
        if survivor != position:
            probability = float(result.match_probability[position])
            lead.status = Lead.STATUS_DUPLICATE
            lead.duplicate_of_id = int(self.keyed.positions.pks[survivor])
            lead.match_keys = {**(lead.match_keys or {}), "match_probability": round(probability, 4)}
            lead.dedup_reasons = result.evidence(position, feats)
            where = "an earlier upload" if history[survivor] else f"row {self.keyed.rows[survivor]}"
            reason_add(lead, PHASE, "duplicate", f"Duplicate of lead #{lead.duplicate_of_id} ({where}), "
                       f"match probability {probability:.2f}.")
            self.duplicates += 1
            self.from_history += bool(history[survivor])
        else:
            if lead.status == Lead.STATUS_DUPLICATE:
                # no longer a duplicate (an earlier attempt said it was): scored again after dedup
                lead.status = Lead.STATUS_REJECTED if gated(lead.reasons) else Lead.STATUS_PENDING
                self.rescore.add(lead.pk)
            lead.match_keys = {k: v for k, v in (lead.match_keys or {}).items() if k != "match_probability"}
            lead.duplicate_of_id = None
            lead.dedup_reasons = []
        return [getattr(lead, name) for name in WRITE_FIELDS] != before


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


class _ClusterIds:
    """Survivor position → its cluster id: "c<pk>", except that an earlier survivor keeps the id it had.
    Only earlier survivors' ids are held; the others are made when asked."""

    def __init__(self, result: LinkResult, positions: _Positions):
        self.survivors = np.unique(result.survivor[result.closest >= 0])
        earlier = self.survivors[positions.history[self.survivors]].tolist()
        earlier_pks = positions.pks[earlier].tolist()
        kept = dict(Lead.objects.filter(pk__in=earlier_pks).values_list("id", "dedup_cluster_id"))
        self._kept = {p: kept[pk] for p, pk in zip(earlier, earlier_pks, strict=True) if kept.get(pk)}
        self._pks = positions.pks

    def __call__(self, survivor: int) -> str:
        """The cluster id of a survivor with duplicates ("" for a lead alone in its cluster)."""
        at = int(np.searchsorted(self.survivors, survivor))
        if at == self.survivors.size or self.survivors[at] != survivor:
            return ""
        return self._kept.get(survivor) or f"c{self._pks[survivor]}"


def _fill_survivors(result: LinkResult, positions: _Positions, rescore: set[int]) -> int:
    """Fill survivors' empty fields from their duplicates, best match first; returns fields filled.

    Survivors of this batch only (earlier uploads are never written), 500 at a time, grouped from the
    result's arrays. Rows are read as plain values (no model instances) and only changed survivors are
    written; they go to `rescore`, to be scored again on the filled fields.
    """
    columns = ("id", *FILL_FIELDS, "match_keys")
    duplicates = np.flatnonzero(result.closest >= 0)
    duplicates = duplicates[~positions.history[result.survivor[duplicates]]]
    # grouped by survivor; within a survivor, best match first (then position, as a stable tie-break)
    duplicates = duplicates[np.lexsort((duplicates, -result.match_probability[duplicates],
                                        result.survivor[duplicates]))]
    owners = result.survivor[duplicates]
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if owners.size else np.empty(0, dtype=np.int64)
    bounds = np.r_[starts, owners.size]
    filled_total = 0
    for first_group in range(0, starts.size, 500):
        groups = [(int(owners[bounds[g]]), duplicates[bounds[g] : bounds[g + 1]].tolist())
                  for g in range(first_group, min(first_group + 500, starts.size))]
        pk_of = {p: int(positions.pks[p]) for s, dups in groups for p in (s, *dups)}
        rows = {
            row[0]: SimpleNamespace(**dict(zip(columns, row, strict=True)))
            for row in Lead.objects.filter(pk__in=set(pk_of.values())).values_list(*columns)
        }
        changed: list[Lead] = []
        for s, dups in groups:
            survivor = rows[pk_of[s]]
            filled = survivor_fill(survivor, [rows[pk_of[d]] for d in dups], id_attr="id")
            if filled:
                survivor.match_keys = {**(survivor.match_keys or {}), "filled_from": filled}
                changed.append(lead_new(vars(survivor), adding=False))
                rescore.add(survivor.id)
                filled_total += len(filled)
        if changed:
            leads_bulk_update(changed, FILL_FIELDS + ("match_keys",))
    return filled_total
