"""An Apollo-shaped export: colleagues share the company's columns (Corporate Phone, Account Id, revenue,
funding, website) but are different people; only a person's own repeated row is a duplicate."""

import csv
import itertools
import random

import pytest
from django.core.management import call_command

from pipeline.models import Batch, Lead

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
         "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin", "Lee",
        "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker"]
HEADER = ["First Name", "Last Name", "Title", "Company", "Email", "Corporate Phone", "Account Id",
          "Annual Revenue", "Total Funding", "Website", "City", "State", "Country"]


def apollo_rows(companies: int, per_company: int, repeats: int, seed: int = 11):
    """Rows and, per row, the person it is: `repeats` people appear twice (same e-mail, a title changed)."""
    rng = random.Random(seed)
    names = rng.sample(list(itertools.product(FIRST, LAST)), companies * per_company)
    rows, person_of = [], []
    for c in range(companies):
        domain = f"company{c}.com"
        shared = [f"Company {c} Inc", f"+1 415 555 {1000 + c:04d}", f"0a{c:06d}", f"{rng.randint(1, 900)}000000",
                  f"{rng.randint(1, 90)}000000", f"https://www.{domain}", "San Francisco", "CA", "United States"]
        for p in range(per_company):
            first, last = names[c * per_company + p]
            rows.append([first, last, "VP Sales", *shared[:1], f"{first.lower()}.{last.lower()}@{domain}",
                         *shared[1:]])
            person_of.append(c * per_company + p)
    for person in rng.sample(range(len(rows)), repeats):
        again = list(rows[person])
        again[2] = "Head of Sales"
        rows.append(again)
        person_of.append(person)
    return rows, person_of


@pytest.mark.parametrize("companies", [6, 60])  # priors (a small file) and a learned model
def test_colleagues_sharing_company_columns_are_never_merged(tmp_path, companies):
    rows, person_of = apollo_rows(companies, 8, repeats=companies // 2)
    source, out = tmp_path / "apollo.csv", tmp_path / "out.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    call_command("process_file", str(source), "--out", str(out), "--all", "--no-dedup-history")
    batch = Batch.objects.order_by("-created_at").first()
    # Account Id, revenue and funding are company-level, not identifiers; the switchboard number is never a
    # person's phone (ingest keeps "Corporate Phone" as a company column, or dedup reads it as a company phone)
    keys = batch.metrics["dedup_keys"]
    assert keys["identifier_columns"] == []
    assert keys["company_phone"] or not Lead.objects.filter(batch=batch).exclude(phone="").exists()
    with out.open(encoding="utf-8") as handle:
        found = {int(r["row_number"]): r["dedup_cluster_id"] for r in csv.DictReader(handle)}
    members: dict[str, set[int]] = {}
    for row, cluster in found.items():
        cluster = cluster or f"alone{row}"
        members.setdefault(cluster, set()).add(person_of[row - 1])
    merged_people = [people for people in members.values() if len(people) > 1]
    assert merged_people == []
    assert batch.leads_duplicate == companies // 2  # each repeated row, and nothing else
