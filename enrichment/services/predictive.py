"""Predictive pre-enrichment: find patterns in an organisation's uploads, pre-enrich what they predict.

Patterns (PredictivePattern.kind):
- company_batch: one company with many leads in an upload (>= ENRICHMENT_PREDICTIVE_COMPANY_MIN_LEADS);
- sequential: an upload whose companies overlap an earlier upload's (Jaccard >= ..._SEQUENCE_JACCARD):
  the organisation sends recurring lists, so the earlier list's companies are predicted to come back;
- domain_pattern: the email format a domain uses (first.last@, flast@, …) seen on >= ..._DOMAIN_MIN_EMAILS
  addresses with an 80 % majority.
Predicted companies that are not cached yet become Prediction rows, pre-enriched by a task on the
"predictive" queue; a later lookup served by such an entry marks the prediction used.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Prediction, PredictivePattern, UploadFingerprint
from ..normalization import lookup_key
from ..providers.base import CompanyQuery
from .cache import cache_key, cache_namespace, l2_cache
from .companies import EnrichmentSession

EMAIL_FORMATS = ("first.last", "firstlast", "flast", "f.last", "first_last", "first", "last", "firstl", "last.first")
_LETTERS = re.compile(r"[^a-z]")


def _ascii_letters(value: str) -> str:
    return _LETTERS.sub("", unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode().lower())


def email_format_detect(*, first_name: str, last_name: str, email: str) -> str:
    """The format of the local part given the person's names, or "" when none fits."""
    first, last = _ascii_letters(first_name), _ascii_letters(last_name)
    local = (email or "").split("@", 1)[0].lower()
    if not first or not last or not local:
        return ""
    candidates = {
        "first.last": f"{first}.{last}",
        "firstlast": f"{first}{last}",
        "flast": f"{first[0]}{last}",
        "f.last": f"{first[0]}.{last}",
        "first_last": f"{first}_{last}",
        "first": first,
        "last": last,
        "firstl": f"{first}{last[0]}",
        "last.first": f"{last}.{first}",
    }
    return next((fmt for fmt in EMAIL_FORMATS if candidates[fmt] == local), "")


@dataclass
class CompanyCount:
    domain: str
    name: str
    leads: int


@dataclass
class ObserveResult:
    company_batches: int = 0
    sequential: int = 0
    domain_patterns: int = 0
    predictions: list[int] = field(default_factory=list)


def _patterns_upsert(*, organization_id: int, patterns: list[PredictivePattern], repeat: bool) -> None:
    """Insert or refresh patterns in bulk; a pattern seen again in a new upload counts one more occurrence."""
    if not patterns:
        return
    wanted = {(p.kind, p.key) for p in patterns}
    rows = PredictivePattern.objects.filter(organization_id=organization_id, key__in=[k for _, k in wanted])
    existing = [pk for pk, kind, key in rows.values_list("id", "kind", "key") if (kind, key) in wanted]
    PredictivePattern.objects.bulk_create(
        patterns,
        update_conflicts=True,
        unique_fields=["organization", "kind", "key"],
        update_fields=["support", "detail", "last_seen"],
    )
    if existing and not repeat:
        PredictivePattern.objects.filter(id__in=existing).update(occurrences=F("occurrences") + 1)


