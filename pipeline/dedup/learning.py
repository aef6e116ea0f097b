"""Learn a file's match model: u from random pairs, m by expectation–maximisation over blocked candidate pairs.

1. Every sampled pair is reduced to its comparison levels (one per field present on both sides).
2. u: how often two random records of the file show each level (random pairs are nearly all non-matches).
3. m: EM over a sample of the candidate pairs, as a two-class mixture. Candidate pairs that are not
   duplicates still share a blocking key, so their level distribution is not u; the mixture gives them
   their own class ("blocked non-matches") instead of forcing u on them, which keeps blocking's bias out of m.
4. Both are smoothed towards the documented priors (`model.PRIORS`) with a fixed number of pseudo-pairs, so
   a small file keeps the priors and a large one speaks for itself; each learned weight stays within
   `TRUST_BITS` of its prior, because a level no random pair showed would otherwise get an unbounded weight.
5. The prior odds come from the mixture's share of duplicates among the candidates, spread over all pairs.
6. Exact matches get a term-frequency adjustment from the file's value counts: log2(u_exact / frequency).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

import numpy as np

from .compare import TF_MAX, TF_MIN, pair_weight
from .model import COMPANY_PHONE_PRIOR, PRIOR_WEIGHT, MatchModel, bits, prior_for
from .records import Features
from .vector_weights import LevelColumns

# Below these, a file keeps the priors (documented in docs/dedup-scoring.md).
MIN_RECORDS = 400
MIN_CANDIDATES = 300
SAMPLE_PAIRS = 15_000  # candidate pairs (and random pairs) a model is learned from
EM_ITERATIONS = 30
PSEUDO_PAIRS = 50.0  # prior strength, in pairs, of each field's u (and of the blocked non-matches' levels)
# m is held closer to the prior: an unsupervised mixture can settle on "same name" instead of "same person"
# when a file holds many namesakes, and m then forgives every other disagreement.
M_PSEUDO_PAIRS = 1000.0
MIN_U_SEEN = 5
M_TRUST = 2.0
TRUST_BITS = 6.0
PRIOR_RANGE = (-15.0, -9.0)
# Values shared by at least this many records are company-level for phones (a switchboard).
SHARED_PHONE_COUNT = 3
# An e-mail is one person's more often than not even when a file holds it four or five times (a person
# listed again and again); a LinkedIn profile in three rows or more is more often a generated or company link.
SHARED_EMAIL_COUNT = 6
SHARED_PROFILE_COUNT = 3
TF_FIELDS = ("last_name", "domain", "company", "phone", "org:company", "org:phone", "city", "postcode")


@dataclass
class ValueCounts:
    """How many records of the file hold each value (only values held by two or more), per field."""

    records: int = 0
    values: dict[str, Counter] = field(default_factory=dict)


# (counted field, Features attribute)
_COUNTED = (("last_name", "last"), ("domain", "domain"), ("company", "company"), ("phone", "phone"),
            ("city", "city"), ("postcode", "postcode"), ("email", "email"), ("linkedin", "linkedin"))


def value_counts_of(features: Iterable[Features]) -> ValueCounts:
    """Count values of records in memory (the phase counts them in SQL instead)."""
    features = list(features)
    counts = ValueCounts(records=len(features))
    for name, attribute in _COUNTED:
        counts.values[name] = Counter(map(attrgetter(attribute), features))
    extras = [f.extra for f in features if f.extra]
    for key in dict.fromkeys(key for extra in extras for key in extra):
        counts.values["x:" + key] = Counter(extra[key] for extra in extras if key in extra)
    counts.values = {name: Counter({v: c for v, c in found.items() if c > 1 and v})
                     for name, found in counts.values.items()}
    return counts


class LevelSample:
    """Comparison levels of sampled pairs, in blocks of level columns (see `vector_weights.LevelColumns`), with
    each pair's weight under the model they were compared with."""

    def __init__(self) -> None:
        self._blocks: list[LevelColumns] = []
        self._weights: list[np.ndarray] = []

    def add_columns(self, levels: LevelColumns, weights: np.ndarray) -> None:
        """Pairs weighed by `vector_weights.pair_weights` with `levels`; two earlier survivors (NaN) and pairs
        with no field compared are left out."""
        keep = np.flatnonzero(~np.isnan(weights) & levels.compared())
        if keep.size:
            self._blocks.append(levels.take(keep))
            self._weights.append(weights[keep])

    def add_pairs(self, pairs: Iterable[tuple[Features, Features]], *, model: MatchModel,
                  extra_keys: frozenset[str] | None) -> None:
        """Pairs compared one at a time by `pair_weight` (the reference)."""
        rows, weights = [], []
        for a, b in pairs:
            if a.history and b.history:
                continue
            levels: list[tuple[str, str]] = []
            weight = pair_weight(a, b, extra_keys=extra_keys, model=model, levels=levels)
            if levels:
                rows.append(levels)
                weights.append(weight)
        block = LevelColumns(len(rows))
        for i, levels in enumerate(rows):
            block.put_row(i, levels, model.date_columns)
        self.add_columns(block, np.array(weights, dtype=np.float64))

    @property
    def weights(self) -> np.ndarray:
        return np.concatenate(self._weights) if self._weights else np.empty(0, dtype=np.float64)

    def fields(self) -> set[str]:
        return {name for block in self._blocks for name in block.fields}

    def __len__(self) -> int:
        return sum(block.size for block in self._blocks)


