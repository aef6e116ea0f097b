"""Score candidate pairs, build clusters without chaining, pick one survivor per cluster.

Clustering is greedy average-linkage: links (pairs with probability ≥ threshold) are taken strongest
first, and two clusters merge only when the average probability over all their cross pairs reaches the
threshold and no cross pair is a clear non-match. Cross pairs that blocking never proposed are scored
on the spot, so "A~B, B~C" does not pull C in when A and C disagree. Clusters are capped in size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .blocking import BlockIndex, block_keys, sort_code
from .compare import PairScore, pair_score, pair_weight, probability_of
from .records import DedupRecord, Features

LINK_THRESHOLD = 0.5
VETO_PROBABILITY = 0.05
MAX_CLUSTER = 50


@dataclass
class LinkResult:
    """Per record index: its cluster's survivor, its match probability and why."""

    survivor: list[int]
    match_probability: list[float]  # duplicates: best probability to a cluster member; survivors: 0
    distinct_confidence: list[float]  # P(this record is a distinct person/company)
    closest: dict[int, int] = field(default_factory=dict)  # duplicate → its closest cluster member
    pairs_compared: int = 0
    _linker: Linker | None = field(default=None, repr=False)
    _features: Any = field(default=None, repr=False)

    def reasons(self, idx: int) -> list[tuple[str, str, float]]:
        """Which fields matched a duplicate to its closest cluster member, and how: (field, level, similarity)."""
        other = self.closest.get(idx)
        if other is None or self._linker is None:
            return []
        return self._linker.score(self._features[idx], self._features[other]).reasons

    def clusters(self) -> dict[int, list[int]]:
        groups: dict[int, list[int]] = {}
        for idx, survivor in enumerate(self.survivor):
            groups.setdefault(survivor, []).append(idx)
        return groups


def extra_identifier_keys(extras: Iterable[dict[str, str] | None], *, sample: int = 20_000) -> frozenset[str]:
    """Extra columns that look like identifiers (date of birth, national id): coded, varied, not all unique.

    Columns where every value differs (row ids, record numbers) say nothing about duplicates,
    low-variety columns (source, list name) agree by chance, and free text (notes) is no identifier;
    all are left out. Identifiers carry digits.
    """
    values: dict[str, list[str]] = {}
    seen = 0
    for extra in extras:
        seen += 1
        if seen > sample:
            break
        for key, value in (extra or {}).items():
            values.setdefault(key, []).append(value)
    usable = set()
    for key, column in values.items():
        if len(column) < 20:
            continue
        distinct = len(set(column)) / len(column)
        with_digits = sum(any(c.isdigit() for c in v) for v in column) / len(column)
        if 0.3 <= distinct < 0.995 and with_digits >= 0.8:
            usable.add(key)
    return frozenset(usable)