def predictive_observe(
    *,
    organization_id: int,
    reference: str,
    companies: Iterable[CompanyCount],
    people: Iterable[tuple[str, str, str]],
) -> ObserveResult:
    """Record the patterns one upload shows and create the predictions of the companies they predict
    (`result.predictions`: ids to pass to enrichment.tasks.predictions_enqueue)."""
    result = ObserveResult()
    if not settings.ENRICHMENT_PREDICTIVE:
        return result
    repeat = UploadFingerprint.objects.filter(organization_id=organization_id, reference=reference).exists()
    queries: dict[str, tuple[CompanyQuery, str]] = {}
    patterns: list[PredictivePattern] = []

    counts: Counter = Counter()
    names: dict[str, CompanyQuery] = {}
    for company in companies:
        key = lookup_key(domain=company.domain, name=company.name)
        if key:
            counts[key] += company.leads
            names.setdefault(key, CompanyQuery(domain=company.domain, name=company.name))
    for key, leads in counts.most_common():
        if leads < settings.ENRICHMENT_PREDICTIVE_COMPANY_MIN_LEADS:
            break
        patterns.append(
            PredictivePattern(
                organization_id=organization_id,
                kind=PredictivePattern.KIND_COMPANY_BATCH,
                key=key[:300],
                support=leads,
                detail={"reference": reference, "name": names[key].name},
            )
        )
        result.company_batches += 1
        queries.setdefault(key, (names[key], PredictivePattern.KIND_COMPANY_BATCH))

    this_keys = set(counts)
    earlier = UploadFingerprint.objects.filter(organization_id=organization_id).exclude(reference=reference)[:20]
    for fingerprint in earlier:
        previous = set(fingerprint.lookup_keys)
        union = this_keys | previous
        jaccard = len(this_keys & previous) / len(union) if union else 0.0
        if jaccard < settings.ENRICHMENT_PREDICTIVE_SEQUENCE_JACCARD:
            continue
        patterns.append(
            PredictivePattern(
                organization_id=organization_id,
                kind=PredictivePattern.KIND_SEQUENTIAL,
                key=fingerprint.reference,
                support=len(this_keys & previous),
                detail={"reference": reference, "jaccard": round(jaccard, 3)},
            )
        )
        result.sequential += 1
        for key in previous - this_keys:
            domain, name = (key[2:], "") if key.startswith("d:") else ("", key[2:])
            queries.setdefault(key, (CompanyQuery(domain=domain, name=name), PredictivePattern.KIND_SEQUENTIAL))
    UploadFingerprint.objects.update_or_create(
        organization_id=organization_id,
        reference=reference,
        defaults={"lookup_keys": [k for k, _ in counts.most_common(settings.ENRICHMENT_PREDICTIVE_MAX_ITEMS)]},
    )

    formats: dict[str, Counter] = defaultdict(Counter)
    for first, last, email in people:
        if "@" not in (email or ""):
            continue
        fmt = email_format_detect(first_name=first, last_name=last, email=email)
        formats[email.rsplit("@", 1)[1].lower()][fmt or "other"] += 1
    for domain, seen in formats.items():
        total = sum(seen.values())
        fmt, n = seen.most_common(1)[0]
        if total < settings.ENRICHMENT_PREDICTIVE_DOMAIN_MIN_EMAILS or fmt == "other" or n / total < 0.8:
            continue
        patterns.append(
            PredictivePattern(
                organization_id=organization_id,
                kind=PredictivePattern.KIND_DOMAIN,
                key=domain,
                support=total,
                detail={"format": fmt, "share": round(n / total, 3)},
            )
        )
        result.domain_patterns += 1
        queries.setdefault("d:" + domain, (CompanyQuery(domain=domain), PredictivePattern.KIND_DOMAIN))

    _patterns_upsert(organization_id=organization_id, patterns=patterns, repeat=repeat)
    result.predictions = predictions_create(organization_id=organization_id, queries=queries)
    return result


def predictions_create(*, organization_id: int, queries: dict[str, tuple[CompanyQuery, str]]) -> list[int]:
    """Prediction rows for keys not in the cache yet; returns the pending ones' ids, for the caller to queue
    (enrichment.tasks.predictions_enqueue)."""
    limit = settings.ENRICHMENT_PREDICTIVE_MAX_ITEMS
    keys = list(queries)[:limit]
    if not keys:
        return []
    namespace = cache_namespace(organization_id=organization_id)
    cached = l2_cache().get_many([cache_key(namespace=namespace, kind="co", key=k) for k in keys])
    wanted = [k for k in keys if cache_key(namespace=namespace, kind="co", key=k) not in cached]
    if not wanted:
        return []
    existing = dict(
        Prediction.objects.filter(organization_id=organization_id, lookup_key__in=wanted).values_list(
            "lookup_key", "status"
        )
    )
    fresh = [k for k in wanted if k not in existing]
    Prediction.objects.bulk_create(
        [
            Prediction(
                organization_id=organization_id,
                lookup_key=k,
                domain=queries[k][0].domain[:255],
                name=queries[k][0].name[:300],
                source=queries[k][1],
            )
            for k in fresh
        ],
        ignore_conflicts=True,
    )
    # A completed prediction whose cache entry expired is predicted again.
    Prediction.objects.filter(
        organization_id=organization_id,
        lookup_key__in=[k for k, s in existing.items() if s != Prediction.STATUS_PROCESSING],
    ).update(status=Prediction.STATUS_PENDING, completed_at=None)
    ids = list(
        Prediction.objects.filter(
            organization_id=organization_id, lookup_key__in=wanted, status=Prediction.STATUS_PENDING
        ).values_list("id", flat=True)
    )
    return ids


def predictions_execute(*, organization_id: int, prediction_ids: list[int]) -> int:
    """Pre-enrich pending predictions (safe to run twice: only pending rows are taken). Returns how many ran."""
    with transaction.atomic():
        rows = list(
            Prediction.objects.select_for_update(skip_locked=True).filter(
                organization_id=organization_id, id__in=prediction_ids, status=Prediction.STATUS_PENDING
            )
        )
        Prediction.objects.filter(id__in=[p.id for p in rows]).update(status=Prediction.STATUS_PROCESSING)
    if not rows:
        return 0
    session = EnrichmentSession(organization_id=organization_id)
    try:
        found = session.companies_preenrich({p.lookup_key: CompanyQuery(domain=p.domain, name=p.name) for p in rows})
    except Exception:
        Prediction.objects.filter(id__in=[p.id for p in rows]).update(status=Prediction.STATUS_FAILED)
        raise
    now = timezone.now()
    by_found: dict[bool | None, list[int]] = defaultdict(list)
    for p in rows:
        by_found[found.get(p.lookup_key)].append(p.id)
    for value, ids in by_found.items():
        Prediction.objects.filter(id__in=ids).update(status=Prediction.STATUS_COMPLETED, completed_at=now, found=value)
    return len(rows)
