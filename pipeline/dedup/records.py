"""Plain records in, compact comparison features out: the dedup library needs no database.

`DedupRecord` is what a caller hands over (the phase adapts Lead rows, the bench builds them
directly). `Features` is the normalised, compact form that blocking and comparison use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jellyfish

from . import normalize as norm
from .nicknames import nickname_key

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


def _meta(token: str) -> str:
    return jellyfish.metaphone(token) if token else ""


class Features:
    """Normalised values of one record, with slots so that a million of them stay small."""

    __slots__ = (
        "idx", "person", "first", "last", "first_meta", "last_meta", "first_nick", "email", "email_local",
        "email_domain", "phone", "company", "company_first", "domain", "street", "street_num", "city", "postcode",
        "state", "country", "extra", "completeness", "recency", "history", "gated", "cluster_id",
    )

    def __init__(self, record: DedupRecord, idx: int):
        self.idx = idx
        first_tokens = norm.name_tokens(record.first_name)
        last_tokens = norm.name_tokens(record.last_name)
        if not first_tokens and not last_tokens and record.full_name:
            tokens = norm.name_tokens(record.full_name)
            if len(tokens) >= 2:
                first_tokens, last_tokens = tokens[:1], tokens[-1:]
            else:
                last_tokens = tokens
        self.first = first_tokens[0] if first_tokens else ""
        self.last = "".join(last_tokens)
        self.person = bool(self.first or self.last)
        self.first_meta = _meta(self.first)
        self.last_meta = _meta(self.last)
        self.first_nick = nickname_key(self.first) if len(self.first) > 1 else self.first
        self.email = norm.email_canonical(record.email)
        self.email_local, _, self.email_domain = self.email.partition("@")
        self.phone = norm.phone_key(record.phone)
        company = norm.company_tokens(record.company_key or record.company_name)
        if record.company_key and record.company_name and not company:
            company = norm.company_tokens(record.company_name)
        self.company = " ".join(company)
        self.company_first = company[0] if company else ""
        self.domain = (record.domain or "").strip().lower()
        self.street = norm.street_normal(record.street)
        self.street_num = norm.street_number(self.street)
        self.city = norm.fold(record.city)
        self.postcode = norm.postcode_normal(record.postcode)
        self.state = norm.fold(record.state)
        self.country = (record.country or "").strip().upper()
        self.extra = _extra_values(record.extra)
        self.completeness = sum(1 for name in COMPLETENESS_FIELDS if getattr(record, name))
        self.recency = record.recency
        self.history = record.history
        self.gated = record.gated
        self.cluster_id = record.cluster_id


def _extra_values(extra: Mapping[str, Any] | None) -> dict[str, str] | None:
    """Short identifier-like extra columns (date of birth, customer id…), folded; free text is left out."""
    if not extra:
        return None
    values = {}
    for key, value in extra.items():
        if value is None or isinstance(value, (dict, list)):
            continue
        text = norm.fold(str(value))
        if text and len(text) <= 40:
            values[norm.fold(str(key))] = text
    return values or None
