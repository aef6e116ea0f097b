"""Plain records in, compact comparison features out: the dedup library needs no database.

`DedupRecord` is what a caller hands over (the phase adapts Lead rows, the bench builds them
directly). `Features` is the normalised, compact form that blocking and comparison use.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jellyfish

from leadsite.core.text.companies import COMPANY_STOPWORDS, company_tokens
from leadsite.core.text.folding import fold_words
from leadsite.core.text.mailboxes import local_is_role

from . import normalize as norm

# Fields that make a record "more complete" when choosing the survivor of a cluster.
COMPLETENESS_FIELDS = (
    "first_name", "last_name", "email", "phone", "title", "company_name", "domain", "street", "city",
    "postcode", "country", "industry", "linkedin",
)


@dataclass(slots=True)
class DedupRecord:
    id: Any
    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    email: str = ""
    phone: str = ""
    title: str = ""
    company_name: str = ""
    company_key: str = ""
    domain: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postcode: str = ""
    country: str = ""
    industry: str = ""
    linkedin: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    recency: float = 0.0  # larger is more recent
    history: bool = False  # an earlier batch's survivor: canonical, never changed
    gated: bool = False  # can never qualify (e.g. unreadable row): never preferred as survivor
    cluster_id: str = ""  # for history records: their existing cluster id

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], **overrides: Any) -> DedupRecord:
        values = {name: data.get(name) for name in cls.__slots__ if name in data}
        values.update(overrides)
        for name, value in list(values.items()):
            if value is None:
                values.pop(name)
        return cls(**values)


_completeness = operator.attrgetter(*COMPLETENESS_FIELDS)
_EMPTY_NAME = ("", "", "", "")


@lru_cache(maxsize=100_000)
def _name_part(raw: str) -> tuple[str, str, str, str]:
    """(first token, its metaphone, all tokens joined, their metaphone) of one name field."""
    tokens = norm.name_tokens(raw)
    if not tokens:
        return _EMPTY_NAME
    joined = "".join(tokens)
    first_meta = jellyfish.metaphone(tokens[0])
    return tokens[0], first_meta, joined, (first_meta if joined == tokens[0] else jellyfish.metaphone(joined))


def name_key(raw: str) -> str:
    """A surname as Features holds it (all its tokens joined)."""
    return _name_part(raw)[2] if raw else ""


# Surname particles: a last name starting with one is a surname, not a given name and a surname.
_PARTICLES = frozenset("van von de der den del della di da dos das du la le ter ten mac mc st bin al el".split())


def _whole_name_in_one(record: DedupRecord) -> tuple[str, ...]:
    """The tokens of the whole name when it sits in the first or last name column with the other empty
    ("Stephen Morris"); () otherwise, and for a surname with particles ("van der Berg")."""
    if bool(record.first_name) == bool(record.last_name):
        return ()
    tokens = norm.name_tokens(record.first_name or record.last_name)
    if len(tokens) < 2 or (record.last_name and tokens[0] in _PARTICLES):
        return ()
    return tokens


@lru_cache(maxsize=100_000)
def _street(raw: str) -> tuple[str, str]:
    street = norm.street_normal(raw)
    return street, norm.street_number(street)


@lru_cache(maxsize=100_000)
def _name_as_company(name_text: str) -> tuple[bool, tuple[str, ...]]:
    """Is a bare name a company's (a company word, or four words or more)? And its company tokens."""
    words = fold_words(name_text.replace("&", " and ")).split()
    return len(words) >= 4 or not COMPANY_STOPWORDS.isdisjoint(words), company_tokens(name_text)


_postcode = lru_cache(maxsize=100_000)(norm.postcode_normal)


