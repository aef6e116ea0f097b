"""Fellegi–Sunter scoring of one candidate pair.

Each field comparison falls into a level (exact, nickname, typo, initial, different, missing) and
every level carries a match weight: log2(m/u), where m is how often true duplicates show that level
and u how often two different people/companies do. The pair's weight is the prior log-odds plus the
sum of its field weights; its probability is 1 / (1 + 2^-weight). A missing value on either side adds
nothing. The m/u values are set from published record-linkage studies and checked for calibration
with bench/dedup.py (see docs/dedup-scoring.md); they are constants, not fitted to one file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from jellyfish import metaphone
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from .nicknames import are_nicknames
from .records import Features

# Prior odds that a random pair of records is a duplicate, in bits (1 : 2^12).
PRIOR_WEIGHT = -12.0
# Highest weight for two records whose given names or surnames clearly differ (see _relatives): p ≈ 0.03.
RELATIVE_CAP = -5.0
# Colleagues share the office address: with the same company, address agreement counts for less.
OFFICE_ADDRESS_FACTOR = 0.3


def _w(m: float, u: float) -> float:
    return round(math.log2(m / u), 2)


# Levels and weights, per field. Documented in docs/dedup-scoring.md.
W_FIRST = {"exact": _w(0.86, 0.012), "nickname": _w(0.04, 0.002), "typo": _w(0.05, 0.004),
           "initial": _w(0.02, 0.006), "similar": _w(0.02, 0.04), "different": _w(0.01, 0.94)}
W_LAST = {"exact": _w(0.86, 0.003), "typo": _w(0.08, 0.002), "similar": _w(0.03, 0.02),
          "different": _w(0.03, 0.975)}
SWAP_PENALTY = 1.0
W_EMAIL = {"exact": _w(0.7, 0.00005), "same_local": _w(0.06, 0.002), "typo": _w(0.04, 0.0002),
           "different": _w(0.2, 0.998)}
W_PHONE = {"exact": _w(0.7, 0.0005), "typo": _w(0.05, 0.001), "different": _w(0.25, 0.998)}
W_COMPANY = {"exact": _w(0.75, 0.02), "similar": _w(0.15, 0.03), "different": _w(0.1, 0.95)}
W_DOMAIN = {"exact": _w(0.8, 0.05), "different": _w(0.2, 0.95)}
W_STREET = {"exact": _w(0.7, 0.0005), "typo": _w(0.15, 0.002), "same_number": _w(0.05, 0.02),
            "different": _w(0.1, 0.98)}
W_CITY = {"exact": _w(0.85, 0.05), "typo": _w(0.08, 0.01), "different": _w(0.07, 0.94)}
W_POSTCODE = {"exact": _w(0.85, 0.01), "typo": _w(0.08, 0.01), "different": _w(0.07, 0.98)}
W_STATE = {"exact": _w(0.9, 0.3), "different": _w(0.1, 0.7)}
W_EXTRA = {"exact": 6.0, "typo": 2.0, "different": -2.5}

# Organisation records (no person on either side): the name and the phone carry most evidence.
W_ORG_NAME = {"exact": _w(0.55, 0.0005), "typo": _w(0.2, 0.001), "contained": _w(0.15, 0.004),
              "similar": _w(0.06, 0.03), "different": _w(0.04, 0.966)}
W_ORG_PHONE = {"exact": _w(0.7, 0.0002), "typo": _w(0.1, 0.001), "different": _w(0.2, 0.998)}
W_ORG_CITY = {"exact": _w(0.7, 0.2), "typo": _w(0.05, 0.02), "different": _w(0.25, 0.78)}


@dataclass(slots=True)
class PairScore:
    weight: float
    probability: float
    reasons: list[tuple[str, str, float]]  # (field, level, similarity)


def probability_of(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight <= -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-weight))


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


def _names(a: Features, b: Features, reasons: list | None) -> tuple[float, bool]:
    """Name weight of the better reading (straight or swapped), and whether a name clearly differs."""
    straight = _name_weight(a.first, a.last, b.first, b.last)
    best = straight
    if (a.first and a.last and b.first and b.last and straight[0] < 8
            and (a.first[0] == b.last[0] or a.last[0] == b.first[0])):
        # Either record may have its names in the wrong columns: try both readings.
        swapped = max(_name_weight(a.last, a.first, b.first, b.last), _name_weight(a.first, a.last, b.last, b.first),
                      key=lambda t: t[0])
        if swapped[0] - SWAP_PENALTY > straight[0]:
            best = (swapped[0] - SWAP_PENALTY, [(f, lvl + "_swapped", s) for f, lvl, s in swapped[1]], swapped[2])
    if reasons is not None:
        reasons.extend(best[1])
    return best[0], best[2]


def _name_weight(af: str, al: str, bf: str, bl: str) -> tuple[float, list, bool]:
    weight = 0.0
    out = []
    differs = False
    if af and bf:
        level, sim = _given_level(af, bf)
        weight += W_FIRST[level]
        out.append(("first_name", level, sim))
        differs = level == "different"
    if al and bl:
        level, sim = _surname_level(al, bl)
        weight += W_LAST[level]
        out.append(("last_name", level, sim))
        differs = differs or level == "different"
    return weight, out, differs


def _email(a: Features, b: Features, reasons: list) -> float:
    if not a.email or not b.email:
        return 0.0
    if a.email == b.email:
        level, sim = "exact", 1.0
    elif a.email_domain == b.email_domain and DamerauLevenshtein.distance(a.email_local, b.email_local) <= 1:
        level, sim = "typo", 0.95
    elif a.email_local == b.email_local and len(a.email_local) > 4:
        level, sim = "same_local", 0.8
    else:
        level, sim = "different", 0.0
    if reasons is not None:
        reasons.append(("email", level, sim))
    return W_EMAIL[level]


def _phone(a: Features, b: Features, reasons: list, table: dict) -> float:
    if not a.phone or not b.phone:
        return 0.0
    if a.phone == b.phone or a.phone[-7:] == b.phone[-7:]:
        level, sim = "exact", 1.0
    elif len(a.phone) == len(b.phone) and DamerauLevenshtein.distance(a.phone, b.phone) <= 1:
        level, sim = "typo", 0.9
    else:
        level, sim = "different", 0.0
    if reasons is not None:
        reasons.append(("phone", level, sim))
    return table[level]


def _address(a: Features, b: Features, reasons: list, city_table: dict) -> float:
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
            elif same_num and sim >= 0.5:
                level = "same_number"
            else:
                level = "different"
        weight += W_STREET[level]
        if reasons is not None:
            reasons.append(("street", level, sim))
    if a.city and b.city:
        if a.city == b.city:
            level, sim = "exact", 1.0
        else:
            sim = JaroWinkler.similarity(a.city, b.city)
            level = "typo" if sim >= 0.9 else "different"
        weight += city_table[level]
        if reasons is not None:
            reasons.append(("city", level, sim))
    if a.postcode and b.postcode:
        if a.postcode == b.postcode:
            level, sim = "exact", 1.0
        elif len(a.postcode) == len(b.postcode) and DamerauLevenshtein.distance(a.postcode, b.postcode) <= 1:
            level, sim = "typo", 0.8
        else:
            level, sim = "different", 0.0
        weight += W_POSTCODE[level]
        if reasons is not None:
            reasons.append(("postcode", level, sim))
    if a.state and b.state:
        level = "exact" if a.state == b.state else "different"
        weight += W_STATE[level]
        if reasons is not None:
            reasons.append(("state", level, 1.0 if level == "exact" else 0.0))
    return weight


def _company(a: Features, b: Features, reasons: list) -> float:
    weight = 0.0
    if a.company and b.company:
        if a.company == b.company:
            level, sim = "exact", 1.0
        else:
            sim = fuzz.token_set_ratio(a.company, b.company) / 100
            level = "similar" if sim >= 0.85 else "different"
        weight += W_COMPANY[level]
        if reasons is not None:
            reasons.append(("company", level, sim))
    if a.domain and b.domain:
        level = "exact" if a.domain == b.domain else "different"
        weight += W_DOMAIN[level]
        if reasons is not None:
            reasons.append(("domain", level, 1.0 if level == "exact" else 0.0))
    return weight


def _org_name(ca: str, cb: str, reasons: list | None) -> float:
    if not ca or not cb:
        return 0.0
    if ca == cb:
        level, sim = "exact", 1.0
    else:
        sort_sim = max(fuzz.token_sort_ratio(ca, cb), fuzz.ratio(ca.replace(" ", ""), cb.replace(" ", ""))) / 100
        set_sim = fuzz.token_set_ratio(ca, cb) / 100
        sim = max(sort_sim, set_sim)
        if sort_sim >= 0.9:
            level = "typo"
        elif set_sim >= 0.95 or _is_prefix_abbrev(ca, cb):
            level = "contained"
        elif sim >= 0.75:
            level = "similar"
        else:
            level = "different"
    if reasons is not None:
        reasons.append(("company", level, sim))
    return W_ORG_NAME[level]


def _is_prefix_abbrev(a: str, b: str) -> bool:
    """"arts deli" ~ "arts delicatessen": same token count, each token a prefix of the other's."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        return False
    return all(x.startswith(y) or y.startswith(x) for x, y in zip(ta, tb, strict=True)) and len(ta[0]) > 1