def _matrix(sample: LevelSample, fields: list[str], levels: Mapping[str, list[str]]) -> np.ndarray:
    codes = np.full((len(sample), len(fields)), -1, dtype=np.int8)
    row = 0
    for block in sample._blocks:
        for c, name in enumerate(fields):
            entry = block.fields.get(name)
            if entry is not None:
                names, found = entry
                recode = np.array([levels[name].index(level) for level in names] + [-1], dtype=np.int8)
                codes[row : row + block.size, c] = recode[found]  # -1 (not compared) reads the last entry
        row += block.size
    return codes


def _estimate(codes: np.ndarray, weight: np.ndarray, prior: np.ndarray, strength: float) -> np.ndarray:
    """Per level of one field: (weighted count + strength × prior share) / (weighted total + strength)."""
    present = codes >= 0
    counts = np.bincount(codes[present], weights=weight[present], minlength=prior.size)[: prior.size]
    share = prior / prior.sum()
    return (counts + strength * share) / (counts.sum() + strength)


def model_learn(candidates: LevelSample, randoms: LevelSample, *, base: MatchModel, records: int,
                candidate_pairs: int, counts: ValueCounts | None = None) -> MatchModel:
    """A model learned from sampled candidate and random pairs; `base` (the priors) when there is too little."""
    if records < MIN_RECORDS or candidate_pairs < MIN_CANDIDATES or len(candidates) < MIN_CANDIDATES:
        model = MatchModel(prior=base.prior, weights={k: dict(v) for k, v in base.weights.items()},
                           company_phone=base.company_phone, date_columns=base.date_columns,
                           shared_phones=base.shared_phones,
                           summary={"learned": False, "reason": "too few records or candidate pairs"})
        model.shared_phones = _shared_phones(counts)  # frequencies of a few hundred records say too little
        model.shared_ids = _shared_ids(counts)
        return model
    fields = sorted(candidates.fields() | randoms.fields())
    levels: dict[str, list[str]] = {}
    m0: dict[str, np.ndarray] = {}
    u0: dict[str, np.ndarray] = {}
    for name in fields:
        table = dict(prior_for(name, base.date_columns))
        if name == "phone" and base.company_phone:
            table = dict(COMPANY_PHONE_PRIOR)
        levels[name] = list(table)
        m0[name] = np.array([table[lvl][0] for lvl in levels[name]])
        u0[name] = np.array([table[lvl][1] for lvl in levels[name]])
    cand = _matrix(candidates, fields, levels)
    rand = _matrix(randoms, fields, levels)

    # u from random pairs
    ones = np.ones(len(randoms))
    u = {}
    for c, name in enumerate(fields):
        learned = _estimate(rand[:, c], ones, u0[name], PSEUDO_PAIRS)
        seen = np.bincount(rand[:, c][rand[:, c] >= 0], minlength=u0[name].size)[: u0[name].size]
        # a level random pairs showed fewer than MIN_U_SEEN times keeps its prior u: the sample cannot tell
        # how rare it is, and an unseen level would otherwise get an unbounded weight
        u[name] = np.where(seen >= MIN_U_SEEN, learned, u0[name] / u0[name].sum())
        exact = _exact_u(counts, name)
        if exact is not None and "exact" in levels[name]:
            u[name][levels[name].index("exact")] = exact

    # m by EM over the candidates, started from the prior model's probabilities
    weight0 = np.clip(np.asarray(candidates.weights), -60, 60)
    p = 1.0 / (1.0 + np.exp2(-weight0))
    lam = float(np.clip(p.mean(), 1e-4, 1 - 1e-4))
    iterations = 0
    for iterations in range(1, EM_ITERATIONS + 1):  # noqa: B007 - reported below
        m = {name: _estimate(cand[:, c], p, m0[name], M_PSEUDO_PAIRS) for c, name in enumerate(fields)}
        v = {name: _estimate(cand[:, c], 1.0 - p, u0[name], PSEUDO_PAIRS) for c, name in enumerate(fields)}
        lam = float(np.clip(p.mean(), 1e-4, 1 - 1e-4))
        log_odds = np.full(len(candidates), math.log2(lam / (1 - lam)))
        for c, name in enumerate(fields):
            column = cand[:, c]
            ratio = np.append(np.log2(m[name] / v[name]), 0.0)  # index -1: missing, adds nothing
            log_odds += ratio[column]
        new_p = 1.0 / (1.0 + np.exp2(-np.clip(log_odds, -60, 60)))
        change = float(np.abs(new_p - p).max())
        p = new_p
        if change < 1e-4:
            break

    weights = {k: dict(v) for k, v in base.weights.items()}
    for name in fields:
        # m moves at most a factor M_TRUST from its prior: see M_PSEUDO_PAIRS
        share = m0[name] / m0[name].sum()
        m[name] = np.clip(m[name], share / M_TRUST, share * M_TRUST)
        prior_weights = {lvl: bits(mm, uu) for lvl, mm, uu in zip(levels[name], m0[name], u0[name], strict=True)}
        weights[name] = {
            lvl: round(float(np.clip(math.log2(mm / uu), prior_weights[lvl] - TRUST_BITS,
                                     prior_weights[lvl] + TRUST_BITS)), 2)
            for lvl, mm, uu in zip(levels[name], m[name], u[name], strict=True)
        }
    total_pairs = records * (records - 1) / 2
    matches = lam * candidate_pairs
    prior = float(np.clip(math.log2(max(matches, 1.0) / max(total_pairs - matches, 1.0)), *PRIOR_RANGE))
    model = MatchModel(prior=round(prior, 2), weights=weights, company_phone=base.company_phone,
                       date_columns=base.date_columns, shared_phones=base.shared_phones,
                       summary={"learned": True, "candidate_sample": len(candidates), "random_sample": len(randoms),
                                "em_iterations": iterations, "duplicate_share": round(lam, 4),
                                "prior_bits": round(prior, 2)})
    _term_frequencies(model, counts, {name: float(u[name][levels[name].index("exact")]) for name in fields
                                      if "exact" in levels[name]})
    return model


