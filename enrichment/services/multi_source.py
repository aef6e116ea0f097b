"""Multi-source validation of one lead: what each source says about it, field consensus, confidence.

Sources: the configured person providers (Hunter, Clearbit, Snov.io, Apollo — looked up by email
through the cache), the company dataset (company name by domain), the domain's detected email
format (predictive domain patterns) and the pipeline's own validation result for the email/phone.
The pipeline finds the lead and hands over its values (`LeadContact`): enrichment never reads its tables.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from leadsite.core.text.companies import company_name_key

from ..models import PredictivePattern
from ..normalization import company_domain_for
from ..providers.base import PersonProfile, PersonQuery, ProviderError
from ..providers.dataset.index import dataset_index_for
from .cache import MISSING, cache_key, cache_namespace, entries_store, entry_current, l1_cache, l2_cache
from .counters import counters_add
from .predictive import email_format_detect
from .waterfall import providers_for

FIELDS = ("email", "name", "title", "company", "phone", "linkedin")
SOURCE_NAMES = {"hunter": "hunter_io", "snov": "snov_io", "clearbit": "clearbit", "apollo": "apollo"}
# Two values of a field agree at this similarity (0–1); also the enrich phase's test of the found company name.
AGREEMENT_THRESHOLD = 0.85
NEGATIVE_STATUS_WORDS = ("invalid", "undeliverable", "disposable", "unreachable", "bad", "syntax")


@dataclass(frozen=True)
class LeadContact:
    """What multi-source validation compares: one lead's contact values, handed over by the pipeline."""

    email: str
    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    title: str = ""
    company_name: str = ""
    phone: str = ""
    linkedin: str = ""
    domain: str = ""
    website: str = ""
    email_status: str = ""
    phone_status: str = ""


def _similar(field: str, a: str, b: str) -> float:
    a, b = a.strip().lower(), b.strip().lower()
    if not a or not b:
        return 0.0
    if field == "company":
        a, b = company_name_key(a), company_name_key(b)
    if field in ("phone", "email", "linkedin"):
        if field == "phone":
            a, b = "".join(ch for ch in a if ch.isdigit())[-10:], "".join(ch for ch in b if ch.isdigit())[-10:]
        if field == "linkedin":
            a, b = a.rstrip("/").split("linkedin.com")[-1], b.rstrip("/").split("linkedin.com")[-1]
        return 1.0 if a == b else fuzz.ratio(a, b) / 100
    return fuzz.token_sort_ratio(a, b) / 100


def _lead_values(lead: LeadContact) -> dict[str, str]:
    name = lead.full_name or " ".join(filter(None, [lead.first_name, lead.last_name]))
    return {
        "email": lead.email or "",
        "name": name,
        "title": lead.title or "",
        "company": lead.company_name or "",
        "phone": lead.phone or "",
        "linkedin": lead.linkedin or "",
    }


def _person_cached(*, organization_id: int, provider, email: str) -> tuple[PersonProfile | None, bool]:
    """A provider's person answer through L1/L2 (negatives too). Returns (profile, answered)."""
    key = cache_key(
        namespace=cache_namespace(organization_id=organization_id), kind=f"pe:{provider.name}", key=email.lower()
    )
    entry = l1_cache().get(key, time.monotonic())
    if entry is MISSING:
        entry = l2_cache().get(key)
        entry = entry_current(entry) if entry is not None else None
    if entry is not None and entry is not MISSING:
        counters_add(
            organization_id=organization_id,
            increments={"calls_saved": entry.get("calls", 1), "savings_micro": entry.get("cost", 0) * 1e6},
        )
        return (PersonProfile.from_dict(entry["profile"]) if entry.get("profile") else None), True
    try:
        result = provider.person_lookup(PersonQuery(email=email))
    except ProviderError:
        return None, False
    counters_add(
        organization_id=organization_id,
        increments={"provider_calls": result.calls, "provider_cost_micro": result.cost * 1e6},
    )
    entries_store(
        {
            key: {
                "profile": result.profile.as_dict() if result.profile else None,
                "provider": provider.name,
                "cost": result.cost,
                "calls": result.calls,
            }
        }
    )
    return result.profile, True


