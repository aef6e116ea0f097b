import csv
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_process_file_all_rows(tmp_path: Path, sample_csv):
    source = tmp_path / "in.csv"
    source.write_text(sample_csv + "only,a,ragged,row,with,too,many,fields,here,and,more\n")
    out = tmp_path / "out.csv"
    call_command("process_file", str(source), "--out", str(out), "--all")
    rows = list(csv.DictReader(out.open()))
    assert [int(r["row_number"]) for r in rows] == [1, 2, 3, 4, 5]
    assert {r["status"] for r in rows} <= {"QUALIFIED", "REJECTED", "DUPLICATE"}
    assert all(r["dedup_cluster_id"] for r in rows)
    duplicates = [r for r in rows if r["status"] == "DUPLICATE"]
    assert len(duplicates) == 1
    assert {duplicates[0]["row_number"], duplicates[0]["duplicate_of_row"]} == {"1", "3"}
    assert "email" in duplicates[0]["dedup_evidence"]
    assert all(r["score_breakdown"] for r in rows if r["status"] == "QUALIFIED")
    assert rows[3]["reasons"]
    assert rows[3]["status"] == "REJECTED"


def test_process_file_qualified_only(tmp_path: Path, sample_csv):
    source = tmp_path / "in.csv"
    source.write_text(sample_csv)
    out = tmp_path / "out.csv"
    call_command("process_file", str(source), "--out", str(out))
    rows = list(csv.DictReader(out.open()))
    assert all(r["status"] == "QUALIFIED" for r in rows)
