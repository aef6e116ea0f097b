"""Fellegi–Sunter scoring of one candidate pair.

Each field comparison falls into a level (exact, nickname, typo, initial, different, missing) and
every level carries a match weight: log2(m/u), where m is how often true duplicates show that level
and u how often two different people/companies do. The pair's weight is the prior log-odds plus the
sum of its field weights; its probability is 1 / (1 + 2^-weight). A missing value on either side adds
nothing. The weights come from a `MatchModel`: learned from each file (`learning.model_learn`), or the
documented priors (`model.DEFAULT_MODEL`) when a file is too small to learn from.

This module is the reference, one pair at a time, and what explains a pair to people (`pair_score`);
`vector_weights` computes the same weights for many pairs at once (the linker uses it).
"""

from __future__ import annotations

from dataclasses import dataclass

from jellyfish import metaphone
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from leadsite.core.text.mailboxes import local_is_role

from .model import DEFAULT_MODEL, PRIOR_WEIGHT, MatchModel
from .nicknames import are_nicknames
from .records import Features

__all__ = ["PRIOR_WEIGHT", "PairScore", "pair_score", "pair_weight", "probability_of"]

# Highest weight for two records whose given names or surnames clearly differ (see _relatives): p ≈ 0.03.
RELATIVE_CAP = -5.0
# Highest weight for two people whose given names and surnames both clearly differ and who share no personal
# identifier (e-mail, LinkedIn profile, person-level id column): colleagues, whatever company columns they share.
COLLEAGUE_CAP = -10.0
# Colleagues share the office address: with the same company, address agreement counts for less.
OFFICE_ADDRESS_FACTOR = 0.3
SWAP_PENALTY = 1.0
# Term-frequency adjustments are kept within these bits (a value's frequency is estimated, not known).
TF_MIN, TF_MAX = -10.0, 3.0


@dataclass(slots=True)
class PairScore:
    weight: float
    probability: float
    reasons: list[tuple[str, str, float]]  # (field, level, similarity)
    field_weights: list[float]  # each reason's match weight in bits (what it added to the pair's weight)


def probability_of(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight <= -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-weight))


class _Pair:
    """One comparison's running weight, with its reasons (for people) and levels (for learning) when asked."""

    __slots__ = ("model", "weight", "reasons", "levels")

    def __init__(self, model: MatchModel, reasons: list | None, levels: list | None):
        self.model, self.weight, self.reasons, self.levels = model, 0.0, reasons, levels

    def add(self, name: str, shown: str, level: str, sim: float, value: str = "") -> float:
        """Add field `name`'s weight at `level` (plus the term-frequency adjustment of an exact `value`)."""
        model = self.model
        weight = (model.weights.get(name) or model.table(name))[level]
        if value and level == "exact" and model.tf:
            tf = model.tf.get(name)
            if tf:
                weight += tf.get(value, 0.0)
        if self.reasons is not None:
            self.reasons.append((shown, level, sim, weight))
        if self.levels is not None:
            self.levels.append((name, level))
        return weight


def _given_level(a: str, b: str) -> tuple[str, float]:
    if a == b:
        return "exact", 1.0
    if len(a) == 1 or len(b) == 1:
        return ("initial", 0.5) if a[0] == b[0] else ("different", 0.0)
    sim = JaroWinkler.similarity(a, b)
    if sim >= 0.92 or DamerauLevenshtein.distance(a, b) <= 1 or (sim >= 0.75 and metaphone(a) == metaphone(b)):
        return "typo", sim
    if are_nicknames(a, b):
        return "nickname", 0.9
    if sim >= 0.8:
        return "similar", sim
    return "different", sim


def _surname_level(a: str, b: str) -> tuple[str, float]:
    if a == b:
        return "exact", 1.0
    sim = JaroWinkler.similarity(a, b)
    if sim >= 0.92 or (len(a) > 3 and DamerauLevenshtein.distance(a, b) <= 1):
        return "typo", sim
    if sim >= 0.8 or (len(a) > 3 and len(b) > 3 and (a in b or b in a)):
        return "similar", sim
    return "different", sim


