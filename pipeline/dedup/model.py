"""The match model: per field and comparison level, m and u probabilities and the weight log2(m/u) in bits.

`PRIORS` are the documented starting values (from published linkage studies); `learning.model_learn` replaces
them with values learned from each file when the file is large enough (see docs/dedup-scoring.md). A model
also carries term-frequency adjustments (an exact match on a frequent value says less than on a rare one) and
the phone values it treats as company-level (a switchboard several people share).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

# Prior odds that a random pair of records is a duplicate, in bits (1 : 2^12).
PRIOR_WEIGHT = -12.0

# field → level → (m, u). Field names are the reasons' names; organisation comparisons have their own fields.
PRIORS: dict[str, dict[str, tuple[float, float]]] = {
    "first_name": {"exact": (0.86, 0.012), "nickname": (0.04, 0.002), "typo": (0.05, 0.004),
                   "initial": (0.02, 0.006), "similar": (0.02, 0.04), "different": (0.01, 0.94)},
    "last_name": {"exact": (0.86, 0.003), "typo": (0.08, 0.002), "similar": (0.03, 0.02),
                  "different": (0.03, 0.975)},
    "email": {"exact": (0.7, 0.00005), "same_local": (0.06, 0.002), "typo": (0.04, 0.0002),
              "different": (0.2, 0.998)},
    "phone": {"exact": (0.7, 0.0005), "typo": (0.05, 0.001), "different": (0.25, 0.998)},
    "linkedin": {"exact": (0.8, 0.00002), "different": (0.2, 0.99998)},
    "company": {"exact": (0.75, 0.02), "similar": (0.15, 0.03), "different": (0.1, 0.95)},
    "domain": {"exact": (0.8, 0.05), "different": (0.2, 0.95)},
    "street": {"exact": (0.7, 0.0005), "typo": (0.15, 0.002), "near_number": (0.03, 0.001),
               "same_number": (0.05, 0.02), "different": (0.07, 0.98)},
    "city": {"exact": (0.85, 0.05), "typo": (0.08, 0.01), "different": (0.07, 0.94)},
    "postcode": {"exact": (0.85, 0.01), "typo": (0.06, 0.01), "near": (0.02, 0.01), "different": (0.07, 0.97)},
    "state": {"exact": (0.9, 0.3), "different": (0.1, 0.7)},
    "org:company": {"exact": (0.55, 0.0005), "typo": (0.2, 0.001), "contained": (0.15, 0.004),
                    "similar": (0.06, 0.03), "different": (0.04, 0.966)},
    "org:phone": {"exact": (0.7, 0.0002), "typo": (0.1, 0.001), "different": (0.2, 0.998)},
    "org:domain": {"exact": (0.8, 0.0025), "different": (0.04, 0.9025)},
    "org:city": {"exact": (0.7, 0.2), "typo": (0.05, 0.02), "different": (0.25, 0.78)},
    "org:street": {"exact": (0.7, 0.0005), "typo": (0.15, 0.002), "near_number": (0.03, 0.001),
                   "same_number": (0.05, 0.02), "different": (0.07, 0.98)},
    "org:postcode": {"exact": (0.85, 0.01), "typo": (0.06, 0.01), "near": (0.02, 0.01), "different": (0.07, 0.97)},
    "org:state": {"exact": (0.9, 0.3), "different": (0.1, 0.7)},
    "org:email": {"exact": (0.7, 0.00005), "same_local": (0.06, 0.002), "typo": (0.04, 0.0002),
                  "different": (0.2, 0.998)},
}
# An identifier-like extra column (customer number, national id) and a date column (date of birth).
EXTRA_PRIOR = {"exact": (0.85, 0.013), "typo": (0.1, 0.025), "different": (0.05, 0.962)}
DATE_PRIOR = {"exact": (0.85, 0.0005), "swapped": (0.03, 0.0002), "typo": (0.07, 0.003),
              "same_year": (0.02, 0.015), "different": (0.03, 0.98)}
# A company phone in a person comparison (mapped from "Corporate Phone"): colleagues share it.
COMPANY_PHONE_PRIOR = {"exact": (0.7, 0.03), "typo": (0.05, 0.01), "different": (0.25, 0.96)}


def bits(m: float, u: float) -> float:
    return round(math.log2(m / u), 2)


def prior_for(name: str, date_columns: frozenset[str] = frozenset()) -> dict[str, tuple[float, float]]:
    """The prior (m, u) table of a field; an extra column ("x:<name>") takes the identifier or date prior."""
    if name.startswith("x:"):
        return DATE_PRIOR if name[2:] in date_columns else EXTRA_PRIOR
    return PRIORS[name]


@dataclass
class MatchModel:
    """Weights in bits per field and level, the prior, and per-value adjustments for exact matches."""

    prior: float = PRIOR_WEIGHT
    weights: dict[str, dict[str, float]] = field(default_factory=dict)
    tf: dict[str, dict[str, float]] = field(default_factory=dict)  # field → value → bits added to "exact"
    shared_phones: frozenset[str] = frozenset()  # phone values several different people share
    # e-mails and LinkedIn profiles three or more leads of the file share (info@…, a page, not a person's)
    shared_ids: frozenset[str] = frozenset()
    company_phone: bool = False  # the phone column is a company's (switchboard, "Corporate Phone")
    date_columns: frozenset[str] = frozenset()
    summary: dict[str, Any] = field(default_factory=dict)  # how it was made: for batch metrics and the bench

    def table(self, name: str) -> dict[str, float]:
        found = self.weights.get(name)
        if found is None:
            found = self.weights[name] = {lvl: bits(m, u) for lvl, (m, u) in prior_for(name, self.date_columns).items()}
        return found


def model_default(*, company_phone: bool = False, date_columns: frozenset[str] = frozenset(),
                  shared_phones: frozenset[str] = frozenset()) -> MatchModel:
    """The documented priors, used when a file is too small to learn from."""
    weights = {name: {lvl: bits(m, u) for lvl, (m, u) in levels.items()} for name, levels in PRIORS.items()}
    if company_phone:
        weights["phone"] = {lvl: bits(m, u) for lvl, (m, u) in COMPANY_PHONE_PRIOR.items()}
    return MatchModel(weights=weights, company_phone=company_phone, date_columns=date_columns,
                      shared_phones=shared_phones, summary={"learned": False})


DEFAULT_MODEL = model_default()
