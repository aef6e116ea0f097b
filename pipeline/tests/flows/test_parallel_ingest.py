"""The worker pool (forked processes on PostgreSQL: ingest's chunks, dedup's pair weights, the output file)
gives the same leads, in the same key order, as one process."""

import csv

import pytest
from django.core.management import call_command
from django.db import connection

from pipeline.dedup import features as dedup_features
from pipeline.models import Batch, Lead
from pipeline.services import leads_file as csv_files
from pipeline.tests.lead_files import write_leads

pytestmark = pytest.mark.django_db(transaction=True)


def _run(tmp_path, settings, workers: int, source) -> tuple[Batch, list[dict[str, str]]]:
    settings.PIPELINE_WORKERS = workers  # also writes the output file in parts when > 1
    out = tmp_path / f"out-{workers}.csv"
    call_command("process_file", str(source), "--out", str(out), "--all", "--no-dedup-history")
    batch = Batch.objects.order_by("-created_at").first()
    with out.open(encoding="utf-8") as handle:
        return batch, list(csv.DictReader(handle))


def test_pool_matches_a_single_process(tmp_path, settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the worker pool runs on PostgreSQL only")
    settings.PIPELINE_CHUNK_SIZE = 300
    monkeypatch.setattr(dedup_features, "PARALLEL_PAIRS", 0)  # dedup's pair weights in the pool too, however few
    monkeypatch.setattr(csv_files, "PARALLEL_ROWS", 0)  # and the output file
    source = tmp_path / "leads.csv"
    write_leads(source, 1500, seed=11)

    serial, serial_rows = _run(tmp_path, settings, 1, source)
    pooled, pooled_rows = _run(tmp_path, settings, 2, source)

    assert serial.metrics["ingest"]["workers"] == 1 and pooled.metrics["ingest"]["workers"] == 2
    assert pooled.status == Batch.STATUS_COMPLETED and pooled.leads_total == 1500
    assert (pooled.leads_qualified, pooled.leads_duplicate) == (serial.leads_qualified, serial.leads_duplicate)
    assert pooled.leads_duplicate > 0 and pooled.leads_qualified > 0

    def comparable(rows):  # cluster ids carry primary keys, which differ between the two batches
        return [{k: v for k, v in row.items() if k not in ("dedup_cluster_id", "reasons")} for row in rows]

    assert comparable(pooled_rows) == comparable(serial_rows)
    # keys were allocated up front, so primary-key order is row order even though chunks finished in any order
    rows_by_pk = list(Lead.objects.filter(batch=pooled).order_by("pk").values_list("row_number", flat=True))
    assert rows_by_pk == sorted(rows_by_pk)
    for phase in ("normalize", "validate", "enrich"):
        assert pooled.progress[phase]["status"] == "done" and pooled.progress[phase]["done"] == 1500
    # every chunk's counters are summed, in every worker: one email and one phone status per lead
    for batch in (serial, pooled):
        validate = batch.metrics["validate"]
        assert sum(n for name, n in validate.items() if name.startswith("email_")) == 1500
        assert sum(n for name, n in validate.items() if name.startswith("phone_")) == 1500
    assert serial.metrics["validate"] == pooled.metrics["validate"]