def _names(a: Features, b: Features, pair: _Pair) -> tuple[float, bool, bool]:
    """Name weight of the better reading (straight or swapped); whether a name clearly differs in it (a
    swapped reading counts only when it makes both names agree), and whether both differ."""
    model = pair.model
    straight = _name_weight(model, a.first, a.last, b.first, b.last)
    best, swapped_used = straight, False
    if (a.first and a.last and b.first and b.last and straight[0] < 8
            and (a.first[0] == b.last[0] or a.last[0] == b.first[0])):
        # Either record may have its names in the wrong columns: try both readings.
        swapped = max(_name_weight(model, a.last, a.first, b.first, b.last),
                      _name_weight(model, a.first, a.last, b.last, b.first), key=lambda t: t[0])
        if swapped[0] - SWAP_PENALTY > straight[0]:
            best, swapped_used = (swapped[0] - SWAP_PENALTY, swapped[1], swapped[2], swapped[3]), True
    # Two people by name: both names differ read straight, and the swapped reading (when tried) does not
    # make them agree either (it only ever rescues one of the two names).
    both_differ = straight[3] and (not swapped_used or best[2])
    for name, level, sim, _value, field_weight in best[1]:
        shown_level = level + "_swapped" if swapped_used else level
        if pair.reasons is not None:
            pair.reasons.append((name, shown_level, sim, field_weight - (SWAP_PENALTY / 2 if swapped_used else 0.0)))
        if pair.levels is not None:
            pair.levels.append((name, level))
    return best[0], best[2], both_differ


def _name_weight(model: MatchModel, af: str, al: str, bf: str, bl: str) -> tuple[float, list, bool, bool]:
    weight = 0.0
    out = []
    first_differs = last_differs = False
    if af and bf:
        level, sim = _given_level(af, bf)
        given = (model.weights.get("first_name") or model.table("first_name"))[level]
        weight += given
        out.append(("first_name", level, sim, af, given))
        first_differs = level == "different"
    if al and bl:
        level, sim = _surname_level(al, bl)
        surname = (model.weights.get("last_name") or model.table("last_name"))[level]
        weight += surname
        if level == "exact" and model.tf:
            tf = model.tf.get("last_name")
            if tf:
                adjust = tf.get(al, 0.0)
                weight += adjust
                surname += adjust
        out.append(("last_name", level, sim, al, surname))
        last_differs = level == "different"
    return weight, out, first_differs or last_differs, first_differs and last_differs


def _email(a: Features, b: Features, pair: _Pair, name: str = "email") -> float:
    if not a.email or not b.email:
        return 0.0
    if name == "email" and (local_is_role(a.email_local) or local_is_role(b.email_local)):
        if pair.reasons is not None:  # info@, sales@: a team's mailbox says nothing of which person
            pair.reasons.append(("email", "role_mailbox", 0.0, 0.0))
        return 0.0
    if a.email == b.email:
        level, sim = "exact", 1.0
    elif a.email_domain == b.email_domain and DamerauLevenshtein.distance(a.email_local, b.email_local) <= 1:
        level, sim = "typo", 0.95
    elif (a.email_local == b.email_local and len(a.email_local) > 4
          and not local_from_names(a.email_local, (a.first, a.last, b.first, b.last))):
        level, sim = "same_local", 0.8
    else:
        level, sim = "different", 0.0
    return pair.add(name, "email", level, sim)


def local_from_names(local: str, names: tuple[str, str, str, str]) -> bool:
    """Is this mailbox name made of the people's names (`names`: each record's given name and surname): "ann.lee",
    "alee", "lee.ann"? Then two domains sharing it say nothing the names have not said: namesakes at two
    companies have it too."""
    letters = "".join(c for c in local if c.isalpha())
    first_a, last_a, first_b, last_b = names
    return any(len(last) > 1 and last in letters for last in (last_a, last_b)) or any(
        len(first) > 2 and first in letters for first in (first_a, first_b))


