"""Phase 05 Dedup: a whole-batch phase over the batch's leads and the organisation's earlier survivors.

Three passes keep memory bounded: (1) stream every lead once as a few columns, computing its blocking
keys into compact numpy arrays; (2) load full comparison features only for leads that share a key with
another; (3) stream the batch again and bulk-write match_keys, dedup_cluster_id, dedup_confidence,
duplicate_of, dedup_reasons and the DUPLICATE status. Survivors then get empty fields filled from their
duplicates. Earlier batches' rows are read, never written.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from pipeline.dedup import BlockIndex, DedupRecord, Features, Linker, block_keys, extra_identifier_keys, sort_code
from pipeline.dedup.blocking import key_text
from pipeline.dedup.linker import LinkResult
from pipeline.dedup.merge import FILL_FIELDS, survivor_fill
from pipeline.dedup.records import extra_values
from pipeline.models import Batch, Lead
from pipeline.phases.base import PhaseContext, has_gate, reason_add, reasons_reset
from pipeline.services import progress
from pipeline.services.lead_writes import leads_bulk_update

PHASE = "dedup"
KEYS_VERSION = 1
READ_FIELDS = (
    "id", "row_number", "first_name", "last_name", "full_name", "email", "phone", "title", "company_name",
    "company_key", "domain", "street", "city", "state", "postcode", "country", "industry", "linkedin", "extra",
    "reasons", "dedup_cluster_id",
)
WRITE_FIELDS = ("match_keys", "dedup_cluster_id", "dedup_confidence", "duplicate_of", "dedup_reasons", "status",
                "reasons")
READ_CHUNK = 5000
WRITE_CHUNK = 2000


def _record(row: tuple, *, history: bool) -> DedupRecord:
    data = dict(zip(READ_FIELDS, row, strict=True))
    return DedupRecord(
        id=data["id"], first_name=data["first_name"], last_name=data["last_name"], full_name=data["full_name"],
        email=data["email"], phone=data["phone"], title=data["title"], company_name=data["company_name"],
        company_key=data["company_key"], domain=data["domain"], street=data["street"], city=data["city"],
        state=data["state"], postcode=data["postcode"], country=data["country"], industry=data["industry"],
        linkedin=data["linkedin"], extra=data["extra"] or {}, recency=float(data["id"]), history=history,
        gated=any(r.get("gate") for r in (data["reasons"] or [])), cluster_id=data["dedup_cluster_id"],
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


def _rows(ctx: PhaseContext, with_history: bool) -> Iterator[tuple[tuple, bool]]:
    """The batch's leads in primary-key order, then the earlier survivors."""
    for row in Lead.objects.filter(batch=ctx.batch).order_by("pk").values_list(*READ_FIELDS).iterator(READ_CHUNK):
        yield row, False
    if with_history:
        for row in _history(ctx).order_by("pk").values_list(*READ_FIELDS).iterator(READ_CHUNK):
            yield row, True


