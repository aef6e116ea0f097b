"""Enrichment benchmark: the same 10,000 leads through the enrich step twice (cold, then warm cache).

Usage: .venv/bin/python bench/enrichment.py [N]   (default 10000)
Uses the configured database and cache (DATABASE_URL / REDIS_URL, else SQLite + database cache; run
`manage.py migrate` and `createcachetable` first). Providers: the demo company dataset, plus any vendor
key set in the environment. Run 3 clears the in-process L1 to show what L2 alone gives another worker.
The benchmark organisation and its rows are deleted at the end.
"""

from __future__ import annotations

import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadsite.settings.base")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")  # predictive pre-enrichment runs inline
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from enrichment.providers.dataset.index import demo_company_rows  # noqa: E402
from enrichment.services.cache import l1_cache  # noqa: E402
from leadsite.core.services import organization_create  # noqa: E402
from pipeline.bulk.lead_instances import lead_chunks  # noqa: E402
from pipeline.bulk.lead_writes import leads_bulk_update  # noqa: E402
from pipeline.models import Batch, Lead, Upload  # noqa: E402
from pipeline.services.enrichment_metrics import batch_enrichment_metrics  # noqa: E402
from pipeline.stages.context import StageContext  # noqa: E402
from pipeline.stages.steps import enrich  # noqa: E402

# What the enrich step writes; columns it never reads are not loaded.
ENRICH_FIELDS = ("industry", "employee_count", "signals", "technologies", "company_name", "enrichment", "reasons")
UNREAD = ("raw", "extra", "validation", "match_keys", "dedup_features", "dedup_reasons", "score_breakdown")


def leads_for(n: int, rng: random.Random) -> list[dict]:
    demo = demo_company_rows()
    unknown = [f"unknown-{i}.example" for i in range(300)]
    rows = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.75:
            company = rng.choice(demo)
            rows.append({"domain": company["domain"], "email": f"lead{i}@{company['domain']}"})
        elif roll < 0.9:
            domain = rng.choice(unknown)
            rows.append({"domain": domain, "email": f"lead{i}@{domain}", "company_name": domain.split(".")[0]})
        else:
            rows.append({"company_name": rng.choice(demo)["name"]})
    return rows


PHASE_SECONDS = [0.0]


def enrich_batch(batch: Batch) -> None:
    """The enrich step over the stored leads, chunk by chunk, with its counters in batch.metrics["enrich"].
    The batch's companies are observed first, so predictive pre-enrichment can serve this run."""
    ctx = StageContext(batch=batch, organization_id=batch.organization_id)
    enrich.observe(ctx)
    for chunk in lead_chunks(Lead.objects.filter(batch=batch), chunk_size=2000, defer=UNREAD):
        started = time.perf_counter()
        enrich.enrich(chunk, ctx)  # the step's own time, apart from chunk loading and bulk writes
        PHASE_SECONDS[0] += time.perf_counter() - started
        leads_bulk_update(chunk, ENRICH_FIELDS)
    Batch.objects.filter(pk=batch.pk).update(metrics={"enrich": dict(ctx.counters)})


def run_once(batch: Batch, label: str) -> dict:
    PHASE_SECONDS[0] = 0.0
    Batch.objects.filter(pk=batch.pk).update(status=Batch.STATUS_RUNNING, metrics={}, progress={})
    started = time.perf_counter()
    enrich_batch(batch)
    seconds = time.perf_counter() - started
    batch.refresh_from_db()
    m = batch.metrics["enrich"]
    lookups = m.get("lookups", 0) or 1
    result = {
        "seconds": seconds,
        "leads_per_s": batch.leads_total / seconds,
        "phase_seconds": PHASE_SECONDS[0],
        "provider_calls": m.get("provider_calls", 0),
        "calls_saved": m.get("calls_saved", 0),
        "l1": m.get("l1_hits", 0) / lookups,
        "l2": m.get("l2_hits", 0) / lookups,
        "similarity": m.get("similarity_hits", 0) / lookups,
        "enrichment": batch_enrichment_metrics(batch),
    }
    print(
        f"{label:<20} {seconds:6.2f}s (phase {PHASE_SECONDS[0]:5.2f}s, "
        f"{batch.leads_total / PHASE_SECONDS[0]:8,.0f} leads/s)  "
        f"provider calls {result['provider_calls']:5d}  "
        f"calls saved {result['calls_saved']:5d}  hit rates L1 {result['l1']:.2%} L2 {result['l2']:.2%} "
        f"similarity {result['similarity']:.2%}  enrichment {result['enrichment']}"
    )
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(42)
    org = organization_create(name=f"bench-enrichment-{uuid.uuid4().hex[:6]}")
    try:
        upload = Upload.objects.create(
            organization=org,
            filename="bench.csv",
            storage_key=f"bench/{uuid.uuid4()}",
            size=0,
            sha256="0" * 64,
            format=Upload.FORMAT_CSV,
        )
        batch = Batch.objects.create(organization=org, upload=upload, leads_total=n)
        Lead.objects.bulk_create(
            [Lead(batch=batch, organization=org, row_number=i + 1, **row) for i, row in enumerate(leads_for(n, rng))],
            batch_size=5000,
        )
        print(f"{n:,} leads, {len(demo_company_rows())} demo companies + 300 unknown domains")
        cold = run_once(batch, "run 1 (cold cache)")
        warm = run_once(batch, "run 2 (warm L1+L2)")
        l1_cache().clear()
        run_once(batch, "run 3 (L2 only)")
        assert warm["provider_calls"] == 0, "second run called a provider"
        print(
            f"second run: no provider call; phase {cold['phase_seconds'] / warm['phase_seconds']:.1f}x faster, "
            f"whole step {cold['seconds'] / warm['seconds']:.1f}x"
        )
    finally:
        Batch.objects.filter(organization=org).delete()
        Upload.objects.filter(organization=org).delete()
        org.delete()


if __name__ == "__main__":
    main()