def _phone(a: Features, b: Features, pair: _Pair, name: str) -> float:
    if not a.phone or not b.phone:
        return 0.0
    if a.phone == b.phone or a.phone[-7:] == b.phone[-7:]:
        level, sim = "exact", 1.0
    elif len(a.phone) == len(b.phone) and DamerauLevenshtein.distance(a.phone, b.phone) <= 1:
        level, sim = "typo", 0.9
    else:
        level, sim = "different", 0.0
    return pair.add(name, "phone", level, sim, a.phone)


def _linkedin(a: Features, b: Features, pair: _Pair) -> float:
    if not a.linkedin or not b.linkedin or a.linkedin in pair.model.shared_ids:
        return 0.0  # a profile three or more leads share identifies no one of them
    level = "exact" if a.linkedin == b.linkedin else "different"
    return pair.add("linkedin", "linkedin", level, 1.0 if level == "exact" else 0.0)


def numbers_near(x: str, y: str, within: int) -> bool:
    return x.isdigit() and y.isdigit() and len(x) == len(y) and abs(int(x) - int(y)) <= within


def _address(a: Features, b: Features, pair: _Pair, prefix: str) -> float:
    weight = 0.0
    if a.street and b.street:
        if a.street == b.street:
            level, sim = "exact", 1.0
        else:
            sim = fuzz.ratio(a.street, b.street) / 100
            if sim < 0.85:
                sim = max(sim, fuzz.token_sort_ratio(a.street, b.street) / 100)
            same_num = bool(a.street_num) and a.street_num == b.street_num
            near_num = same_num or not (a.street_num and b.street_num) or (
                DamerauLevenshtein.distance(a.street_num, b.street_num) <= 1 and len(a.street_num) > 1)
            if sim >= 0.85 and near_num:
                level = "typo"
            elif sim >= 0.85 and numbers_near(a.street_num, b.street_num, 2):
                level = "near_number"
            elif same_num and sim >= 0.5:
                level = "same_number"
            else:
                level = "different"
        weight += pair.add(prefix + "street", "street", level, sim)
    if a.city and b.city:
        if a.city == b.city:
            level, sim = "exact", 1.0
        else:
            sim = JaroWinkler.similarity(a.city, b.city)
            level = "typo" if sim >= 0.9 else "different"
        weight += pair.add(prefix + "city", "city", level, sim, a.city)
    if a.postcode and b.postcode:
        if a.postcode == b.postcode:
            level, sim = "exact", 1.0
        elif len(a.postcode) == len(b.postcode) and DamerauLevenshtein.distance(a.postcode, b.postcode) <= 1:
            level, sim = "typo", 0.8
        elif numbers_near(a.postcode, b.postcode, 3):
            level, sim = "near", 0.6
        else:
            level, sim = "different", 0.0
        weight += pair.add(prefix + "postcode", "postcode", level, sim, a.postcode)
    if a.state and b.state:
        level = "exact" if a.state == b.state else "different"
        weight += pair.add(prefix + "state", "state", level, 1.0 if level == "exact" else 0.0)
    return weight


def _company(a: Features, b: Features, pair: _Pair) -> float:
    weight = 0.0
    if a.company and b.company:
        if a.company == b.company:
            level, sim = "exact", 1.0
        else:
            sim = fuzz.token_set_ratio(a.company, b.company) / 100
            level = "similar" if sim >= 0.85 else "different"
        weight += pair.add("company", "company", level, sim, a.company)
    if a.domain and b.domain:
        level = "exact" if a.domain == b.domain else "different"
        weight += pair.add("domain", "domain", level, 1.0 if level == "exact" else 0.0, a.domain)
    return weight


