"""The provider interface: typed queries and results, one class per vendor behind it.

A provider answers "company by domain or name" and/or "person by email, or name + domain" with
normalised fields, and reports what the answer cost and how long it took. Nothing here knows
about caching or the pipeline: the waterfall (enrichment.services.waterfall) composes providers.
"""

from __future__ import annotations

import time
from abc import ABC
from dataclasses import asdict, dataclass, field
from typing import Any


class ProviderError(Exception):
    """A provider call failed after its retries (network, 5xx, bad payload); the waterfall moves on."""


@dataclass(frozen=True)
class CompanyQuery:
    domain: str = ""
    name: str = ""


@dataclass(frozen=True)
class PersonQuery:
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    domain: str = ""


@dataclass
class CompanyProfile:
    name: str = ""
    domain: str = ""
    industry: str = ""
    employee_count: int | None = None
    signals: list[str] = field(default_factory=list)
    technologies: list[str] = field(default_factory=list)
    linkedin: str = ""
    confidence: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CompanyProfile:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass
class PersonProfile:
    email: str = ""
    name: str = ""
    title: str = ""
    company: str = ""
    phone: str = ""
    linkedin: str = ""
    confidence: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PersonProfile:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def fields_provided(self) -> list[str]:
        return [f for f in ("email", "name", "title", "company", "phone", "linkedin") if getattr(self, f)]


@dataclass
class CompanyResult:
    provider: str
    profile: CompanyProfile | None
    cost: float = 0.0
    latency_ms: float = 0.0
    calls: int = 1


@dataclass
class PersonResult:
    provider: str
    profile: PersonProfile | None
    cost: float = 0.0
    latency_ms: float = 0.0
    calls: int = 1


class Provider(ABC):  # noqa: B024 - capabilities are opt-in: a provider overrides what it supports
    """Base class of every provider. Subclasses set `name`, `cost_per_call` and override the lookups they support."""

    name: str = ""
    cost_per_call: float = 0.0
    local: bool = False  # works without the network (dataset) — cheap enough to run on every lead
    supports_company: bool = False
    supports_person: bool = False

    @classmethod
    def for_organization(cls, organization_id: int) -> Provider:
        """Build the provider for one organisation; only local data providers care which one."""
        return cls()

    def is_configured(self) -> bool:
        return True

    def company_lookup(self, query: CompanyQuery) -> CompanyResult:
        started = time.perf_counter()
        profile = self._company(query)
        return CompanyResult(self.name, profile, self.cost_per_call, (time.perf_counter() - started) * 1000)

    def person_lookup(self, query: PersonQuery) -> PersonResult:
        started = time.perf_counter()
        profile = self._person(query)
        return PersonResult(self.name, profile, self.cost_per_call, (time.perf_counter() - started) * 1000)

    def _company(self, query: CompanyQuery) -> CompanyProfile | None:
        raise NotImplementedError

    def _person(self, query: PersonQuery) -> PersonProfile | None:
        raise NotImplementedError
