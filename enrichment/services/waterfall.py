"""The per-organisation provider waterfall: providers in order, unconfigured ones skipped."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from ..models import EnrichmentProfile
from ..providers.base import CompanyProfile, CompanyQuery, Provider, ProviderError

logger = logging.getLogger(__name__)

SCALAR_FIELDS = ("name", "domain", "industry", "employee_count", "linkedin")
LIST_FIELDS = ("signals", "technologies")


def waterfall_order(*, organization_id: int) -> list[str]:
    order = (
        EnrichmentProfile.objects.filter(organization_id=organization_id).values_list("waterfall", flat=True).first()
    )
    names = order or settings.ENRICHMENT_WATERFALL
    return [n for n in names if n in settings.ENRICHMENT_PROVIDERS]


def providers_for(*, organization_id: int, names: list[str] | None = None) -> list[Provider]:
    """Configured providers of an organisation in waterfall order (a provider without a key is left out)."""
    providers = []
    for name in names or waterfall_order(organization_id=organization_id):
        provider = import_string(settings.ENRICHMENT_PROVIDERS[name]).for_organization(organization_id)
        if provider.is_configured():
            providers.append(provider)
    return providers


@dataclass
class WaterfallOutcome:
    profile: CompanyProfile | None
    provider: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    cost: float = 0.0
    calls: int = 0
    latency_ms: float = 0.0
    errors: list[str] = field(default_factory=list)


def company_waterfall(*, providers: list[Provider], query: CompanyQuery) -> WaterfallOutcome:
    """Ask providers in order, filling only what is still missing; stop once industry and size are known."""
    outcome = WaterfallOutcome(profile=None)
    merged = CompanyProfile(domain=query.domain)
    for provider in providers:
        if not provider.supports_company:
            continue
        try:
            result = provider.company_lookup(query)
        except ProviderError as exc:
            logger.warning("enrichment provider failed: %s", exc)
            outcome.errors.append(str(exc))
            continue
        outcome.cost += result.cost
        outcome.calls += result.calls
        outcome.latency_ms += result.latency_ms
        found = result.profile
        if found is None:
            continue
        if outcome.profile is None:
            outcome.profile = merged
            outcome.provider = provider.name
            merged.confidence = found.confidence
        for name in SCALAR_FIELDS:
            value = getattr(found, name)
            if value not in ("", None) and getattr(merged, name) in ("", None):
                setattr(merged, name, value)
                outcome.fields[name] = provider.name
        for name in LIST_FIELDS:
            extra = [v for v in getattr(found, name) if v not in getattr(merged, name)]
            if extra:
                setattr(merged, name, getattr(merged, name) + extra)
                outcome.fields.setdefault(name, provider.name)
        if merged.industry and merged.employee_count is not None:
            break
    return outcome