def _extra(a: Features, b: Features, reasons: list, usable: frozenset[str] | None) -> float:
    if not a.extra or not b.extra or not usable:
        return 0.0
    weight = 0.0
    for key, va in a.extra.items():
        if key not in usable:
            continue
        vb = b.extra.get(key)
        if not vb:
            continue
        if va == vb:
            level, sim = "exact", 1.0
        elif DamerauLevenshtein.distance(va, vb) <= 1 or sorted(va) == sorted(vb):
            level, sim = "typo", 0.8
        else:
            level, sim = "different", 0.0
        weight += W_EXTRA[level]
        if reasons is not None:
            reasons.append((key, level, sim))
    return weight


def pair_weight(a: Features, b: Features, *, extra_keys: frozenset[str] | None = None,
                reasons: list | None = None) -> float:
    """Match weight in bits (prior included); field levels go to `reasons` when a list is given."""
    names_differ = False
    if a.person and b.person:
        names, names_differ = _names(a, b, reasons)
        weight = PRIOR_WEIGHT + names
        weight += _email(a, b, reasons)
        weight += _phone(a, b, reasons, W_PHONE)
        company = _company(a, b, reasons)
        address = _address(a, b, reasons, W_CITY)
        if company > 0 and address > 0:
            address *= OFFICE_ADDRESS_FACTOR
        weight += company + address
    elif not a.person and not b.person or (a.alias if a.person else b.alias):
        # Two company records, or a company and a bare name that may be the company's ("Art's Deli").
        weight = PRIOR_WEIGHT + _org_name(a.alias or a.company, b.alias or b.company, reasons)
        weight += _phone(a, b, reasons, W_ORG_PHONE)
        if a.domain and b.domain:
            level = "exact" if a.domain == b.domain else "different"
            weight += W_DOMAIN[level] * 2
            if reasons is not None:
                reasons.append(("domain", level, 1.0 if level == "exact" else 0.0))
        weight += _email(a, b, reasons)
        weight += _address(a, b, reasons, W_ORG_CITY)
    else:
        if reasons is not None:
            reasons.append(("person", "one_side_missing", 0.0))
        return -60.0
    if a.extra and b.extra and extra_keys:
        weight += _extra(a, b, reasons, extra_keys)
    if names_differ and weight > RELATIVE_CAP and not _shared_identifier(a, b, extra_keys):
        conflict = _relatives(a, b) or _other_surname(a, b)
        if conflict:
            if reasons is not None:
                reasons.append((conflict, "conflict_cap", 0.0))
            return RELATIVE_CAP
    return weight


