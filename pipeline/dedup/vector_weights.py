"""Match weights of many candidate pairs at once, a field at a time over numpy arrays.

The same levels and weights as `compare.pair_weight`, which stays the reference (and what explains a pair to
people): string similarities come from rapidfuzz's element-wise `process.cpdist` (the same scorers), equality
tests and level weights from numpy, and the additions happen in the reference's order, so a weight agrees to
the bit (identifier columns are added in one order for all pairs: a record whose columns come in another order
may differ in the last bit). Both readings of swapped names are weighed in bulk too; only the name-conflict
caps (colleagues, relatives) of the few pairs whose names differ are decided one pair at a time, by the
reference's own `compare.name_conflict_cap`. `LevelColumns` keep the levels for learning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from operator import attrgetter

import numpy as np
from jellyfish import metaphone
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from leadsite.core.text.mailboxes import local_is_role

from .compare import (
    OFFICE_ADDRESS_FACTOR,
    RELATIVE_CAP,
    SWAP_PENALTY,
    is_acronym,
    is_prefix_abbrev,
    local_from_names,
    name_conflict_cap,
    numbers_near,
    record_conflict_cap,
)
from .model import MatchModel, prior_for
from .nicknames import are_nicknames, nickname_groups
from .records import Features

# Level names per comparison; code i is names[i] ("exact" is always 0).
GIVEN = ("exact", "initial", "typo", "nickname", "similar", "different")
SURNAME = ("exact", "typo", "similar", "different")
EMAIL = ("exact", "typo", "same_local", "different")
PHONE = ("exact", "typo", "different")
BINARY = ("exact", "different")
COMPANY = ("exact", "similar", "different")
STREET = ("exact", "typo", "near_number", "same_number", "different")
CITY = ("exact", "typo", "different")
POSTCODE = ("exact", "typo", "near", "different")
ORG_NAME = ("exact", "typo", "contained", "similar", "different")
EXTRA = ("exact", "typo", "different")
DATE = ("exact", "swapped", "typo", "same_year", "different")

_TEXT = ("first", "last", "email", "email_local", "email_domain", "phone", "company", "domain", "street",
         "street_num", "city", "postcode", "state", "linkedin")
_NOT_DIGITS = re.compile(r"[^0-9]+")
_meta = lru_cache(maxsize=100_000)(metaphone)


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _lengths(values: np.ndarray) -> np.ndarray:
    return np.fromiter(map(len, values), dtype=np.int64, count=values.size)


def _sim(scorer, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """scorer(a[k], b[k]), exactly as the reference computes it one pair at a time."""
    return process.cpdist(a, b, scorer=scorer, dtype=np.float64)


def _dist(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Edit distance of a[k], b[k] where every caller asks "at most one edit?" (the reference's Damerau–Levenshtein
    distance ≤ 1): the restricted (OSA) distance is the same up to 1 and faster; values above 1 read as 2."""
    return process.cpdist(a, b, scorer=OSA.distance, dtype=np.int64, score_cutoff=1)


