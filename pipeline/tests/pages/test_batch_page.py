"""The batch page: customer counters, rejections by reason, a banner for checks that did not run, staff details."""

import re

import pytest
from django.test import Client

from pipeline.models import Batch, Lead
from pipeline.presenters.batch import batch_display_name, check_warnings, number, phase_rows

pytestmark = pytest.mark.django_db

CSV = (
    "First Name,Last Name,Email,Phone,Job Title,Company,Website,Country\n"
    "Sarah,Miller,sarah.miller@techflow.com,+1 415 555 0199,VP Sales,TechFlow Systems Inc,techflow.com,US\n"
    "Sarah,Miller,sarah.miller@techflow.com,+1 415 555 0199,VP Sales,TechFlow Systems,techflow.com,US\n"
    "Bad,Address,not-an-email,,Intern,Nowhere Ltd,,US\n"
    ",,,,,,,\n"
)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("<main>", 1)[1].split("</main>", 1)[0]))


def test_batch_page_for_customers_and_staff(make_customer):
    alice = make_customer()
    assert alice.upload(CSV).status_code == 201
    batch_id = alice.post_and_commit("/api/process", {"filename": "leads.csv"}).json()["batch_id"]
    batch = Batch.objects.get(pk=batch_id)
    browser = Client()
    browser.force_login(alice.user)
    html = browser.get(f"/batches/{batch_id}/?status=ALL").content.decode()
    text = _text(html)
    assert "Completed" in text and "completed " not in text
    assert f"leads.csv · {batch_display_name(batch).split(' · ', 1)[1]}" in text  # file, time and row count
    for label in ("rows in the file", "qualified", "rejected", "duplicates", "credits used"):
        assert label in text
    assert 'data-field="leads_qualified" data-format="number">1<' in html
    assert "Why leads were rejected" in text and "Email address is not valid" in text
    # Test settings switch DNS checks off: every checked email is "unknown", and the page says why.
    assert "could not be checked: email DNS checks are switched off on this service" in text
    assert "Check emails and phones" in text and "Done" in text  # the phase table in words
    assert 'data-phase="validate"' in html and 'data-cell="rows"' in html
    assert "Details for staff" not in text and "seconds inserting" not in text.lower()
    for raw in ("{'", "None", "peak_mb", "email_unknown", "below_threshold", "invalid_syntax"):
        assert raw not in text, raw
    duplicate = Lead.objects.get(batch_id=batch_id, status=Lead.STATUS_DUPLICATE)
    assert f"Duplicate of another lead ( row {duplicate.duplicate_of.row_number} )" in text
    assert f'href="/leads/{duplicate.duplicate_of_id}/">row {duplicate.duplicate_of.row_number}</a>' in html

    alice.user.is_staff = True
    alice.user.save(update_fields=["is_staff"])
    staff_text = _text(browser.get(f"/batches/{batch_id}/").content.decode())
    assert "Details for staff" in staff_text and "Seconds inserting" in staff_text and "Peak memory" in staff_text
    assert "{'" not in staff_text


def test_phase_rows_and_warnings_read_as_words():
    batch = Batch(progress={"ingest": {"status": "done", "done": 12000, "total": 12000, "seconds": 75.25},
                            "validate": {"status": "running", "done": 2000, "total": 12000}},
                  metrics={"validate": {"email_unknown": 1200, "dns_resolver_unavailable": 40, "dns_lookups": 40},
                           "enrich": {"provider_errors": 3}})
    rows = {r.code: r for r in phase_rows(batch)}
    assert (rows["ingest"].status_label, rows["ingest"].done, rows["ingest"].seconds) == ("Done", "12,000 of 12,000",
                                                                                         "1 min 15 s")
    assert (rows["validate"].status_label, rows["validate"].done) == ("Running", "2,000 of 12,000")
    assert (rows["dedup"].status_label, rows["dedup"].done) == ("Waiting", "")
    warnings = check_warnings(batch)
    assert warnings[0].startswith("1,200 email addresses could not be checked: the DNS resolver was unavailable")
    assert warnings[1].startswith("3 company lookups failed")
    assert check_warnings(Batch(metrics={"validate": {"email_deliverable_unverified": 5}})) == []
    assert number(1.7409999999999999) == "1.74" and number(0.7857) == "0.786" and number(2000) == "2,000"
    assert number({"blocking": 139, "linking": 140}) == "blocking 139, linking 140"