def _source(values: dict[str, str], lead_values: dict[str, str], confidence: float) -> dict[str, Any]:
    provided = [f for f in FIELDS if values.get(f)]
    compared = [f for f in provided if lead_values.get(f)]
    agree = all(_similar(f, values[f], lead_values[f]) >= AGREEMENT_THRESHOLD for f in compared) if compared else None
    return {"agreement": agree, "confidence": round(confidence, 2), "fields_provided": provided, "_values": values}


def multi_source_validate(*, organization_id: int, lead: LeadContact) -> dict[str, Any]:
    lead_values = _lead_values(lead)
    sources: dict[str, dict[str, Any]] = {}

    for provider in providers_for(organization_id=organization_id):
        if not provider.supports_person or provider.local:
            continue
        profile, answered = _person_cached(organization_id=organization_id, provider=provider, email=lead.email)
        if not answered:
            continue
        label = SOURCE_NAMES.get(provider.name, provider.name)
        if profile is None:
            sources[label] = {"agreement": None, "confidence": 0.0, "fields_provided": [], "_values": {}}
        else:
            sources[label] = _source({f: getattr(profile, f) for f in FIELDS}, lead_values, profile.confidence)

    domain = company_domain_for(domain=lead.domain, website=lead.website, email=lead.email)
    index = dataset_index_for(organization_id=organization_id)
    if index is not None and (company := index.find(domain=domain, name=lead.company_name if not domain else "")):
        sources["company_dataset"] = _source({"company": company.name}, lead_values, company.confidence)

    email_domain = lead.email.rsplit("@", 1)[-1].lower() if "@" in lead.email else ""
    pattern = PredictivePattern.objects.filter(
        organization_id=organization_id, kind=PredictivePattern.KIND_DOMAIN, key=email_domain
    ).first()
    if pattern is not None:
        fmt = email_format_detect(first_name=lead.first_name, last_name=lead.last_name, email=lead.email)
        entry = _source({"email": lead.email}, lead_values, pattern.detail.get("share", 0.0))
        entry["agreement"] = fmt == pattern.detail.get("format")
        sources["email_pattern"] = entry

    validated = {}
    status = (lead.email_status or "").lower()
    if lead.email and status:
        validated["email"] = lead.email if not any(w in status for w in NEGATIVE_STATUS_WORDS) else ""
    phone_status = (lead.phone_status or "").lower()
    if lead.phone and phone_status:
        validated["phone"] = lead.phone if not any(w in phone_status for w in NEGATIVE_STATUS_WORDS) else ""
    if validated:
        entry = _source({k: v for k, v in validated.items() if v}, lead_values, 1.0)
        entry["fields_provided"] = sorted(validated, key=FIELDS.index)
        entry["agreement"] = all(validated.values())
        sources["pipeline_validation"] = entry

    consensus: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        others = [s["_values"][field] for s in sources.values() if s["_values"].get(field)]
        if not others:
            continue
        reference = lead_values[field] or max(others, key=others.count)
        values = ([lead_values[field]] if lead_values[field] else []) + others
        scores = (
            [_similar(field, v, reference) for v in others]
            if lead_values[field]
            else [_similar(field, v, reference) for v in values]
        )
        consensus[field] = {"agreement_score": round(sum(scores) / len(scores), 2), "sources": len(values)}

    weight = sum(c["sources"] for c in consensus.values())
    confidence = sum(c["agreement_score"] * c["sources"] for c in consensus.values()) / weight if weight else 0.0
    present = [f for f in FIELDS if lead_values[f]]
    confirmed = [f for f in present if f in consensus and consensus[f]["agreement_score"] >= AGREEMENT_THRESHOLD]
    covered = [f for f in FIELDS if lead_values[f] or f in consensus]
    for entry in sources.values():
        entry.pop("_values")
    return {
        "lead": lead_values,
        "validation": {
            "confidence_score": round(confidence, 2),
            "data_quality": round(len(confirmed) / len(present), 2) if present else 0.0,
            "coverage": round(len(covered) / len(FIELDS), 2),
        },
        "sources": sources,
        "consensus": consensus,
    }
