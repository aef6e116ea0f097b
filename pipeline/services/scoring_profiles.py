"""The organisation's scoring profile: read it (defaults filled in) and replace it."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from leadsite.core.exceptions import ApplicationError
from leadsite.core.models import Organization
from pipeline.models import ScoringProfile
from pipeline.scoring import ProfileError, profile_resolve
from pipeline.scoring.leads import profile_for


def scoring_profile_get(*, organization: Organization) -> dict[str, Any]:
    stored = ScoringProfile.objects.filter(organization=organization).first()
    return {
        "profile": profile_for(organization.pk),
        "is_default": stored is None or not stored.config,
        "updated_at": stored.updated_at if stored else None,
    }


def scoring_profile_update(*, organization: Organization, config: Any) -> dict[str, Any]:
    """Replace the organisation's profile; keys left out take the default. `{}` restores the default."""
    try:
        profile_resolve(config, threshold=settings.SCORING_DEFAULT_THRESHOLD)
    except ProfileError as exc:
        raise ApplicationError(
            f"Invalid scoring profile: {exc}", code="invalid_profile", status_code=400, details=exc.errors
        ) from exc
    ScoringProfile.objects.update_or_create(organization=organization, defaults={"config": config})
    return scoring_profile_get(organization=organization)