class Linker:
    def __init__(self, *, threshold: float = LINK_THRESHOLD, extra_keys: frozenset[str] | None = None):
        self.threshold = threshold
        self.extra_keys = extra_keys

    def score(self, a: Features, b: Features) -> PairScore:
        return pair_score(a, b, extra_keys=self.extra_keys)

    def weights(self, features: dict[int, Features] | Sequence[Features], pairs: np.ndarray) -> np.ndarray:
        """Match weight of each candidate pair (NaN for two earlier survivors, never compared).

        Independent per pair, so a caller may compute slices of `pairs` in parallel and pass them to `link`.
        """
        out = np.empty(len(pairs), dtype=np.float64)
        extra_keys = self.extra_keys
        for start in range(0, len(pairs), 50_000):
            for i, (a, b) in enumerate(pairs[start : start + 50_000].tolist(), start):
                fa, fb = features[a], features[b]
                out[i] = np.nan if fa.history and fb.history else pair_weight(fa, fb, extra_keys=extra_keys)
        return out

    def link(self, features: dict[int, Features] | Sequence[Features], pairs: np.ndarray, *, size: int,
             weights: np.ndarray | None = None) -> LinkResult:
        """Cluster records 0..size-1 given candidate `pairs`; `features` must hold every paired index.
        `weights`, when given, are `self.weights(features, pairs)` computed beforehand.

        Candidate pairs stay in numpy arrays (probabilities, sorted packed keys for lookups); only the
        links (pairs at or above the threshold) and cross pairs scored on the spot become Python objects.
        """
        feats = features
        extra_keys = self.extra_keys
        threshold = self.threshold
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        if pairs.size and not bool(np.all(pairs[:, 0] <= pairs[:, 1])):
            pairs = np.sort(pairs, axis=1)
        if weights is None:
            weights = self.weights(feats, pairs)
        packed = (pairs[:, 0] << 32) | pairs[:, 1]
        if packed.size > 1 and not bool(np.all(packed[1:] > packed[:-1])):
            order = np.argsort(packed, kind="stable")
            pairs, weights, packed = pairs[order], weights[order], packed[order]
        first, second = pairs[:, 0], pairs[:, 1]
        never = np.isnan(weights)
        # probability = 1 / (1 + 2^-w), computed in place in one array; ±60 bits and beyond are certain
        prob = np.where(never, 0.0, weights)
        np.negative(prob, out=prob)
        with np.errstate(over="ignore"):
            np.power(2.0, prob, out=prob)
        prob += 1.0
        np.reciprocal(prob, out=prob)
        prob[weights > 60.0] = 1.0
        prob[weights <= -60.0] = 0.0
        prob[never] = -1.0  # two earlier survivors: never compared
        compared = int(np.count_nonzero(~never))
        chosen = np.flatnonzero(prob >= threshold)
        chosen = chosen[np.lexsort((second[chosen], first[chosen], -prob[chosen]))]
        links = zip(prob[chosen].tolist(), first[chosen].tolist(), second[chosen].tolist(), strict=True)
        on_the_spot: dict[int, float] = {}

        parent = list(range(size))
        members: dict[int, list[int]] = {}

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def pair(x: int, y: int) -> float:
            if x > y:
                x, y = y, x
            key = (x << 32) | y
            at = int(np.searchsorted(packed, key))
            if at < packed.size and packed[at] == key:
                return float(prob[at])
            found = on_the_spot.get(key)
            if found is None:
                found = on_the_spot[key] = probability_of(pair_weight(feats[x], feats[y], extra_keys=extra_keys))
            return found

        for _p, a, b in links:
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
                        p = pair(x, y)
                        if p < VETO_PROBABILITY:
                            vetoed = True
                            break
                        total += p
                    if vetoed:
                        break
                if vetoed or total / (len(ma) * len(mb)) < self.threshold:
                    continue
            if len(ma) < len(mb):
                ra, rb, ma, mb = rb, ra, mb, ma
            parent[rb] = ra
            members[ra] = ma + mb
            members.pop(rb, None)

        labels = np.fromiter((find(i) for i in range(size)), dtype=np.int64, count=size)
        best = np.zeros(size, dtype=np.float64)
        if packed.size:
            apart = labels[first] != labels[second]
            np.maximum.at(best, first[apart], prob[apart])
            np.maximum.at(best, second[apart], prob[apart])
        best_outside = best.tolist()
        for key, s in on_the_spot.items():
            x, y = key >> 32, key & 0xFFFFFFFF
            if labels[x] != labels[y]:
                if s > best_outside[x]:
                    best_outside[x] = s
                if s > best_outside[y]:
                    best_outside[y] = s
        survivor = list(range(size))
        match_probability = [0.0] * size
        distinct = [1.0 - p for p in best_outside]
        closest: dict[int, int] = {}
        for group in members.values():
            chosen = _survivor(group, feats)
            for idx in group:
                survivor[idx] = chosen
                if idx == chosen:
                    continue
                other = max((o for o in group if o != idx), key=lambda o: pair(idx, o))
                closest[idx] = other
                match_probability[idx] = pair(idx, other)
                distinct[idx] = 1.0 - match_probability[idx]
        return LinkResult(survivor=survivor, match_probability=match_probability,
                          distinct_confidence=[round(d, 4) for d in distinct], closest=closest,
                          pairs_compared=compared, _linker=self, _features=feats)


def _survivor(group: list[int], feats) -> int:
    """Earlier batches' survivors stay canonical; else non-gated, most complete, then most recent."""
    history = [i for i in group if feats[i].history]
    if history:
        return min(history, key=lambda i: (-feats[i].completeness, feats[i].recency, i))
    return max(group, key=lambda i: (not feats[i].gated, feats[i].completeness, feats[i].recency, -i))


def link_records(records: Sequence[DedupRecord], *, threshold: float = LINK_THRESHOLD) -> LinkResult:
    """Everything in memory: features, blocking, scoring and clustering of `records` (bench, tests)."""
    feats = [Features(r, i) for i, r in enumerate(records)]
    extra_keys = extra_identifier_keys(f.extra for f in feats)
    index = BlockIndex()
    for f in feats:
        index.add(f.idx, block_keys(f, extra_keys), sort_code(f))
    linker = Linker(threshold=threshold, extra_keys=extra_keys)
    return linker.link(feats, index.pairs(), size=len(feats))