def _exact_u(counts: ValueCounts | None, name: str) -> float | None:
    """How often two of the file's records agree exactly on the field, from its value counts (the whole
    file, not a sample): the sum over repeated values of c(c-1), over n(n-1)."""
    found = counts.values.get(name.removeprefix("org:")) if counts is not None else None
    n = counts.records if counts is not None else 0
    if not found or n < 2:
        return None
    agree = sum(c * (c - 1) for c in found.values())
    return max(agree / (n * (n - 1)), 1e-12)


def _term_frequencies(model: MatchModel, counts: ValueCounts | None, u_exact: Mapping[str, float]) -> None:
    """Adjust exact matches on values by how common they are: log2(u_exact / frequency), kept in range."""
    if counts is None or counts.records < 2:
        return
    n = counts.records
    for name in TF_FIELDS:
        found = counts.values.get(name.removeprefix("org:"))
        if not found:
            continue
        u = u_exact.get(name)
        if u is None:
            table = prior_for(name, model.date_columns) if not name.startswith("x:") else None
            u = table["exact"][1] if table and "exact" in table else None
        if not u:
            continue
        model.tf[name] = {
            value: round(min(TF_MAX, max(TF_MIN, math.log2(u * (n - 1) / (c - 1)))), 2)
            for value, c in found.items()
        }
    model.shared_phones = _shared_phones(counts)
    model.shared_ids = _shared_ids(counts)


def _shared_ids(counts: ValueCounts | None) -> frozenset[str]:
    """E-mails six or more leads share (a role address) and LinkedIn profiles three or more share (a page, or
    links made from names): no one person's."""
    if counts is None:
        return frozenset()
    emails = {v for v, c in (counts.values.get("email") or {}).items() if c >= SHARED_EMAIL_COUNT}
    profiles = {v for v, c in (counts.values.get("linkedin") or {}).items() if c >= SHARED_PROFILE_COUNT}
    return frozenset(emails | profiles)


def _shared_phones(counts: ValueCounts | None) -> frozenset[str]:
    phones = (counts.values.get("phone") if counts else None) or {}
    return frozenset(v for v, c in phones.items() if c >= SHARED_PHONE_COUNT)


__all__ = ["PRIOR_WEIGHT", "LevelSample", "ValueCounts", "model_learn", "value_counts_of"]
