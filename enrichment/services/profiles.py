"""Per-organisation enrichment settings."""

from __future__ import annotations

from django.conf import settings

from leadsite.core.exceptions import ApplicationError

from ..models import EnrichmentProfile


def enrichment_waterfall_set(*, organization_id: int, waterfall: list[str]) -> EnrichmentProfile:
    unknown = [n for n in waterfall if n not in settings.ENRICHMENT_PROVIDERS]
    if unknown:
        raise ApplicationError("Unknown provider.", code="provider_unknown", details={"unknown": unknown})
    profile, _ = EnrichmentProfile.objects.get_or_create(organization_id=organization_id)
    profile.waterfall = list(dict.fromkeys(waterfall))
    profile.save(update_fields=["waterfall", "updated_at"])
    return profile
