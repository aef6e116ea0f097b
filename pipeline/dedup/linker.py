"""Score candidate pairs, build clusters without chaining, pick one survivor per cluster.

Clustering is greedy average-linkage: links (pairs with probability ≥ threshold) are taken strongest
first, and two clusters merge only when the average probability over all their cross pairs reaches the
threshold and no cross pair is a clear non-match. Cross pairs that blocking never proposed are scored
on the spot, so "A~B, B~C" does not pull C in when A and C disagree. Clusters are capped in size.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipeline.bulk.gc_tuning import YOUNG_THRESHOLD

from .array_files import SLICE
from .blocking import BlockIndex, block_keys, pair_slices, pair_split, sort_code
from .compare import PairScore, pair_score, pair_weight, probability_of
from .learning import SAMPLE_PAIRS, LevelSample, ValueCounts, model_learn, value_counts_of
from .model import DEFAULT_MODEL, MatchModel
from .records import DedupRecord, Features
from .roles import date_columns, extra_identifier_keys
from .vector_weights import Columns, LevelColumns, pair_weights

LINK_THRESHOLD = 0.5
VETO_PROBABILITY = 0.05
MAX_CLUSTER = 50


# What the linker asks for the features of some records: a mapping (or sequence) indexed by record index.
FeatureLoader = Callable[[list[int]], Mapping[int, Features] | Sequence[Features]]


@dataclass
class LinkResult:
    """Per record index, in numpy arrays: its cluster's survivor, its match probability and why."""

    survivor: np.ndarray  # int32
    match_probability: np.ndarray  # duplicates: best probability to a cluster member; survivors: 0
    distinct_confidence: np.ndarray  # P(this record is a distinct person/company), rounded to 4 places
    closest: np.ndarray  # duplicate → its closest cluster member; -1 for survivors
    pairs_compared: int = 0
    _linker: Linker | None = field(default=None, repr=False)
    _features: Any = field(default=None, repr=False)

    def reasons(self, idx: int, features: Mapping[int, Features] | Sequence[Features] | None = None,
                ) -> list[tuple[str, str, float]]:
        """Which fields matched a duplicate to its closest cluster member, and how: (field, level, similarity).

        `features` must hold `idx` and its closest member (by default: the features `link` was given, when
        they were all in memory)."""
        return [(e["field"], e["level"], e["similarity"]) for e in self.evidence(idx, features)]

    def evidence(self, idx: int, features: Mapping[int, Features] | Sequence[Features] | None = None,
                 ) -> list[dict[str, Any]]:
        """`reasons` as the lead's evidence: each field's level, similarity and match weight in bits (what it
        added to the pair's weight; a cap's entry is what the cap took off)."""
        other = int(self.closest[idx])
        feats = self._features if features is None else features
        if other < 0 or self._linker is None or feats is None:
            return []
        score = self._linker.score(feats[idx], feats[other])
        return [{"field": field, "level": level, "similarity": sim, "weight": bits}
                for (field, level, sim), bits in zip(score.reasons, score.field_weights, strict=True)]

    def clusters(self) -> dict[int, list[int]]:
        groups: dict[int, list[int]] = {}
        for idx, survivor in enumerate(self.survivor.tolist()):
            groups.setdefault(survivor, []).append(idx)
        return groups


