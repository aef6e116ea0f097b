"""Enrichment counters shared by every process: one row per (organisation, name), F()-incremented.

Callers add a whole chunk's increments at once (two queries), never per lead.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Case, F, IntegerField, Value, When

from ..models import EnrichmentCounter


def counters_add(*, organization_id: int, increments: Mapping[str, int | float]) -> None:
    values = {name: int(round(v)) for name, v in increments.items() if v}
    if not values:
        return
    EnrichmentCounter.objects.bulk_create(
        [EnrichmentCounter(organization_id=organization_id, name=name, value=0) for name in values],
        ignore_conflicts=True,
    )
    delta = Case(
        *[When(name=name, then=Value(v)) for name, v in values.items()], default=Value(0), output_field=IntegerField()
    )
    EnrichmentCounter.objects.filter(organization_id=organization_id, name__in=list(values)).update(
        value=F("value") + delta
    )


def counters_read(*, organization_id: int) -> dict[str, int]:
    return dict(EnrichmentCounter.objects.filter(organization_id=organization_id).values_list("name", "value"))