def _chunks(values: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def run_batch(ctx: PhaseContext) -> None:
    batch = ctx.batch
    if not Lead.objects.filter(batch=batch).exists():
        return  # nothing to compare: do not scan the organisation's history for an empty file
    with_history = bool(ctx.options.get("dedup_history", settings.DEDUP_HISTORY_DEFAULT))
    sample = Lead.objects.filter(batch=batch).order_by("pk").values_list("extra", flat=True)[:20_000]
    extra_keys = extra_identifier_keys(extra_values(extra) for extra in sample)

    # Pass 1: blocking keys only.
    pks, rows, history = array("q"), array("q"), bytearray()
    index = BlockIndex()
    current = 0
    for position, (row, is_history) in enumerate(_rows(ctx, with_history)):
        feats = Features(_record(row, history=is_history), position)
        index.add(position, block_keys(feats, extra_keys), sort_code(feats))
        pks.append(row[0])
        rows.append(row[1])
        history.append(is_history)
        current += not is_history
    size = len(pks)
    pairs = index.pairs()
    del index
    if size and pairs.size:
        hist = np.frombuffer(bytes(history), dtype=np.uint8).astype(bool)
        pairs = pairs[~(hist[pairs[:, 0]] & hist[pairs[:, 1]])]

    # Pass 2: features of the leads that have a candidate pair.
    linker = Linker(threshold=settings.DEDUP_LINK_THRESHOLD, extra_keys=extra_keys)
    features: dict[int, Features] = {}
    wanted = np.unique(pairs).tolist() if pairs.size else []
    pk_list = pks.tolist()
    position_of = {pk_list[p]: p for p in wanted}
    for pk_chunk in _chunks([pk_list[p] for p in wanted], READ_CHUNK):
        for row in Lead.objects.filter(pk__in=pk_chunk).values_list(*READ_FIELDS):
            position = position_of[row[0]]
            features[position] = Features(_record(row, history=bool(history[position])), position)
    result = linker.link(features, pairs, size=size)
    ctx.counters["pairs_compared"] += result.pairs_compared
    ctx.counters["leads_compared"] += current

    # Pass 3: write every lead of the batch.
    cluster_ids = _cluster_ids(result, features, pk_list)
    fills: dict[int, list[int]] = {}
    duplicates = from_history = done = 0
    position = 0
    for chunk in _lead_chunks(batch):
        for lead in chunk:
            if pk_list[position] != lead.pk:
                raise RuntimeError("the batch's leads changed while dedup ran")
            feats = features.get(position) or Features(_record(_as_row(lead), history=False), position)
            survivor = result.survivor[position]
            lead.match_keys = {"version": KEYS_VERSION, "keys": [key_text(k) for k in block_keys(feats, extra_keys)]}
            lead.dedup_cluster_id = cluster_ids.get(survivor) or f"c{lead.pk}"
            lead.dedup_confidence = result.distinct_confidence[position]
            reasons_reset(lead, PHASE)
            if survivor != position:
                probability = result.match_probability[position]
                lead.status = Lead.STATUS_DUPLICATE
                lead.duplicate_of_id = pk_list[survivor]
                lead.match_keys["match_probability"] = round(probability, 4)
                lead.dedup_reasons = [
                    {"field": field, "level": level, "similarity": sim}
                    for field, level, sim in result.reasons(position)
                ]
                where = "an earlier upload" if history[survivor] else f"row {rows[survivor]}"
                reason_add(lead, PHASE, "duplicate",
                           f"Duplicate of lead #{pk_list[survivor]} ({where}), match probability {probability:.2f}.")
                duplicates += 1
                if history[survivor]:
                    from_history += 1
                else:
                    fills.setdefault(survivor, []).append(position)
            else:
                if lead.status == Lead.STATUS_DUPLICATE:
                    lead.status = Lead.STATUS_REJECTED if has_gate(lead) else Lead.STATUS_PENDING
                lead.duplicate_of_id = None
                lead.dedup_reasons = []
            position += 1
        _write(chunk)
        done += len(chunk)
        progress.phase_advanced(batch=batch, phase=PHASE, done=done, counters=ctx.counters)

    ctx.counters["duplicates"] += duplicates
    ctx.counters["duplicates_of_earlier_uploads"] += from_history
    ctx.counters["clusters"] += current - duplicates
    ctx.counters["fields_filled"] += _fill_survivors(fills, result, pk_list)
    Batch.objects.filter(pk=batch.pk).update(leads_duplicate=duplicates)
    batch.leads_duplicate = duplicates


def _write(chunk: list[Lead]) -> None:
    """Write the dedup fields of a chunk: one UPDATE … FROM unnest(arrays) on PostgreSQL (a short statement
    with eight array parameters, however many rows), the shared bulk writer elsewhere."""
    if connection.vendor != "postgresql":
        leads_bulk_update(chunk, WRITE_FIELDS)
        return
    # The table name is the model's; every value travels as a parameter.
    table = Lead._meta.db_table
    sql = (
        f'UPDATE "{table}" AS t SET match_keys = v.mk::jsonb, dedup_cluster_id = v.cid, '  # noqa: S608
        "dedup_confidence = v.conf, duplicate_of_id = v.dup, dedup_reasons = v.dr::jsonb, status = v.st, "
        "reasons = v.rs::jsonb "
        "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::float8[], %s::bigint[], %s::text[], %s::text[], "
        "%s::text[]) AS v(id, mk, cid, conf, dup, dr, st, rs) WHERE t.id = v.id"
    )
    params = [
        [lead.pk for lead in chunk],
        [json.dumps(lead.match_keys) for lead in chunk],
        [lead.dedup_cluster_id for lead in chunk],
        [lead.dedup_confidence for lead in chunk],
        [lead.duplicate_of_id for lead in chunk],
        [json.dumps(lead.dedup_reasons) for lead in chunk],
        [lead.status for lead in chunk],
        [json.dumps(lead.reasons) for lead in chunk],
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


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


def _lead_chunks(batch: Batch) -> Iterator[list[Lead]]:
    fields = tuple(f for f in READ_FIELDS if f != "id") + ("status", "duplicate_of", "match_keys", "dedup_reasons")
    last_pk = 0
    while True:
        chunk = list(Lead.objects.filter(batch=batch, pk__gt=last_pk).order_by("pk").only(*fields)[:WRITE_CHUNK])
        if not chunk:
            return
        yield chunk
        last_pk = chunk[-1].pk


def _as_row(lead: Lead) -> tuple[Any, ...]:
    return tuple(getattr(lead, name) for name in READ_FIELDS)


def _fill_survivors(fills: dict[int, list[int]], result: LinkResult, pk_list: list[int]) -> int:
    """Fill survivors' empty fields from their duplicates, best match first; returns fields filled.

    Rows are read as plain values (no model instances) and only changed survivors are written.
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
                changed.append(Lead(**vars(survivor)))
                filled_total += len(filled)
        if changed:
            leads_bulk_update(changed, FILL_FIELDS + ("match_keys",))
    return filled_total