class Linker:
    def __init__(self, *, threshold: float = LINK_THRESHOLD, extra_keys: frozenset[str] | None = None,
                 model: MatchModel = DEFAULT_MODEL):
        self.threshold = threshold
        self.extra_keys = extra_keys
        self.model = model
        self._columns: tuple[Sequence[Features], Columns] | None = None

    def _whole(self, features: Mapping[int, Features] | Sequence[Features]) -> Columns | None:
        """The compared values of every record, as columns, when `features` is a sequence of all the records
        (everything in memory): built once for learning and weighing. None for a mapping (a window)."""
        if isinstance(features, Mapping) or not isinstance(features, Sequence):
            return None
        cached = self._columns
        if cached is None or cached[0] is not features or len(cached[1].records) != len(features):
            cached = self._columns = (features, Columns(features, self.extra_keys))
        return cached[1]

    def score(self, a: Features, b: Features) -> PairScore:
        return pair_score(a, b, extra_keys=self.extra_keys, model=self.model)

    def learn(self, load: FeatureLoader, pairs: np.ndarray | Slices, *, size: int, candidate_pairs: int,
              counts: ValueCounts | None = None, seed: int = 0) -> MatchModel:
        """Learn this file's model from a sample of the candidate `pairs` (packed; an array or slices) and as
        many random pairs of records 0..size-1, asking `load` for their features a few thousand at a time;
        the linker uses it from then on. `self.model` (the priors) is where learning starts."""
        rng = np.random.default_rng(seed)
        wanted = min(candidate_pairs, SAMPLE_PAIRS)
        chosen = np.sort(rng.choice(candidate_pairs, size=wanted, replace=False)) if wanted else np.empty(0, int)
        picked, offset = [], 0
        for part in (pairs() if callable(pairs) else _array_slices(np.asarray(pairs, dtype=np.int64))):
            inside = chosen[(chosen >= offset) & (chosen < offset + part.size)] - offset
            picked.append(part[inside])
            offset += part.size
        sample = np.concatenate(picked) if picked else np.empty(0, dtype=np.int64)
        candidates, randoms = LevelSample(), LevelSample()
        self._levels(load, pair_split(sample), candidates)
        if size > 1:
            first = rng.integers(0, size, size=SAMPLE_PAIRS)
            second = (first + rng.integers(1, size, size=SAMPLE_PAIRS)) % size
            self._levels(load, (first, second), randoms)
        self.model = model_learn(candidates, randoms, base=self.model, records=size,
                                 candidate_pairs=candidate_pairs, counts=counts)
        return self.model

    def _levels(self, load: FeatureLoader, split: tuple[np.ndarray, np.ndarray], into: LevelSample) -> None:
        first, second = split
        start = 0
        while start < first.size:  # a window of pairs at a time, loading just their features
            stop = start + 5_000
            feats = load(np.union1d(first[start:stop], second[start:stop]).tolist())
            columns = self._whole(feats)
            if columns is not None:  # every record is in memory: the rest at once
                stop = first.size
            a, b = first[start:stop], second[start:stop]
            levels = LevelColumns(a.size)
            weights = pair_weights(feats, a, b, model=self.model, extra_keys=self.extra_keys, levels=levels,
                                   columns=columns)
            into.add_columns(levels, weights)
            start = stop

    def weights(self, features: Mapping[int, Features] | Sequence[Features], pairs: np.ndarray) -> np.ndarray:
        """Match weight of each packed candidate pair (NaN for two earlier survivors, never compared), as
        `pair_weight` gives it (computed a field at a time over all the pairs: see `vector_weights`).

        Independent per pair, so a caller may compute slices of `pairs` in parallel and pass them to `link`.
        """
        out = np.empty(len(pairs), dtype=np.float64)
        columns = self._whole(features)
        for start in range(0, len(pairs), 50_000):
            first, second = pair_split(np.asarray(pairs[start : start + 50_000], dtype=np.int64))
            out[start : start + first.size] = pair_weights(features, first, second, model=self.model,
                                                           extra_keys=self.extra_keys, columns=columns)
        return out

    def weigh(self, load: FeatureLoader, pairs: np.ndarray) -> np.ndarray:
        """`weights` of packed `pairs`, asking `load` for the features of just their records."""
        return self.weights(load(np.union1d(*pair_split(pairs)).tolist()), pairs)

    def link(self, features: FeatureLoader | Mapping[int, Features] | Sequence[Features], pairs: np.ndarray, *,
             size: int, weights: np.ndarray | None = None) -> LinkResult:
        """Cluster records 0..size-1 given candidate `pairs` (packed `i << 32 | j`, i < j, sorted, unique, as
        `BlockIndex.pairs` returns them): `self.cluster(features, self.candidates(pairs, weights, size=size))`.

        `features` holds every paired record, or is a loader called with record indexes. `weights`, when
        given, are `self.weights(...)` of `pairs` computed beforehand.
        """
        load = features if callable(features) else (lambda _positions: features)
        pairs = np.asarray(pairs, dtype=np.int64)
        if weights is None:
            weights = self.weigh(load, pairs)
        return self.cluster(features, self.candidates(pairs, weights, size=size))

    def candidates(self, pairs: np.ndarray | Slices, weights: np.ndarray | Slices, *, size: int) -> Candidates:
        """What clustering needs of the weighed pairs, a small part of them: the links, the pairs between
        linked records (a cluster's members are all linked), and each record's best probability over its
        other pairs (their records never share a cluster).

        `pairs` and `weights` (in the same order) are arrays, or functions returning a new iterator over
        consecutive slices of SLICE values (an `ArrayFile`): read twice, never held whole.
        """
        pair_parts = pairs if callable(pairs) else (lambda: _array_slices(pairs))
        weight_parts = weights if callable(weights) else (lambda: _array_slices(weights))

        def both() -> Iterator[tuple[np.ndarray, np.ndarray]]:
            for packed, part in zip(pair_parts(), weight_parts(), strict=True):
                if packed.size != part.size:
                    raise ValueError("pairs and weights are not aligned")
                yield packed, _probabilities(np.array(part, dtype=np.float64))

        found_pairs, found_prob = [], []
        compared = 0
        for packed, prob in both():
            compared += int(np.count_nonzero(prob != -1.0))
            hits = prob >= self.threshold
            found_pairs.append(packed[hits])
            found_prob.append(prob[hits])
        chosen = np.concatenate(found_pairs) if found_pairs else np.empty(0, dtype=np.int64)
        chosen_prob = np.concatenate(found_prob) if found_prob else np.empty(0, dtype=np.float64)
        first, second = pair_split(chosen)
        order = np.lexsort((second, first, -chosen_prob))
        links = np.stack((first[order], second[order]), axis=1)
        link_prob = chosen_prob[order]
        del chosen, chosen_prob, first, second, order

        linked = np.zeros(size, dtype=bool)
        linked[links.ravel()] = True
        best = np.zeros(size, dtype=np.float64)
        kept_pairs, kept_prob = [], []
        for packed, prob in both():
            first, second = pair_split(packed)
            between = linked[first] & linked[second]
            kept_pairs.append(packed[between])
            kept_prob.append(prob[between])
            apart = ~between
            np.maximum.at(best, first[apart], prob[apart])
            np.maximum.at(best, second[apart], prob[apart])
        return Candidates(
            pairs=np.concatenate(kept_pairs) if kept_pairs else np.empty(0, dtype=np.int64),
            prob=np.concatenate(kept_prob) if kept_prob else np.empty(0, dtype=np.float64),
            links=links, link_prob=link_prob, best=best, compared=compared, size=size,
        )

    def cluster(self, features: FeatureLoader | Mapping[int, Features] | Sequence[Features],
                candidates: Candidates) -> LinkResult:
        """Greedy average-linkage over the links, a group of link-graph components at a time: only linked
        records' features are ever asked for, a few thousand at a time (see `_link_groups`)."""
        load = features if callable(features) else (lambda _positions: features)
        state = _ClusterState(self, candidates)
        links = candidates.links
        for group_links in _link_groups(links):
            members = np.unique(links[group_links]).tolist()
            state.enter(np.asarray(members, dtype=np.int64))
            state.cluster(load(members), links[group_links].tolist(), candidates.link_prob[group_links].tolist())
            state.fold_on_the_spot()
        return state.result(features if not callable(features) else None)


