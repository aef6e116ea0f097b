"""Company enrichment through the cache and the waterfall, for many lookups at once (one chunk).

`EnrichmentSession` lives for one phase run of one batch (the pipeline keeps it in ctx.cache):
it holds the organisation's providers and similarity index, and flushes counters once per call.
With a paid provider, a key missing everywhere is claimed across processes first (see claims.py).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Prediction
from ..providers.base import CompanyProfile, CompanyQuery, Provider
from .cache import (
    MISSING,
    SimilarityIndex,
    cache_key,
    cache_namespace,
    entries_store,
    entry_current,
    l1_cache,
    l2_cache,
)
from .claims import claimed_call
from .counters import counters_add
from .waterfall import company_waterfall, providers_for

LEVEL_L1 = "l1"
LEVEL_L2 = "l2"
LEVEL_SIMILARITY = "similarity"
LEVEL_PROVIDER = "provider"


@dataclass
class CompanyEnrichment:
    key: str
    profile: CompanyProfile | None
    provider: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    cost: float = 0.0
    calls: int = 0
    latency_ms: float = 0.0
    cache: str = LEVEL_PROVIDER
    predicted: bool = False
    similarity: float = 1.0
    matched_key: str = ""

    @property
    def confidence(self) -> float:
        return round(self.profile.confidence * self.similarity, 4) if self.profile else 0.0


def _entry_from_outcome(outcome, *, predicted: bool) -> dict[str, Any]:
    return {
        "profile": outcome.profile.as_dict() if outcome.profile else None,
        "provider": outcome.provider,
        "fields": outcome.fields,
        "cost": round(outcome.cost, 6),
        "calls": outcome.calls,
        "predicted": predicted,
    }


def _enrichment_from_entry(key: str, entry: dict[str, Any], level: str) -> CompanyEnrichment:
    profile = CompanyProfile.from_dict(entry["profile"]) if entry.get("profile") else None
    return CompanyEnrichment(
        key=key,
        profile=profile,
        provider=entry.get("provider") or "",
        fields=entry.get("fields") or {},
        cache=level,
        predicted=bool(entry.get("predicted")),
    )


class EnrichmentSession:
    def __init__(self, *, organization_id: int, providers: list[Provider] | None = None):
        self.organization_id = organization_id
        self.providers = providers_for(organization_id=organization_id) if providers is None else providers
        self.namespace = cache_namespace(organization_id=organization_id)
        self.similarity = SimilarityIndex(namespace=self.namespace)
        self.threshold = settings.ENRICHMENT_SIMILARITY_THRESHOLD
        self.totals: Counter = Counter()
        self.predictions_marked: set[str] = set()
        # Claims cost round trips; they only pay off when a company lookup can cost money.
        self.claims_needed = any(p.supports_company and p.cost_per_call > 0 for p in self.providers)

    @property
    def provider_names(self) -> list[str]:
        return [p.name for p in self.providers]

    def _key(self, key: str) -> str:
        return cache_key(namespace=self.namespace, kind="co", key=key)

    def companies_enrich(self, queries: dict[str, CompanyQuery]) -> tuple[dict[str, CompanyEnrichment], Counter]:
        """Enrich each lookup key once; returns the answers and this call's counters (also flushed)."""
        counts: Counter = Counter(lookups=len(queries))
        results: dict[str, CompanyEnrichment] = {}
        entries: dict[str, dict[str, Any]] = {}

        # L1
        l1 = l1_cache()
        started = time.perf_counter()
        now = time.monotonic()
        pending: list[str] = []
        for key in queries:
            entry = l1.get(self._key(key), now)
            if entry is MISSING:
                pending.append(key)
            else:
                entries[key] = entry
                results[key] = _enrichment_from_entry(key, entry, LEVEL_L1)
        l1_us = (time.perf_counter() - started) * 1e6
        counts.update(l1_hits=len(results), l1_misses=len(pending), l1_time_us=l1_us)
        l1_per_key = l1_us / max(len(queries), 1)

        def served_from_l2(key: str, entry: dict[str, Any]) -> None:
            """An entry read from L2 (found there, or stored there by the process that held the key's claim)."""
            entry = entry_current(entry)
            entries[key] = entry
            results[key] = _enrichment_from_entry(key, entry, LEVEL_L2)
            l1.set(self._key(key), entry)

        # L2
        l2_per_key = 0.0
        if pending:
            started = time.perf_counter()
            found = l2_cache().get_many([self._key(k) for k in pending])
            l2_us = (time.perf_counter() - started) * 1e6
            l2_per_key = l2_us / len(pending)
            still: list[str] = []
            for key in pending:
                entry = found.get(self._key(key))
                if entry is None:
                    still.append(key)
                    continue
                served_from_l2(key, entry)
            counts.update(l2_hits=len(pending) - len(still), l2_misses=len(still), l2_time_us=l2_us)
            pending = still

        # Similarity on exact misses
        if pending and self.similarity.keys:
            still = []
            matches: dict[str, tuple[str, float]] = {}
            for key in pending:
                match = self.similarity.match(key, threshold=self.threshold)
                if match and match[0] != key:
                    matches[key] = match
                else:
                    still.append(key)
            if matches:
                wanted = {self._key(m[0]) for m in matches.values()}
                found = {k: v for k in wanted if (v := l1.get(k, time.monotonic())) is not MISSING}
                found.update(l2_cache().get_many([k for k in wanted if k not in found]))
                for key, (matched, score) in matches.items():
                    entry = found.get(self._key(matched))
                    if entry:
                        entry = entry_current(entry)
                    if not entry or not entry.get("profile"):
                        still.append(key)
                        continue
                    entries[key] = entry
                    result = _enrichment_from_entry(key, entry, LEVEL_SIMILARITY)
                    result.similarity, result.matched_key = round(score, 4), matched
                    results[key] = result
                    counts["similarity_hits"] += 1
            pending = still

        # Providers for what is left; with a paid provider, one process per key (the others wait for its entry)
        if pending:
            per_key_us = l1_per_key + l2_per_key
            if self.claims_needed:
                waited = claimed_call(
                    pending,
                    entry_key=self._key,
                    call=lambda keys: self._providers_call(keys, queries, results, counts, per_key_us),
                )
                for key, entry in waited.items():
                    served_from_l2(key, entry)
                counts["claim_waits"] += len(waited)
            else:
                self._providers_call(pending, queries, results, counts, per_key_us)

        # Savings and prediction use, for everything served from cache
        used_predictions: list[str] = []
        for key, entry in entries.items():
            counts["calls_saved"] += entry.get("calls") or 0
            counts["savings_micro"] += (entry.get("cost") or 0) * 1e6
            if not entry.get("profile"):
                counts["negative_hits"] += 1
            if entry.get("predicted"):
                counts["predictive_hits"] += 1
                level = results[key].cache
                counts["predictive_time_us"] += l1_per_key + (l2_per_key if level != LEVEL_L1 else 0)
                used_predictions.append(key)
        counts["predicted_lookups"] += counts["predictive_hits"]

        first_use = [k for k in used_predictions if k not in self.predictions_marked]
        if first_use:
            # Once per key and session (= per batch): `uses` counts the batches a pre-enriched entry served.
            Prediction.objects.filter(organization_id=self.organization_id, lookup_key__in=first_use).update(
                uses=F("uses") + 1, used_at=Coalesce(F("used_at"), timezone.now())
            )
            self.predictions_marked.update(first_use)
        counters_add(organization_id=self.organization_id, increments=counts)
        self.totals.update(counts)
        return results, counts

    def _providers_call(
        self,
        keys: list[str],
        queries: dict[str, CompanyQuery],
        results: dict[str, CompanyEnrichment],
        counts: Counter,
        per_key_us: float,
    ) -> None:
        """The waterfall for each key; answers go to `results`, cacheable entries to L1 + L2."""
        counts["predicted_lookups"] += Prediction.objects.filter(
            organization_id=self.organization_id, lookup_key__in=keys
        ).count()
        new_entries: dict[str, dict[str, Any]] = {}
        for key in keys:
            started = time.perf_counter()
            outcome = company_waterfall(providers=self.providers, query=queries[key])
            elapsed_us = (time.perf_counter() - started) * 1e6
            counts.update(provider_lookups=1, provider_time_us=elapsed_us + per_key_us)
            counts.update(provider_calls=outcome.calls, provider_cost_micro=outcome.cost * 1e6)
            counts["provider_errors"] += len(outcome.errors)
            entry = _entry_from_outcome(outcome, predicted=False)
            result = _enrichment_from_entry(key, entry, LEVEL_PROVIDER)
            result.cost, result.calls, result.latency_ms = outcome.cost, outcome.calls, outcome.latency_ms
            results[key] = result
            if outcome.profile is not None or not outcome.errors:
                new_entries[self._key(key)] = entry
                if outcome.profile is not None:
                    self.similarity.add(key)
        entries_store(new_entries)
        self.similarity.save()

    def companies_preenrich(self, queries: dict[str, CompanyQuery]) -> dict[str, bool | None]:
        """Predictive path: enrich what is not cached yet and mark entries as pre-enriched.

        Returns key → found (None when the entry was already cached and nothing was done).
        """
        keys = list(queries)
        present = l2_cache().get_many([self._key(k) for k in keys])
        outcome_found: dict[str, bool | None] = {}
        counts: Counter = Counter()
        new_entries: dict[str, dict[str, Any]] = {}
        for key in keys:
            if self._key(key) in present:
                outcome_found[key] = None
                continue
            outcome = company_waterfall(providers=self.providers, query=queries[key])
            counts.update(provider_calls=outcome.calls, provider_cost_micro=outcome.cost * 1e6)
            outcome_found[key] = outcome.profile is not None
            if outcome.profile is not None or not outcome.errors:
                new_entries[self._key(key)] = _entry_from_outcome(outcome, predicted=True)
                if outcome.profile is not None:
                    self.similarity.add(key)
        entries_store(new_entries)
        self.similarity.save()
        counters_add(organization_id=self.organization_id, increments=counts)
        return outcome_found


def enrichment_session_start(*, organization_id: int) -> EnrichmentSession:
    return EnrichmentSession(organization_id=organization_id)
