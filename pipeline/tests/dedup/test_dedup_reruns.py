"""A file processed again is a re-run, not a duplicate of itself; duplicates of earlier leads are free."""

import csv

import pytest
from django.core.management import call_command

from pipeline.models import Batch, Lead
from pipeline.stages.settlement import credits_breakdown

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["first_name", "last_name", "email", "title", "company", "website", "country"]
PEOPLE = [["Ann", "Lee", "ann.lee@techflow.com", "VP Sales", "TechFlow", "techflow.com", "US"],
          ["Bob", "Stone", "bob.stone@techflow.com", "Head of Marketing", "TechFlow", "techflow.com", "US"],
          ["Carla", "Diaz", "carla@northwind.io", "CEO", "Northwind", "northwind.io", "US"],
          ["Dev", "Patel", "dev.patel@acme.com", "Director of Sales", "Acme", "acme.com", "US"]]


def process(tmp_path, name: str, rows: list[list[str]]) -> Batch:
    source, out = tmp_path / name, tmp_path / f"{name}.out.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    call_command("process_file", str(source), "--out", str(out), "--all")
    return Batch.objects.order_by("-created_at").first()


def test_the_same_file_again_keeps_its_qualified_leads(tmp_path):
    first = process(tmp_path, "leads.csv", PEOPLE)
    assert first.leads_qualified > 0
    again = process(tmp_path, "leads-fixed.csv", PEOPLE)  # same content, another name: a re-run
    assert again.leads_duplicate == 0
    assert again.leads_qualified == first.leads_qualified
    assert again.metrics["dedup"]["duplicates_of_earlier_uploads"] == 0


def test_a_new_file_with_earlier_people_marks_them_and_does_not_charge_them(tmp_path):
    process(tmp_path, "march.csv", PEOPLE[:3])
    april = process(tmp_path, "april.csv", [PEOPLE[0], PEOPLE[3]])  # Ann again, Dev new
    ann = Lead.objects.get(batch=april, row_number=1)
    assert ann.status == Lead.STATUS_DUPLICATE and "earlier upload" in ann.reasons[-1]["message"]
    assert april.metrics["dedup"]["duplicates_of_earlier_uploads"] == 1
    breakdown = credits_breakdown(batch=april)
    assert breakdown == {"rows_written": 2, "free_unreadable": 0, "free_no_contact": 0,
                         "free_duplicates_of_earlier_leads": 1, "charged": 1}
