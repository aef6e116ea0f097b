"""Pairwise precision, recall and F1 of a clustering against true entities, and the errors behind them.

Two-source sets count only pairs across the sources (as FEBRL4 is scored): a pair inside one source is never
a true duplicate there, and a cluster holding two rows of one source pays for it through its cross pairs.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.dedup_data import Dataset, fold_accents

Pair = tuple[int, int]


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    false_pairs: list[Pair] = field(default_factory=list)
    missed_pairs: list[Pair] = field(default_factory=list)

    def cell(self) -> str:
        return f"{self.precision:.3f}/{self.recall:.3f}/{self.f1:.3f}"


def pairs_of(assign: Sequence[object], sources: Sequence[int] | None = None) -> set[Pair]:
    groups: dict[object, list[int]] = defaultdict(list)
    for i, group in enumerate(assign):
        groups[group].append(i)
    found = set()
    for members in groups.values():
        for a, b in itertools.combinations(members, 2):
            if sources is None or sources[a] != sources[b]:
                found.add((a, b))
    return found


def score(data: Dataset, predicted: Sequence[object]) -> Score:
    truth, found = pairs_of(data.labels, data.sources), pairs_of(predicted, data.sources)
    hits = len(truth & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, sorted(found - truth), sorted(truth - found))


def _fold(text: str) -> str:
    return " ".join(fold_accents(text or "").lower().split())


def false_merge_cause(data: Dataset, a: int, b: int) -> str:
    """Why two rows of different entities may look alike: the negative the generator built, or chance."""
    ra, rb = data.rows[a], data.rows[b]
    if data.kind == "org":
        if _fold(ra.get("company_name", "")) == _fold(rb.get("company_name", "")) or (
                ra.get("domain") and ra.get("domain") == rb.get("domain")):
            return "chain branch (same name or website)"
        if _fold(ra.get("street", "")) and _fold(ra.get("street", "")) == _fold(rb.get("street", "")):
            return "same building"
        return "similar names"
    same_last = _fold(ra.get("last_name", "")) == _fold(rb.get("last_name", "")) != ""
    same_street = _fold(ra.get("street", "")) == _fold(rb.get("street", "")) != ""
    same_company = _fold(ra.get("company_name", "")) == _fold(rb.get("company_name", "")) != ""
    same_first = _fold(ra.get("first_name", "")) == _fold(rb.get("first_name", ""))
    if same_last and same_street and not same_first:
        return "household (same surname and address)"
    if same_company and not same_last:
        return "colleagues (same company, other names)"
    if same_company:
        return "colleagues with one surname"
    if same_last and same_first:
        return "namesakes (same name, other person)"
    return "other"


def causes(data: Dataset, pairs: list[Pair]) -> dict[str, list[Pair]]:
    out: dict[str, list[Pair]] = defaultdict(list)
    for a, b in pairs:
        out[false_merge_cause(data, a, b)].append((a, b))
    return dict(out)


def describe(data: Dataset, pair: Pair) -> str:
    a, b = pair
    keys = [k for k in data.rows[a].keys() | data.rows[b].keys()]
    keys.sort(key=lambda k: list(data.rows[a]).index(k) if k in data.rows[a] else 99)
    cells = []
    for key in keys:
        va, vb = data.rows[a].get(key, ""), data.rows[b].get(key, "")
        cells.append(f"{key}: {va!r}" if va == vb else f"{key}: {va!r} | {vb!r}")
    return "; ".join(cells)