class Features:
    """Normalised values of one record, with slots so that a million of them stay small."""

    __slots__ = (
        "idx", "person", "first", "last", "first_meta", "last_meta", "email", "email_local", "email_domain",
        "phone", "company", "company_first", "domain", "street", "street_num", "city", "postcode", "state",
        "extra", "completeness", "recency", "history", "gated", "cluster_id", "alias", "linkedin",
    )

    def __init__(self, record: DedupRecord, idx: int):
        self.idx = idx
        first, first_meta, _, _ = _name_part(record.first_name) if record.first_name else _EMPTY_NAME
        _, _, last, last_meta = _name_part(record.last_name) if record.last_name else _EMPTY_NAME
        tokens = norm.name_tokens(record.full_name) if not first and not last else _whole_name_in_one(record)
        if len(tokens) >= 2:
            first, first_meta, _, _ = _name_part(tokens[0])
        if tokens:
            _, _, last, last_meta = _name_part(tokens[-1])
        if first_meta and len(first) == 1:
            first_meta = ""
        self.first, self.last, self.first_meta, self.last_meta = first, last, first_meta, last_meta
        email = norm.email_canonical(record.email) if record.email else ""
        self.email = email
        self.email_local, _, self.email_domain = email.partition("@")
        self.phone = norm.phone_key(record.phone) if record.phone else ""
        company_text = record.company_key or record.company_name
        company = company_tokens(company_text) if company_text else ()
        if not company and record.company_name:
            company = company_tokens(record.company_name)
        self.alias = ""
        if not company and not email and (first or last):
            # A name with no e-mail and no company may be a business ("The Palm", "Art's Deli"): a name with
            # a company word (the, and, &, inc…) or of four words or more is one; others keep an alias so
            # they can still be compared with company records.
            is_company, as_company = _name_as_company(record.full_name or f"{record.first_name} {record.last_name}")
            if is_company:
                company = as_company
                first = last = first_meta = last_meta = ""
                self.first = self.last = self.first_meta = self.last_meta = ""
            else:
                self.alias = " ".join(as_company)
        self.company = " ".join(company)
        # A contact when it names a person, has a person's mailbox, or when nothing says it is a company record.
        self.person = bool(first or last) or not company or bool(email and not local_is_role(self.email_local))
        self.company_first = company[0] if company else ""
        self.domain = norm.domain_key(record.domain) if record.domain else ""
        self.street, self.street_num = _street(record.street) if record.street else ("", "")
        self.city = fold_words(record.city)
        self.postcode = _postcode(record.postcode) if record.postcode else ""
        self.state = fold_words(record.state)
        self.extra = extra_values(record.extra) if record.extra else None
        self.completeness = sum(map(bool, _completeness(record)))
        self.recency = record.recency
        self.history = record.history
        self.gated = record.gated
        self.cluster_id = record.cluster_id
        self.linkedin = norm.linkedin_key(record.linkedin) if record.linkedin else ""



def extra_values(extra: Mapping[str, Any] | None) -> dict[str, str] | None:
    """Short identifier-like extra columns (date of birth, customer id…), folded; free text is left out."""
    if not extra:
        return None
    values = {}
    for key, value in extra.items():
        if value is None or isinstance(value, (dict, list)):
            continue
        value = value if value.__class__ is str else str(value)
        # an ASCII code or number ("19840512", "AB123") folds to itself in lower case: no need to ask fold_words
        text = value.lower() if value.isascii() and value.isalnum() else fold_words(value)
        if text and len(text) <= 40:
            values[fold_words(key if key.__class__ is str else str(key))] = text
    return values or None


# What a stored copy of Features holds; the rest (position, recency, history, cluster) comes from the reader.
PACKED_FIELDS = tuple(
    name for name in Features.__slots__ if name not in ("idx", "recency", "history", "cluster_id")
)


def features_pack(features: Features) -> list[Any]:
    """Features as a JSON-ready list, so a later pass can rebuild them without normalising the lead again."""
    return [getattr(features, name) for name in PACKED_FIELDS]


# Values many leads share (places, companies, phonetic codes): one string object each, not one per lead.
_SHARED_VALUES = frozenset({"first", "last", "first_meta", "last_meta", "street", "street_num", "email_domain",
                            "company", "company_first", "domain", "city", "postcode", "state"})
_INTERNED = tuple(name in _SHARED_VALUES for name in PACKED_FIELDS)
_STORES = tuple(Features.__dict__[name].__set__ for name in PACKED_FIELDS)  # the slots' setters: faster than setattr


def features_unpack(values: list[Any], idx: int, *, recency: float, history: bool = False,
                    cluster_id: str = "") -> Features | None:
    """Features from `features_pack`'s list; None when it was packed by an older version (other fields)."""
    if len(values) != len(PACKED_FIELDS):
        return None
    features = Features.__new__(Features)
    intern = sys.intern
    for store, value, shared in zip(_STORES, values, _INTERNED, strict=True):
        store(features, intern(value) if shared and value.__class__ is str else value)
    features.idx, features.recency, features.history, features.cluster_id = idx, recency, history, cluster_id
    return features