def _org_name_level(ca: str, cb: str) -> tuple[str, float]:
    if ca == cb:
        return "exact", 1.0
    sort_sim = max(fuzz.token_sort_ratio(ca, cb), fuzz.ratio(ca.replace(" ", ""), cb.replace(" ", ""))) / 100
    set_sim = fuzz.token_set_ratio(ca, cb) / 100
    sim = max(sort_sim, set_sim)
    if sort_sim >= 0.9:
        return "typo", sim
    if set_sim >= 0.95 or is_prefix_abbrev(ca, cb) or is_acronym(ca, cb) or is_acronym(cb, ca):
        return "contained", sim
    if sim >= 0.75:
        return "similar", sim
    return "different", sim


def is_acronym(short: str, long: str) -> bool:
    """"ibm" ~ "international business machines": one word of two or more letters, the other's initials."""
    words = long.split()
    return " " not in short and 1 < len(short) == len(words) and short == "".join(w[0] for w in words)


def is_prefix_abbrev(a: str, b: str) -> bool:
    """"arts deli" ~ "arts delicatessen": same token count, each token a prefix of the other's."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        return False
    return all(x.startswith(y) or y.startswith(x) for x, y in zip(ta, tb, strict=True)) and len(ta[0]) > 1


def _date_level(va: str, vb: str) -> tuple[str, float]:
    """Two dates as digits (yyyymmdd): exact, day and month swapped, one typing error, same year, different."""
    if va == vb:
        return "exact", 1.0
    if len(va) == len(vb) == 8 and va[:4] == vb[:4] and va[4:6] == vb[6:8] and va[6:8] == vb[4:6]:
        return "swapped", 0.9
    if DamerauLevenshtein.distance(va, vb) <= 1:
        return "typo", 0.8
    if len(va) == len(vb) == 8 and va[:4] == vb[:4]:
        return "same_year", 0.4
    return "different", 0.0


def _extra(a: Features, b: Features, pair: _Pair, usable: frozenset[str]) -> tuple[float, bool, bool]:
    """Weight of the identifier-like extra columns; whether one agrees exactly; whether a date clearly differs."""
    weight = 0.0
    shared = born_apart = False
    dates = pair.model.date_columns
    for key, va in a.extra.items():
        if key not in usable:
            continue
        vb = b.extra.get(key)
        if not vb:
            continue
        if key in dates:
            level, sim = _date_level(_digits(va), _digits(vb))
        elif va == vb:
            level, sim = "exact", 1.0
        elif DamerauLevenshtein.distance(va, vb) <= 1 or sorted(va) == sorted(vb):
            level, sim = "typo", 0.8
        else:
            level, sim = "different", 0.0
        shared = shared or level == "exact"
        born_apart = born_apart or (key in dates and level == "different")
        weight += pair.add("x:" + key, key, level, sim, va)
    return weight, shared, born_apart


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def pair_weight(a: Features, b: Features, *, extra_keys: frozenset[str] | None = None,
                model: MatchModel = DEFAULT_MODEL, reasons: list | None = None, levels: list | None = None) -> float:
    """Match weight in bits (prior included); (field, level, similarity, field weight) go to `reasons` when a list
    is given, and (model field, level) to `levels` (for learning)."""
    pair = _Pair(model, reasons, levels)
    names_differ = both_differ = False
    org_level = ("", 0.0)
    if a.person and b.person:
        names, names_differ, both_differ = _names(a, b, pair)
        weight = model.prior + names
        weight += _email(a, b, pair)
        weight += _phone(a, b, pair, "phone")
        weight += _linkedin(a, b, pair)
        company = _company(a, b, pair)
        address = _address(a, b, pair, "")
        if company > 0 and address > 0:
            address *= OFFICE_ADDRESS_FACTOR
        weight += company + address
    elif not a.person and not b.person or (a.alias if a.person else b.alias):
        # Two company records, or a company and a bare name that may be the company's ("Art's Deli").
        ca, cb = a.alias or a.company, b.alias or b.company
        org_level = _org_name_level(ca, cb) if ca and cb else ("", 0.0)
        weight = model.prior
        if org_level[0]:
            weight += pair.add("org:company", "company", org_level[0], org_level[1], ca)
        weight += _phone(a, b, pair, "org:phone")
        if a.domain and b.domain:
            level = "exact" if a.domain == b.domain else "different"
            weight += pair.add("org:domain", "domain", level, 1.0 if level == "exact" else 0.0)
        weight += _email(a, b, pair, "org:email")
        weight += _address(a, b, pair, "org:")
    else:
        if reasons is not None:
            reasons.append(("person", "one_side_missing", 0.0, -60.0 - model.prior))
        return -60.0
    shared_id = born_apart = False
    if a.extra and b.extra and extra_keys:
        extra, shared_id, born_apart = _extra(a, b, pair, extra_keys)
        weight += extra
    if (born_apart or org_level[0]) and weight > RELATIVE_CAP:
        capped, conflict = record_conflict_cap(a, b, weight, org_level=org_level[0], born_apart=born_apart,
                                               shared_id=shared_id, model=model)
        if conflict:
            if reasons is not None:
                reasons.append((conflict, "conflict_cap", 0.0, capped - weight))
            return capped
    if names_differ and weight > RELATIVE_CAP:
        capped, conflict = name_conflict_cap(a, b, weight, both_differ=both_differ, shared_id=shared_id, model=model)
        if conflict and reasons is not None:
            reasons.append((conflict, "conflict_cap", 0.0, capped - weight))
        weight = capped
    return weight


def record_conflict_cap(a: Features, b: Features, weight: float, *, org_level: str, born_apart: bool,
                        shared_id: bool, model: MatchModel) -> tuple[float, str]:
    """The weight of two records that are two people or two firms whatever else they share, capped; with the
    capping field ("date", "company", "address") or "". `org_level`: the company-name level of two company
    records ("" for people); `born_apart`: a date column clearly differs."""
    if born_apart and _given_apart(a, b) and not _shared_personal(a, b, shared_id, model):
        return RELATIVE_CAP, "date"  # other dates of birth, other given names: relatives
    if org_level and not shared_id:
        conflict = _other_firm(a, b, org_level)
        if conflict:
            return RELATIVE_CAP, conflict
    return weight, ""


def _other_firm(a: Features, b: Features, name_level: str) -> str:
    """Two company records that are two firms, whatever else they share.

    Field weights assume independence, which fails for firms in one building (same address, other names) and
    for branches of one chain (same name and website, other address and phone): those cap the weight. A firm
    under another name is still the same when its website or e-mail says so.
    """
    if name_level == "different" and not (a.domain and a.domain == b.domain) and not (a.email and a.email == b.email):
        return "company"
    if _place_differs(a, b) and _line_differs(a, b):
        return "address"
    return ""


def _place_differs(a: Features, b: Features) -> bool:
    """Other street and other postcode or town (not a typing error in either)."""
    if not a.street or not b.street or a.street == b.street or fuzz.token_sort_ratio(a.street, b.street) >= 70:
        return False
    if a.postcode and b.postcode:
        return a.postcode != b.postcode and DamerauLevenshtein.distance(a.postcode, b.postcode) > 1
    return bool(a.city and b.city and JaroWinkler.similarity(a.city, b.city) < 0.9)


def _line_differs(a: Features, b: Features) -> bool:
    return bool(a.phone and b.phone and a.phone[-7:] != b.phone[-7:]
                and DamerauLevenshtein.distance(a.phone, b.phone) > 1)


def _given_apart(a: Features, b: Features) -> bool:
    """Given names that are neither one name (exact, mistyped, a nickname) nor the other's initial."""
    if not a.first or not b.first:
        return False
    return _given_level(a.first, b.first)[0] in ("similar", "different") and not _swapped(a, b)