def _other_surname(a: Features, b: Features) -> str:
    """Clearly different surnames (not a typo, not swapped, no shared e-mail or phone): two people."""
    la, lb = a.last, b.last
    if len(la) < 3 or len(lb) < 3 or (a.email and a.email == b.email) or (a.phone and a.phone == b.phone):
        return ""
    if _surname_level(la, lb)[0] != "different" or a.last_meta == b.last_meta:
        return ""
    return "" if _loosely(la, b.first) or _loosely(lb, a.first) else "last_name"


def _relatives(a: Features, b: Features) -> str:
    """Clearly different given names and no shared e-mail: relatives or colleagues, not one person.

    Field weights assume independence, which fails for a household (same surname, same address) or
    two colleagues (same company, same switchboard): a clear first-name conflict then caps the weight.
    "Clear" leaves room for typing errors: unrelated spelling, sound and nickname, and not swapped.
    """
    fa, fb = a.first, b.first
    if len(fa) < 3 or len(fb) < 3 or (a.email and a.email == b.email) or a.first_meta == b.first_meta:
        return ""
    if JaroWinkler.similarity(fa, fb) >= 0.75 or fa in fb or fb in fa or are_nicknames(fa, fb):
        return ""
    if DamerauLevenshtein.distance(fa, fb) <= 2:
        return ""
    return "" if _loosely(fa, b.last) or _loosely(fb, a.last) else "first_name"


def _shared_identifier(a: Features, b: Features, extra_keys: frozenset[str] | None) -> bool:
    if not (a.extra and b.extra and extra_keys):
        return False
    return any(b.extra.get(k) == v for k, v in a.extra.items() if k in extra_keys)


def _loosely(x: str, y: str) -> bool:
    if not x or not y:
        return False
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return JaroWinkler.similarity(x, y) >= 0.85


def pair_score(a: Features, b: Features, *, extra_keys: frozenset[str] | None = None) -> PairScore:
    """Score two records; contacts are compared as people, records without a person as organisations."""
    reasons: list[tuple[str, str, float]] = []
    weight = pair_weight(a, b, extra_keys=extra_keys, reasons=reasons)
    reasons = [(f, level, round(sim, 3)) for f, level, sim in reasons]
    return PairScore(weight=round(weight, 3), probability=probability_of(weight), reasons=reasons)