class Columns:
    """The compared values of some records as per-record arrays (position p is `records[p]`)."""

    def __init__(self, records: Sequence[Features], extra_keys: frozenset[str] | None):
        self.records = records
        n = len(records)
        self.text: dict[str, np.ndarray] = {}
        self.has: dict[str, np.ndarray] = {}
        for name in (*_TEXT, "alias", "person", "history"):  # a list per column: no tuple per record to collect
            self.text[name] = column = _objects(list(map(attrgetter(name), records)))
            self.has[name] = column.astype(bool)
        text = self.text
        org = np.where(self.has["alias"], text["alias"], text["company"])
        text["org"], self.has["org"] = org, org.astype(bool)
        text["org_nospace"] = _objects([v.replace(" ", "") for v in org])
        for name in ("first", "last"):
            text[name + "0"] = _objects([v[:1] for v in text[name]])
        text["phone7"] = _objects([v[-7:] for v in text["phone"]])
        self.length = {name: _lengths(text[name]) for name in ("first", "last", "email_local", "phone",
                                                              "street_num", "postcode")}
        self.person, self.alias, self.history = self.has["person"], self.has["alias"], self.has["history"]
        # identifier-like extra columns, in the order records first show them
        extras: dict[str, list[str]] = {}
        if extra_keys:
            for p, f in enumerate(records):
                if f.extra:
                    for key, value in f.extra.items():
                        if key in extra_keys:
                            column = extras.get(key)
                            if column is None:
                                column = extras[key] = [""] * n
                            column[p] = value
        self.extra = {key: _objects(values) for key, values in extras.items()}
        for key, values in self.extra.items():
            self.has["x:" + key] = values.astype(bool)
        self._derived: dict[tuple[str, str], np.ndarray] = {}

    def role_mailbox(self) -> np.ndarray:
        """Per record: is its e-mail a team's mailbox (info@, sales@…)?"""
        return self._flags("email_local", "role", lambda v: bool(v) and local_is_role(v))

    def nicknamed(self, column: str) -> np.ndarray:
        """Per record: is its `column` value (a name) in the nickname table?"""
        return self._flags(column, "nicknamed", lambda v: bool(nickname_groups(v)))

    def _flags(self, column: str, kind: str, test: Callable[[str], bool]) -> np.ndarray:
        """`test` of each record's `column` value, computed once per column and kind."""
        found = self._derived.get((column, kind))
        if found is None:
            values = self.text[column]
            found = self._derived[(column, kind)] = np.fromiter(map(test, values), dtype=bool, count=values.size)
        return found

    def derived(self, column: str, kind: str) -> np.ndarray:
        """A per-record form of an extra column (`extra`) or a text column: its digits ("digits"), whether they
        are eight ("eight"), their year,
        month-day and day-month parts ("year", "mmdd", "ddmm"), its characters sorted ("sorted"), or
        ("number") its value as an integer when it is an ASCII number of at most 18 digits, -2 for other numbers
        (`str.isdigit`), -1 for the rest."""
        found = self._derived.get((column, kind))
        if found is None:
            values = self.extra[column] if column in self.extra else self.text[column]
            if kind == "digits":
                found = _objects([_digits(v) for v in values])
            elif kind in ("year", "mmdd", "ddmm"):
                digits = self.derived(column, "digits")
                found = _objects([v[:4] for v in digits] if kind == "year" else [v[4:8] for v in digits]
                                 if kind == "mmdd" else [v[6:8] + v[4:6] for v in digits])
            elif kind == "eight":  # eight digits (a date as yyyymmdd)
                found = _lengths(self.derived(column, "digits")) == 8
            elif kind == "number":
                found = np.array([(int(v) if v.isascii() and len(v) <= 18 else -2) if v.isdigit() else -1
                                  for v in values], dtype=np.int64)
            else:
                found = _objects(["".join(sorted(v)) for v in values])
            self._derived[(column, kind)] = found
        return found


class LevelColumns:
    """Comparison levels of a run of pairs for learning: per model field, codes into its level names
    (-1 where the field was not compared)."""

    def __init__(self, size: int):
        self.size = size
        self.fields: dict[str, tuple[tuple[str, ...], np.ndarray]] = {}

    def put(self, name: str, names: tuple[str, ...], at: np.ndarray, codes: np.ndarray) -> None:
        if not at.size:
            return
        entry = self.fields.get(name)
        if entry is None:
            entry = self.fields[name] = (names, np.full(self.size, -1, dtype=np.int8))
        entry[1][at] = codes

    def put_row(self, i: int, levels: list[tuple[str, str]], date_columns: frozenset[str]) -> None:
        """Pair i's levels as `pair_weight` lists them (replacing what was there)."""
        for _names, codes in self.fields.values():
            codes[i] = -1
        for name, level in levels:
            entry = self.fields.get(name)
            if entry is None or level not in entry[0]:
                names = tuple(prior_for(name, date_columns))
                codes = np.full(self.size, -1, dtype=np.int8)
                if entry is not None:  # re-code under the reference's level names
                    old = np.array([names.index(x) for x in entry[0]], dtype=np.int8)
                    codes = np.where(entry[1] >= 0, old[entry[1]], -1).astype(np.int8)
                entry = self.fields[name] = (names, codes)
            entry[1][i] = entry[0].index(level)

    def compared(self) -> np.ndarray:
        """Which pairs have at least one level."""
        found = np.zeros(self.size, dtype=bool)
        for _names, codes in self.fields.values():
            found |= codes >= 0
        return found

    def take(self, rows: np.ndarray) -> LevelColumns:
        out = LevelColumns(int(rows.size))
        out.fields = {name: (names, codes[rows]) for name, (names, codes) in self.fields.items()
                      if (codes[rows] >= 0).any()}
        return out