def name_conflict_cap(a: Features, b: Features, weight: float, *, both_differ: bool, shared_id: bool,
                      model: MatchModel) -> tuple[float, str]:
    """The weight of two records whose names differ (one name, or both when `both_differ`), capped when they
    are two people (colleagues, relatives); with the capping field ("name", "first_name", "last_name") or ""."""
    personal = _shared_personal(a, b, shared_id, model)
    if both_differ and not personal and weight > COLLEAGUE_CAP:
        return COLLEAGUE_CAP, "name"
    if not shared_id:
        conflict = _relatives(a, b, model) or _other_surname(a, b, model)
        if conflict:
            return RELATIVE_CAP, conflict
    return weight, ""


def _shared_personal(a: Features, b: Features, shared_id: bool, model: MatchModel) -> bool:
    """Do the two share a person identifier: e-mail, LinkedIn profile, or a person-level id column?"""
    shared = model.shared_ids
    return (shared_id or _same_mailbox(a, b, model)
            or bool(a.linkedin and a.linkedin == b.linkedin and a.linkedin not in shared))


def _same_mailbox(a: Features, b: Features, model: MatchModel) -> bool:
    """One person's e-mail on both: not a team's (info@…) nor one many leads share."""
    return bool(a.email and a.email == b.email and a.email not in model.shared_ids
                and not local_is_role(a.email_local))