@dataclass
class Candidates:
    """The weighed candidate pairs, reduced to what clustering needs (see `Linker.candidates`)."""

    pairs: np.ndarray  # packed, sorted: pairs of two linked records
    prob: np.ndarray  # their probabilities
    links: np.ndarray  # (n, 2) pairs at or above the threshold, strongest first
    link_prob: np.ndarray
    best: np.ndarray  # per record: best probability of a pair to a record that can never share its cluster
    compared: int  # pairs weighed (two earlier survivors are never compared)
    size: int


# Values as consecutive slices of SLICE: each call returns a new iterator over them (see Linker.candidates).
Slices = Callable[[], Iterable[np.ndarray]]


def _array_slices(values: np.ndarray) -> Iterator[np.ndarray]:
    for start in range(0, values.size, SLICE):
        yield values[start : start + SLICE]


def _probabilities(prob: np.ndarray) -> np.ndarray:
    """probability = 1 / (1 + 2^-w), computed in place; ±60 bits and beyond are certain; -1 for NaN (two
    earlier survivors: never compared)."""
    never = np.isnan(prob)
    high, low = prob > 60.0, prob <= -60.0
    prob[never] = 0.0
    np.negative(prob, out=prob)
    with np.errstate(over="ignore"):
        np.power(2.0, prob, out=prob)
    prob += 1.0
    np.reciprocal(prob, out=prob)
    prob[high] = 1.0
    prob[low] = 0.0
    prob[never] = -1.0
    return prob