class _Run:
    """One batch of pairs (record positions `ia`, `ib` into `cols`) being weighed."""

    def __init__(self, cols: Columns, ia: np.ndarray, ib: np.ndarray, model: MatchModel,
                 levels: LevelColumns | None):
        self.cols, self.ia, self.ib, self.model, self.levels = cols, ia, ib, model, levels
        self.n = ia.size
        self._tf: dict[str, np.ndarray] = {}
        self.org_level = np.full(self.n, -1, dtype=np.int8)  # company-name level code of company pairs
        self.born_apart = np.zeros(self.n, dtype=bool)  # a date column clearly differs

    def pick(self, column: str, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Positions in `sel` where both records hold `column`, and the two sides' values there."""
        has = self.cols.has[column]
        at = sel[has[self.ia[sel]] & has[self.ib[sel]]]
        values = self.cols.text[column]
        return at, values[self.ia[at]], values[self.ib[at]]

    def sides(self, values: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return values[self.ia[at]], values[self.ib[at]]

    def lookup(self, name: str, names: tuple[str, ...], codes: np.ndarray) -> np.ndarray:
        """Field `name`'s weight at each level code."""
        table = self.model.weights.get(name) or self.model.table(name)
        return np.array([table.get(level, np.nan) for level in names])[codes]

    def weight(self, name: str, names: tuple[str, ...], at: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """Field `name`'s level weight per pair (0 where not compared); levels recorded for learning."""
        out = np.zeros(self.n)
        out[at] = self.lookup(name, names, codes)
        if self.levels is not None:
            self.levels.put(name, names, at, codes)
        return out

    def tf(self, name: str, column: str, at: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """Term-frequency adjustment of exact matches on the first record's value (0 elsewhere)."""
        out = np.zeros(self.n)
        adjust = self.model.tf.get(name) if self.model.tf else None
        if not adjust:
            return out
        per_record = self._tf.get(name)
        if per_record is None:
            per_record = self._tf[name] = np.array([adjust.get(v, 0.0) for v in self.cols.text[column]])
        exact = at[codes == 0]
        out[exact] = per_record[self.ia[exact]]
        return out

    def field(self, name: str, names: tuple[str, ...], at: np.ndarray, codes: np.ndarray,
              column: str | None = None) -> np.ndarray:
        """What `_Pair.add` returns: the level weight plus, with a `column`, the exact value's adjustment."""
        out = self.weight(name, names, at, codes)
        if column is not None:
            out += self.tf(name, column, at, codes)
        return out


def _digits(value: str) -> str:
    """`compare._digits`: the value's digits (a regular expression for the ASCII values folded fields hold)."""
    return _NOT_DIGITS.sub("", value) if value.isascii() else "".join(c for c in value if c.isdigit())


def _near(run: _Run, column: str, at: np.ndarray, within: int) -> np.ndarray:
    """`compare.numbers_near` of pairs `at`'s values of a text column: both numbers of the same length, at
    most `within` apart."""
    values, lengths = run.cols.derived(column, "number"), run.cols.length[column]
    xa, xb = run.sides(values, at)
    la, lb = run.sides(lengths, at)
    near = (xa >= 0) & (xb >= 0) & (la == lb) & (np.abs(xa - xb) <= within)
    long = np.flatnonzero(((xa == -2) | (xb == -2)) & (xa != -1) & (xb != -1))  # beyond int64: as the reference

    if long.size:
        a, b = run.sides(run.cols.text[column], at[long])
        near[long] = [numbers_near(x, y, within) for x, y in zip(a, b, strict=True)]
    return near


def _compared(run: _Run, column: str, sel: np.ndarray, names: tuple[str, ...],
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of `sel` where both records hold `column` (`at`), their two values, level codes set to exact
    where the values are equal and to different elsewhere, and the positions in `at` that are not exact."""
    at, a, b = run.pick(column, sel)
    code = _codes(at.size, names.index("different"))
    exact = a == b
    code[exact] = 0
    return at, a, b, code, np.flatnonzero(~exact)


def _codes(size: int, default: int) -> np.ndarray:
    return np.full(size, default, dtype=np.int8)


def _given(a: np.ndarray, b: np.ndarray, known: np.ndarray) -> np.ndarray:
    """`compare._given_level` of given names a[k], b[k] (both non-empty); `known`: whether both are in the
    nickname table (no other pair can be nicknames)."""
    code = _codes(a.size, GIVEN.index("different"))
    exact = a == b
    code[exact] = 0
    la, lb = _lengths(a), _lengths(b)
    short = np.flatnonzero(~exact & ((la == 1) | (lb == 1)))
    if short.size:
        same = np.array([x[0] == y[0] for x, y in zip(a[short], b[short], strict=True)], dtype=bool)
        code[short[same]] = GIVEN.index("initial")
    rest = np.flatnonzero(~exact & (la > 1) & (lb > 1))
    ra, rb = a[rest], b[rest]
    sim = _sim(JaroWinkler.similarity, ra, rb)
    typo = (sim >= 0.92) | (_dist(ra, rb) <= 1)
    sounds = np.flatnonzero(~typo & (sim >= 0.75))
    if sounds.size:
        typo[sounds] = [_meta(x) == _meta(y) for x, y in zip(ra[sounds], rb[sounds], strict=True)]
    out = np.where(sim >= 0.8, GIVEN.index("similar"), GIVEN.index("different")).astype(np.int8)
    other = np.flatnonzero(~typo & known[rest])
    nick = np.fromiter((are_nicknames(x, y) for x, y in zip(ra[other], rb[other], strict=True)), dtype=bool,
                       count=other.size)
    out[other[nick]] = GIVEN.index("nickname")
    out[typo] = GIVEN.index("typo")
    code[rest] = out
    return code


def _surname(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`compare._surname_level` of surnames a[k], b[k] (both non-empty)."""
    code = _codes(a.size, SURNAME.index("different"))
    exact = a == b
    code[exact] = 0
    rest = np.flatnonzero(~exact)
    ra, rb = a[rest], b[rest]
    la, lb = _lengths(ra), _lengths(rb)
    sim = _sim(JaroWinkler.similarity, ra, rb)
    typo = (sim >= 0.92) | ((la > 3) & (_dist(ra, rb) <= 1))
    similar = sim >= 0.8
    inside = np.flatnonzero(~typo & ~similar & (la > 3) & (lb > 3))
    if inside.size:
        similar[inside] = [x in y or y in x for x, y in zip(ra[inside], rb[inside], strict=True)]
    out = np.where(similar, SURNAME.index("similar"), SURNAME.index("different")).astype(np.int8)
    out[typo] = SURNAME.index("typo")
    code[rest] = out
    return code


def _reading(run: _Run, af: np.ndarray, al: np.ndarray, bf: np.ndarray, bl: np.ndarray, known: np.ndarray,
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`compare._name_weight` of one reading of names that are all present: weight, given and surname codes
    (`known`: both given names are in the nickname table)."""
    first, last = _given(af, bf, known), _surname(al, bl)
    weight = np.zeros(af.size)
    weight += run.lookup("first_name", GIVEN, first)
    weight += run.lookup("last_name", SURNAME, last)
    adjust = run.model.tf.get("last_name") if run.model.tf else None
    if adjust:
        exact = np.flatnonzero(last == 0)
        weight[exact] += [adjust.get(v, 0.0) for v in al[exact]]
    return weight, first, last


def _names(run: _Run, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`compare._names` of the person pairs `sel`: the name weight of the better reading (straight or
    swapped), whether a name clearly differs in it, and whether both differ (full-length arrays)."""
    n, ia, ib, text = run.n, run.ia, run.ib, run.cols.text
    at_f, fa, fb = run.pick("first", sel)
    nick_first, nick_last = run.cols.nicknamed("first"), run.cols.nicknamed("last")
    first = _given(fa, fb, nick_first[ia[at_f]] & nick_first[ib[at_f]])
    at_l, la, lb = run.pick("last", sel)
    last = _surname(la, lb)
    names = np.zeros(n)
    names[at_f] += run.lookup("first_name", GIVEN, first)
    names[at_l] += run.lookup("last_name", SURNAME, last)
    names += run.tf("last_name", "last", at_l, last)
    first_differs, last_differs = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    first_differs[at_f] = first == GIVEN.index("different")
    last_differs[at_l] = last == SURNAME.index("different")
    names_differ, both_differ = first_differs | last_differs, first_differs & last_differs
    # either record may have its names in the wrong columns: try both readings
    full = np.intersect1d(at_f, at_l, assume_unique=True)
    f0, l0 = run.cols.text["first0"], run.cols.text["last0"]
    cross = full[(names[full] < 8) & ((f0[ia[full]] == l0[ib[full]]) | (l0[ia[full]] == f0[ib[full]]))]
    if cross.size:
        a_first, a_last = text["first"][ia[cross]], text["last"][ia[cross]]
        b_first, b_last = text["first"][ib[cross]], text["last"][ib[cross]]
        w1, g1, s1 = _reading(run, a_last, a_first, b_first, b_last, nick_last[ia[cross]] & nick_first[ib[cross]])
        w2, g2, s2 = _reading(run, a_first, a_last, b_last, b_first, nick_first[ia[cross]] & nick_last[ib[cross]])
        one = w1 >= w2  # max() keeps the first of equals
        swapped = np.where(one, w1, w2) - SWAP_PENALTY
        used = swapped > names[cross]
        at = cross[used]
        names[at] = swapped[used]
        given, surname = np.where(one, g1, g2)[used], np.where(one, s1, s2)[used]
        first[np.searchsorted(at_f, at)] = given
        last[np.searchsorted(at_l, at)] = surname
        differs = (given == GIVEN.index("different")) | (surname == SURNAME.index("different"))
        names_differ[at] = differs
        both_differ[at] &= differs
    if run.levels is not None:
        run.levels.put("first_name", GIVEN, at_f, first)
        run.levels.put("last_name", SURNAME, at_l, last)
    return names, names_differ, both_differ


def _email(run: _Run, sel: np.ndarray, name: str) -> np.ndarray:
    at, a, b = run.pick("email", sel)
    if name == "email":  # a team's mailbox (info@…) says nothing of which person: not compared
        role = run.cols.role_mailbox()
        personal = ~(role[run.ia[at]] | role[run.ib[at]])
        at, a, b = at[personal], a[personal], b[personal]
    code = _codes(at.size, EMAIL.index("different"))
    exact = a == b
    code[exact] = 0
    rest = np.flatnonzero(~exact)
    loc_a, loc_b = run.sides(run.cols.text["email_local"], at[rest])
    dom_a, dom_b = run.sides(run.cols.text["email_domain"], at[rest])
    typo = (dom_a == dom_b) & (_dist(loc_a, loc_b) <= 1)
    same_local = (loc_a == loc_b) & (run.cols.length["email_local"][run.ia[at[rest]]] > 4)
    same_local[same_local] = [not _named(run, k) for k in at[rest][same_local].tolist()]
    out = np.where(typo, EMAIL.index("typo"),
                   np.where(same_local, EMAIL.index("same_local"), EMAIL.index("different"))).astype(np.int8)
    code[rest] = out
    return run.field(name, EMAIL, at, code)


def _named(run: _Run, k: int) -> bool:
    """`compare.local_from_names` of pair k's shared local part."""
    text, i, j = run.cols.text, run.ia[k], run.ib[k]
    return local_from_names(text["email_local"][i], (text["first"][i], text["last"][i], text["first"][j],
                                                     text["last"][j]))


def _phone(run: _Run, sel: np.ndarray, name: str) -> np.ndarray:
    at, a, b = run.pick("phone", sel)
    code = _codes(at.size, PHONE.index("different"))
    a7, b7 = run.sides(run.cols.text["phone7"], at)
    exact = (a == b) | (a7 == b7)
    code[exact] = 0
    rest = np.flatnonzero(~exact)
    la, lb = run.sides(run.cols.length["phone"], at[rest])
    typo = (la == lb) & (_dist(a[rest], b[rest]) <= 1)
    code[rest[typo]] = PHONE.index("typo")
    return run.field(name, PHONE, at, code, "phone")


def _binary(run: _Run, sel: np.ndarray, column: str, name: str, tf: bool) -> np.ndarray:
    at, a, b = run.pick(column, sel)
    code = np.where(a == b, 0, 1).astype(np.int8)
    return run.field(name, BINARY, at, code, column if tf else None)


def _linkedin(run: _Run, sel: np.ndarray) -> np.ndarray:
    shared = run.model.shared_ids
    if shared:
        own = np.fromiter((v not in shared for v in run.cols.text["linkedin"]), dtype=bool,
                          count=run.cols.text["linkedin"].size)
        sel = sel[own[run.ia[sel]]]
    return _binary(run, sel, "linkedin", "linkedin", tf=False)


def _company(run: _Run, sel: np.ndarray) -> np.ndarray:
    at, a, b, code, rest = _compared(run, "company", sel, COMPANY)
    similar = _sim(fuzz.token_set_ratio, a[rest], b[rest]) / 100 >= 0.85
    code[rest[similar]] = COMPANY.index("similar")
    weight = np.zeros(run.n)
    weight += run.field("company", COMPANY, at, code, "company")
    weight += _binary(run, sel, "domain", "domain", tf=True)
    return weight


def _street(run: _Run, sel: np.ndarray, name: str) -> np.ndarray:
    at, a, b = run.pick("street", sel)
    code = _codes(at.size, STREET.index("different"))
    exact = a == b
    code[exact] = 0
    rest = at[~exact]
    na, nb = run.sides(run.cols.text["street_num"], rest)
    len_a, len_b = run.sides(run.cols.length["street_num"], rest)
    same_num = (len_a > 0) & (na == nb)
    near_num = same_num | (len_a == 0) | (len_b == 0) | ((_dist(na, nb) <= 1) & (len_a > 1))
    near = _near(run, "street_num", rest, 2)
    # with house numbers neither near nor the same, the streets differ however alike their names: no similarity
    alike = np.flatnonzero(near_num | near)
    ra, rb = run.sides(run.cols.text["street"], rest[alike])
    sim = _sim(fuzz.ratio, ra, rb) / 100
    low = np.flatnonzero(sim < 0.85)
    sim[low] = np.maximum(sim[low], _sim(fuzz.token_sort_ratio, ra[low], rb[low]) / 100)
    close = sim >= 0.85
    out = np.where(same_num[alike] & (sim >= 0.5), STREET.index("same_number"),
                   STREET.index("different")).astype(np.int8)
    out[close & near[alike]] = STREET.index("near_number")
    out[close & near_num[alike]] = STREET.index("typo")
    code[np.flatnonzero(~exact)[alike]] = out
    return run.field(name, STREET, at, code)


def _city(run: _Run, sel: np.ndarray, name: str) -> np.ndarray:
    at, a, b, code, rest = _compared(run, "city", sel, CITY)
    code[rest[_sim(JaroWinkler.similarity, a[rest], b[rest]) >= 0.9]] = CITY.index("typo")
    return run.field(name, CITY, at, code, "city")


def _postcode(run: _Run, sel: np.ndarray, name: str) -> np.ndarray:
    at, a, b, code, rest = _compared(run, "postcode", sel, POSTCODE)
    ra, rb = a[rest], b[rest]
    la, lb = run.sides(run.cols.length["postcode"], at[rest])
    typo = (la == lb) & (_dist(ra, rb) <= 1)
    other = np.flatnonzero(~typo)
    near = _near(run, "postcode", at[rest[other]], 3)
    out = _codes(rest.size, POSTCODE.index("different"))
    out[other[near]] = POSTCODE.index("near")
    out[typo] = POSTCODE.index("typo")
    code[rest] = out
    return run.field(name, POSTCODE, at, code, "postcode")


def _address(run: _Run, sel: np.ndarray, prefix: str) -> np.ndarray:
    weight = np.zeros(run.n)
    weight += _street(run, sel, prefix + "street")
    weight += _city(run, sel, prefix + "city")
    weight += _postcode(run, sel, prefix + "postcode")
    weight += _binary(run, sel, "state", prefix + "state", tf=False)
    return weight


def _org_name(run: _Run, sel: np.ndarray) -> np.ndarray:
    at, a, b, code, rest = _compared(run, "org", sel, ORG_NAME)
    ra, rb = a[rest], b[rest]
    sa, sb = run.sides(run.cols.text["org_nospace"], at[rest])
    sort_sim = np.maximum(_sim(fuzz.token_sort_ratio, ra, rb), _sim(fuzz.ratio, sa, sb)) / 100
    set_sim = _sim(fuzz.token_set_ratio, ra, rb) / 100
    sim = np.maximum(sort_sim, set_sim)
    typo = sort_sim >= 0.9
    contained = set_sim >= 0.95
    maybe = np.flatnonzero(~typo & ~contained)
    if maybe.size:
        contained[maybe] = [is_prefix_abbrev(x, y) or is_acronym(x, y) or is_acronym(y, x)
                            for x, y in zip(ra[maybe], rb[maybe], strict=True)]
    out = np.where(sim >= 0.75, ORG_NAME.index("similar"), ORG_NAME.index("different")).astype(np.int8)
    out[contained] = ORG_NAME.index("contained")
    out[typo] = ORG_NAME.index("typo")
    code[rest] = out
    run.org_level[at] = code
    return run.field("org:company", ORG_NAME, at, code, "org")


def _extra(run: _Run, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weight of the identifier-like extra columns, and whether one agrees exactly (see `compare._extra`)."""
    weight = np.zeros(run.n)
    shared = np.zeros(run.n, dtype=bool)
    cols = run.cols
    for key, values in cols.extra.items():
        has = cols.has["x:" + key]
        at = sel[has[run.ia[sel]] & has[run.ib[sel]]]
        if not at.size:
            continue
        if key in run.model.date_columns:
            names = DATE
            a, b = run.sides(cols.derived(key, "digits"), at)
            code = _codes(at.size, DATE.index("different"))
            exact = a == b
            rest = np.flatnonzero(~exact)
            ra, rb = a[rest], b[rest]
            eight_a, eight_b = run.sides(cols.derived(key, "eight"), at[rest])
            year_a, year_b = run.sides(cols.derived(key, "year"), at[rest])
            year = eight_a & eight_b & (year_a == year_b)
            month_day = cols.derived(key, "mmdd")[run.ia[at[rest]]]
            day_month = cols.derived(key, "ddmm")[run.ib[at[rest]]]
            swapped = year & (month_day == day_month)
            typo = _dist(ra, rb) <= 1
            out = np.where(swapped, DATE.index("swapped"), np.where(
                typo, DATE.index("typo"), np.where(year, DATE.index("same_year"), DATE.index("different"))))
            code[rest] = out
            code[exact] = 0
            run.born_apart[at[code == DATE.index("different")]] = True
        else:
            names = EXTRA
            a, b = run.sides(values, at)
            code = _codes(at.size, EXTRA.index("different"))
            exact = a == b
            rest = np.flatnonzero(~exact)
            sa, sb = run.sides(cols.derived(key, "sorted"), at[rest])
            typo = (_dist(a[rest], b[rest]) <= 1) | (sa == sb)
            code[rest[typo]] = EXTRA.index("typo")
            code[exact] = 0
        shared[at[code == 0]] = True
        field = run.weight("x:" + key, names, at, code)
        adjust = run.model.tf.get("x:" + key) if run.model.tf else None
        if adjust:
            exact_at = at[code == 0]
            field[exact_at] += [adjust.get(v, 0.0) for v in values[run.ia[exact_at]]]
        weight += field
    return weight, shared


def column_weights(cols: Columns, ia: np.ndarray, ib: np.ndarray, *, model: MatchModel,
                   extra_keys: frozenset[str] | None, levels: LevelColumns | None = None) -> np.ndarray:
    """Match weight of each pair (records `cols.records[ia[k]]`, `cols.records[ib[k]]`), as `pair_weight`
    gives it; NaN for two earlier survivors. With `levels`, the pairs' comparison levels go there too."""
    run = _Run(cols, ia, ib, model, levels)
    n = run.n
    out = np.full(n, np.nan)
    pa, pb = cols.person[ia], cols.person[ib]
    both_history = cols.history[ia] & cols.history[ib]
    alias = np.where(pa, cols.alias[ia], cols.alias[ib])
    person = np.flatnonzero(pa & pb & ~both_history)
    org = np.flatnonzero(~(pa & pb) & ((~pa & ~pb) | alias) & ~both_history)
    out[~both_history] = -60.0
    names_differ = both_differ = shared_id = np.zeros(n, dtype=bool)
    if person.size:
        names, names_differ, both_differ = _names(run, person)
        weight = model.prior + names
        weight += _email(run, person, "email")
        weight += _phone(run, person, "phone")
        weight += _linkedin(run, person)
        company = _company(run, person)
        address = _address(run, person, "")
        office = (company > 0) & (address > 0)
        address[office] *= OFFICE_ADDRESS_FACTOR
        weight += company + address
        out[person] = weight[person]
    if org.size:
        weight = model.prior + _org_name(run, org)
        weight += _phone(run, org, "org:phone")
        weight += _binary(run, org, "domain", "org:domain", tf=False)
        weight += _email(run, org, "org:email")
        weight += _address(run, org, "org:")
        out[org] = weight[org]
    compared = np.union1d(person, org)
    if cols.extra and compared.size:
        extra, shared_id = _extra(run, compared)
        out += extra
    records = cols.records
    # two people born apart, two firms in one building or two branches: capped as the reference caps them
    born_apart, org_named = run.born_apart, run.org_level >= 0
    for k in np.flatnonzero((born_apart | org_named) & (out > RELATIVE_CAP)).tolist():
        org_level = ORG_NAME[run.org_level[k]] if org_named[k] else ""
        out[k] = record_conflict_cap(records[ia[k]], records[ib[k]], float(out[k]), org_level=org_level,
                                     born_apart=bool(born_apart[k]), shared_id=bool(shared_id[k]), model=model)[0]
    # two people by name (colleagues, relatives): capped as the reference caps them
    for k in np.flatnonzero(names_differ & (out > RELATIVE_CAP)).tolist():
        out[k] = name_conflict_cap(records[ia[k]], records[ib[k]], float(out[k]), both_differ=bool(both_differ[k]),
                                   shared_id=bool(shared_id[k]), model=model)[0]
    return out


def pair_weights(features: Mapping[int, Features] | Sequence[Features], first: np.ndarray, second: np.ndarray, *,
                 model: MatchModel, extra_keys: frozenset[str] | None, levels: LevelColumns | None = None,
                 columns: Columns | None = None) -> np.ndarray:
    """`column_weights` of the pairs (first[k], second[k]) of record indexes into `features`; `columns`, when
    given, are the columns of every record of `features` (a sequence), built beforehand."""
    if columns is not None:
        return column_weights(columns, first, second, model=model, extra_keys=extra_keys, levels=levels)
    if not first.size:
        return np.empty(0, dtype=np.float64)
    positions = np.union1d(first, second)
    cols = Columns([features[i] for i in positions.tolist()], extra_keys)
    ia, ib = np.searchsorted(positions, first), np.searchsorted(positions, second)
    return column_weights(cols, ia, ib, model=model, extra_keys=extra_keys, levels=levels)
