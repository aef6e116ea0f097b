"""Dedup works in bounded pieces (spilled keys, windows of pairs, groups of linked leads): the pieces' sizes
must never change what it finds."""

import csv

import pytest
from django.core.management import call_command

from pipeline.dedup import blocking, linker
from pipeline.dedup import features as dedup_features
from pipeline.models import Batch
from pipeline.tests.lead_files import write_leads

pytestmark = pytest.mark.django_db(transaction=True)


def _run(tmp_path, name: str, source) -> tuple[Batch, list[dict[str, str]]]:
    out = tmp_path / f"{name}.csv"
    call_command("process_file", str(source), "--out", str(out), "--all", "--no-dedup-history")
    with out.open(encoding="utf-8") as handle:
        return Batch.objects.order_by("-created_at").first(), list(csv.DictReader(handle))


def test_tiny_windows_groups_and_spills_find_the_same_duplicates(tmp_path, monkeypatch):
    source = tmp_path / "leads.csv"
    write_leads(source, 1200, seed=5)
    whole, whole_rows = _run(tmp_path, "whole", source)

    monkeypatch.setattr(blocking, "BUFFER_ENTRIES", 200)
    monkeypatch.setattr(blocking, "SPILL_ENTRIES", 600)  # keys and found pairs go through bucket files
    monkeypatch.setattr(blocking, "PARTITION_ENTRIES", 300)
    monkeypatch.setattr(dedup_features, "WINDOW_PAIRS", 97)  # dozens of feature windows
    monkeypatch.setattr(linker, "LINK_GROUP_RECORDS", 7)  # and of link groups
    pieces, piece_rows = _run(tmp_path, "pieces", source)

    assert whole.leads_duplicate > 20
    assert pieces.metrics["dedup"]["candidate_pairs"] == whole.metrics["dedup"]["candidate_pairs"]
    assert pieces.metrics["dedup"]["pairs_compared"] == whole.metrics["dedup"]["candidate_pairs"]
    assert (pieces.leads_duplicate, pieces.leads_qualified) == (whole.leads_duplicate, whole.leads_qualified)

    def comparable(rows):  # cluster ids and reasons carry primary keys, which differ between the two batches
        return [{k: v for k, v in row.items() if k not in ("dedup_cluster_id", "reasons")} for row in rows]

    assert comparable(piece_rows) == comparable(whole_rows)