LINK_GROUP_RECORDS = 10_000


def _link_groups(links: np.ndarray):
    """Index arrays into `links` (kept in their order), each covering whole connected components of the
    link graph and about LINK_GROUP_RECORDS records: clusters never span components, so clustering them a group
    at a time, with only the group's features loaded, gives what clustering them all at once would."""
    if not len(links):
        return
    nodes, ends = np.unique(links, return_inverse=True)
    a, b = ends.reshape(-1, 2).T
    label = np.arange(nodes.size)
    while True:  # each node takes the smallest label of its component (min propagation, pointer jumping)
        lowest = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, lowest)
        np.minimum.at(label, b, lowest)
        label = label[label]
        if np.array_equal(label, before):
            break
    component = label[a]
    roots, sizes = np.unique(component, return_counts=True)
    # links per component stand in for its records (at most links + 1)
    group = (np.cumsum(sizes) // LINK_GROUP_RECORDS)[np.searchsorted(roots, component)]
    for g in np.unique(group).tolist():
        yield np.flatnonzero(group == g)


class _ClusterState:
    """Greedy average-linkage clustering, fed one group of components at a time (see `Linker.link`)."""

    def __init__(self, linker: Linker, candidates: Candidates):
        self.linker, self.candidates = linker, candidates
        self.pairs, self.prob, size = candidates.pairs, candidates.prob, candidates.size
        self.survivor = np.arange(size, dtype=np.int32)
        self.closest = np.full(size, -1, dtype=np.int32)
        self.match_probability = np.zeros(size, dtype=np.float64)
        self.on_the_spot: dict[int, float] = {}
        # the weighed pairs within the group being clustered (packed → probability), looked up again and again;
        # one group's at a time, so a million leads' linked pairs never sit in a dict together
        self.known: dict[int, float] = {}

    def enter(self, members: np.ndarray) -> None:
        """Make the weighed pairs between `members` (a group's records, sorted) the ones looked up."""
        inside = np.flatnonzero(np.isin(self.pairs >> 32, members))
        inside = inside[np.isin(self.pairs[inside] & 0xFFFFFFFF, members)]
        self.known = dict(zip(self.pairs[inside].tolist(), self.prob[inside].tolist(), strict=True))

    def pair(self, feats, x: int, y: int) -> float:
        key = (x << 32) | y if x < y else (y << 32) | x
        found = self.known.get(key)
        if found is not None:
            return found
        found = self.on_the_spot.get(key)
        if found is None:
            if x > y:
                x, y = y, x
            found = self.on_the_spot[key] = probability_of(
                pair_weight(feats[x], feats[y], extra_keys=self.linker.extra_keys, model=self.linker.model)
            )
        return found

    def cluster(self, feats, links: list[list[int]], probs: list[float]) -> None:
        """Merge along `links` (strongest first), then pick each cluster's survivor and closest members."""
        threshold = self.linker.threshold
        parent: dict[int, int] = {}
        members: dict[int, list[int]] = {}

        def find(x: int) -> int:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for (a, b), _p in zip(links, probs, strict=True):
            ra, rb = find(a), find(b)
            if ra == rb:
                continue
            ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
            if len(ma) + len(mb) > MAX_CLUSTER:
                continue
            if any(feats[x].history for x in ma) and any(feats[y].history for y in mb):
                continue
            if len(ma) > 1 or len(mb) > 1:
                total = 0.0
                vetoed = False
                for x in ma:
                    for y in mb:
                        p = self.pair(feats, x, y)
                        if p < VETO_PROBABILITY:
                            vetoed = True
                            break
                        total += p
                    if vetoed:
                        break
                if vetoed or total / (len(ma) * len(mb)) < threshold:
                    continue
            if len(ma) < len(mb):
                ra, rb, ma, mb = rb, ra, mb, ma
            parent[rb] = ra
            members[ra] = ma + mb
            members.pop(rb, None)

        for group in members.values():
            chosen = _survivor(group, feats)
            for idx in group:
                self.survivor[idx] = chosen
                if idx == chosen:
                    continue
                other = max((o for o in group if o != idx), key=lambda o, idx=idx: self.pair(feats, idx, o))
                self.closest[idx] = other
                self.match_probability[idx] = self.pair(feats, idx, other)

    def fold_on_the_spot(self) -> None:
        """Fold the pairs scored on the spot into their records' best outside probability, then forget them:
        their records' clusters are final once their group is clustered (pairs never leave a group)."""
        survivor, best = self.survivor, self.candidates.best
        for key, s in self.on_the_spot.items():
            x, y = key >> 32, key & 0xFFFFFFFF
            if survivor[x] != survivor[y]:
                best[x] = max(best[x], s)
                best[y] = max(best[y], s)
        self.on_the_spot = {}

    def result(self, features) -> LinkResult:
        """Each record's confidence of being distinct: 1 - its best probability to a record outside its
        cluster (candidate pairs and pairs scored on the spot); a duplicate's: 1 - its match probability."""
        survivor, prob, size = self.survivor, self.prob, self.candidates.size
        best = self.candidates.best
        for start, first, second in pair_slices(self.pairs):
            chunk_prob = prob[start : start + first.size]
            apart = survivor[first] != survivor[second]
            np.maximum.at(best, first[apart], chunk_prob[apart])
            np.maximum.at(best, second[apart], chunk_prob[apart])
        self.fold_on_the_spot()
        duplicate = self.closest >= 0
        best[duplicate] = self.match_probability[duplicate]
        np.subtract(1.0, best, out=best)
        for start in range(0, size, 100_000):  # Python's correctly rounded round(), as stored before
            best[start : start + 100_000] = [round(d, 4) for d in best[start : start + 100_000].tolist()]
        return LinkResult(survivor=survivor, match_probability=self.match_probability, distinct_confidence=best,
                          closest=self.closest, pairs_compared=self.candidates.compared, _linker=self.linker,
                          _features=features)


def _survivor(group: list[int], feats) -> int:
    """Earlier batches' survivors stay canonical; else non-gated, most complete, then most recent."""
    history = [i for i in group if feats[i].history]
    if history:
        return min(history, key=lambda i: (-feats[i].completeness, feats[i].recency, i))
    return max(group, key=lambda i: (not feats[i].gated, feats[i].completeness, feats[i].recency, -i))


def link_records(records: Sequence[DedupRecord], *, threshold: float = LINK_THRESHOLD, learn: bool = True,
                 model: MatchModel = DEFAULT_MODEL) -> LinkResult:
    """Everything in memory: features, blocking, learning, scoring and clustering of `records` (bench, tests)."""
    with _young_collections_batched():
        return _link_records(records, threshold=threshold, learn=learn, model=model)


@contextmanager
def _young_collections_batched() -> Iterator[None]:
    """The cyclic collector runs after YOUNG_THRESHOLD allocations instead of 700, as in the pipeline's stages
    (`gc_tuning.bulk_allocation`, whose full collections and heap release cost more than a small file's
    dedup): features, normaliser caches and blocking keys are many small objects, rescanned again and again."""
    previous = gc.get_threshold()
    if previous[0] >= YOUNG_THRESHOLD:  # already tuned by the caller
        yield
        return
    gc.set_threshold(YOUNG_THRESHOLD, previous[1], previous[2])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _link_records(records: Sequence[DedupRecord], *, threshold: float, learn: bool, model: MatchModel) -> LinkResult:
    feats = [Features(r, i) for i, r in enumerate(records)]
    extra_keys = extra_identifier_keys((f.extra for f in feats), names=((f.first, f.last) for f in feats))
    index = BlockIndex()
    for f in feats:
        index.add(f.idx, block_keys(f, extra_keys), sort_code(f))
    pairs = index.pairs()
    linker = Linker(threshold=threshold, extra_keys=extra_keys, model=model_with_dates(model, feats, extra_keys))
    if learn:
        linker.learn(lambda _positions: feats, pairs, size=len(feats), candidate_pairs=len(pairs),
                     counts=value_counts_of(feats))
    result = linker.link(feats, pairs, size=len(feats))
    linker._columns = None  # they served learning and weighing; the result keeps the linker
    return result


def model_with_dates(model: MatchModel, extras: Iterable[Features], extra_keys: frozenset[str] | None) -> MatchModel:
    """`model` with its date columns: the identifier columns whose sampled values read as dates."""
    dates = date_columns((f.extra for f in extras), extra_keys or frozenset())
    if not dates:
        return model
    return MatchModel(prior=model.prior, weights={k: dict(v) for k, v in model.weights.items()}, tf=model.tf,
                      shared_phones=model.shared_phones, company_phone=model.company_phone, date_columns=dates,
                      summary=model.summary)
