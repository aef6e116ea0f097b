"""Enrich step: account fields from the organisation's provider waterfall, through the cache.

Leads of a chunk share companies, so each company is looked up once per chunk. The phase fills
industry, employee_count and company_name only when the input left them empty, adds signals and
technologies, and writes provenance to `lead.enrichment`. Counters go to ctx.counters (stored in
batch.metrics["enrich"]; pipeline.services.enrichment_metrics turns them into phase3_metrics).
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from rapidfuzz import fuzz

from enrichment.normalization import company_domain_for, lookup_key
from enrichment.providers.base import CompanyQuery
from enrichment.services.companies import CompanyEnrichment, EnrichmentSession, enrichment_session_start
from enrichment.services.multi_source import AGREEMENT_THRESHOLD
from enrichment.services.predictive import CompanyCount, predictive_observe
from enrichment.tasks import predictions_enqueue
from leadsite.core.text.companies import company_name_key
from pipeline.models import Lead
from pipeline.reasons import has_gate, reason_add, reasons_reset
from pipeline.stages.context import StageContext

PHASE = "enrich"
FIELDS = ("industry", "employee_count", "signals", "technologies", "company_name", "enrichment")
PEOPLE_SAMPLE = 20_000


def _session(ctx: StageContext) -> EnrichmentSession:
    if ctx.enrichment is None:
        ctx.enrichment = enrichment_session_start(organization_id=ctx.organization_id)
    return ctx.enrichment


def observe(ctx: StageContext, *, counters: Counter | None = None) -> None:
    """Once per batch, after ingest: hand the batch's companies and email formats to predictive enrichment
    (the leads are only all there at the end, so the predictions serve later uploads)."""
    leads = Lead.objects.filter(batch=ctx.batch).exclude(status=Lead.STATUS_REJECTED)
    companies = [
        CompanyCount(domain=row["domain"], name=row["company_name"], leads=row["n"])
        for row in leads.values("domain", "company_name").annotate(n=Count("id")).order_by()
    ]
    people = (
        leads.filter(email__contains="@")
        .exclude(first_name="")
        .exclude(last_name="")
        .values_list("first_name", "last_name", "email")[:PEOPLE_SAMPLE]
    )
    result = predictive_observe(
        organization_id=ctx.organization_id, reference=str(ctx.batch.pk), companies=companies, people=people
    )
    predictions_enqueue(organization_id=ctx.organization_id, prediction_ids=result.predictions)
    (ctx.counters if counters is None else counters)["predictions_queued"] += len(result.predictions)


def _undo_previous(lead: Lead) -> None:
    """Remove what an earlier run of this phase added, so that running it again is idempotent."""
    previous = lead.enrichment or {}
    for name in previous.get("fields") or {}:
        if name == "employee_count":
            lead.employee_count = None
        elif name in ("industry", "company_name"):
            setattr(lead, name, "")
    for name, added in (previous.get("added") or {}).items():
        setattr(lead, name, [v for v in (getattr(lead, name) or []) if v not in added])


def _apply(lead: Lead, found: CompanyEnrichment, *, first: bool, ctx: StageContext, agree: dict) -> None:
    profile = found.profile
    fields: dict[str, str] = {}
    added: dict[str, list[str]] = {}
    own_name = lead.company_name
    if profile.industry and not lead.industry:
        lead.industry = profile.industry
        fields["industry"] = found.fields.get("industry", found.provider)
    if profile.employee_count is not None and lead.employee_count is None:
        lead.employee_count = profile.employee_count
        fields["employee_count"] = found.fields.get("employee_count", found.provider)
    if not own_name and profile.name:
        lead.company_name = profile.name[:300]
        fields["company_name"] = found.fields.get("name", found.provider)
    for name in ("signals", "technologies"):
        values = getattr(profile, name)
        if not values:
            continue
        current = getattr(lead, name) or []
        extra = [v for v in values if v not in current] if current else values
        if extra:
            setattr(lead, name, [*current, *extra])
            added[name] = extra
            fields[name] = found.fields.get(name, found.provider)
    enrichment = {
        "status": "enriched",
        "provider": found.provider,
        "fields": fields,
        "cost": round(found.cost, 6) if first else 0.0,
        "latency_ms": round(found.latency_ms, 3) if first else 0.0,
        "cache": found.cache if first else "chunk",
        "confidence": found.confidence,
        "predicted": found.predicted,
        "key": found.key,
    }
    if added:
        enrichment["added"] = added
    if found.matched_key:
        enrichment["similar_to"], enrichment["similarity"] = found.matched_key, found.similarity
    lead.enrichment = enrichment
    counters = ctx.counters
    counters["leads_enriched"] += 1
    counters["confidence_sum"] += found.confidence
    if found.predicted:
        counters["predictive_matches"] += 1
    if own_name and profile.name:
        verdict = agree.get((found.key, own_name))
        if verdict is None:
            verdict = agree[(found.key, own_name)] = (
                fuzz.ratio(company_name_key(own_name), company_name_key(profile.name)) >= AGREEMENT_THRESHOLD * 100
            )
        counters["multi_source_validated"] += verdict


def enrich(leads: list[Lead], ctx: StageContext) -> None:
    session = _session(ctx)
    keys: dict[int, str] = {}
    queries: dict[str, CompanyQuery] = {}
    for lead in leads:
        reasons_reset(lead, PHASE)
        _undo_previous(lead)
        if has_gate(lead):
            # It can never qualify: do not spend provider calls on it.
            lead.enrichment = {"status": "skipped", "reason": "lead cannot qualify"}
            ctx.counters["leads_skipped"] += 1
            continue
        domain = company_domain_for(domain=lead.domain, website=lead.website, email=lead.email)
        key = lookup_key(domain=domain, name=lead.company_name)
        if not key:
            lead.enrichment = {"status": "skipped", "reason": "no company domain or name"}
            ctx.counters["leads_skipped"] += 1
            continue
        keys[id(lead)] = key
        queries.setdefault(key, CompanyQuery(domain=domain, name=lead.company_name))

    results, counts = session.companies_enrich(queries) if queries else ({}, {})
    for name in (
        "lookups",
        "l1_hits",
        "l2_hits",
        "similarity_hits",
        "negative_hits",
        "provider_lookups",
        "provider_calls",
        "provider_errors",
        "calls_saved",
    ):
        ctx.counters[name] += int(counts.get(name, 0))
    ctx.counters["provider_cost_usd"] = round(
        ctx.counters.get("provider_cost_usd", 0) + counts.get("provider_cost_micro", 0) / 1e6, 6
    )

    seen: set[str] = set()
    agree: dict[tuple[str, str], bool] = {}
    for lead in leads:
        key = keys.get(id(lead))
        if key is None:
            continue
        found = results[key]
        ctx.counters["leads"] += 1
        if found.profile is None:
            lead.enrichment = {
                "status": "not_found",
                "cache": found.cache,
                "key": key,
                "providers": session.provider_names,
            }
            reason_add(lead, PHASE, "company_not_found", "No provider knows this company.")
            continue
        _apply(lead, found, first=key not in seen, ctx=ctx, agree=agree)
        seen.add(key)