def _other_surname(a: Features, b: Features, model: MatchModel) -> str:
    """Clearly different surnames (not a typo, not swapped, no shared e-mail or personal phone): two people."""
    la, lb = a.last, b.last
    if len(la) < 3 or len(lb) < 3 or _same_mailbox(a, b, model):
        return ""
    if a.phone and a.phone == b.phone and not model.company_phone and a.phone not in model.shared_phones:
        return ""
    if _surname_level(la, lb)[0] != "different" or a.last_meta == b.last_meta:
        return ""
    return "" if _swapped(a, b) else "last_name"


def _relatives(a: Features, b: Features, model: MatchModel) -> str:
    """Clearly different given names and no shared e-mail: relatives or colleagues, not one person.

    Field weights assume independence, which fails for a household (same surname, same address) or
    two colleagues (same company, same switchboard): a clear first-name conflict then caps the weight.
    "Clear" leaves room for typing errors: unrelated spelling, sound and nickname, and not swapped.
    """
    fa, fb = a.first, b.first
    if len(fa) < 3 or len(fb) < 3 or _same_mailbox(a, b, model) or a.first_meta == b.first_meta:
        return ""
    if JaroWinkler.similarity(fa, fb) >= 0.75 or fa in fb or fb in fa or are_nicknames(fa, fb):
        return ""
    if DamerauLevenshtein.distance(fa, fb) <= 2:
        return ""
    return "" if _swapped(a, b) else "first_name"


def _swapped(a: Features, b: Features) -> bool:
    """Are the two the same name with given name and surname in each other's columns (loosely)?"""
    return _loosely(a.first, b.last) and _loosely(a.last, b.first)


def _loosely(x: str, y: str) -> bool:
    if not x or not y:
        return False
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return JaroWinkler.similarity(x, y) >= 0.85


def pair_score(a: Features, b: Features, *, extra_keys: frozenset[str] | None = None,
               model: MatchModel = DEFAULT_MODEL) -> PairScore:
    """Score two records; contacts are compared as people, records without a person as organisations."""
    found: list[tuple[str, str, float, float]] = []
    weight = pair_weight(a, b, extra_keys=extra_keys, model=model, reasons=found)
    return PairScore(weight=round(weight, 3), probability=probability_of(weight),
                     reasons=[(f, level, round(sim, 3)) for f, level, sim, _ in found],
                     field_weights=[round(bits, 2) for *_, bits in found])
