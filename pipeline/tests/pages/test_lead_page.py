"""The lead page speaks words: labelled check tables, human labels, reasons once, duplicates by row and name."""

import re

import pytest
from django.test import Client

from pipeline.models import Lead

pytestmark = pytest.mark.django_db

CSV = (
    "First Name,Last Name,Email,Phone,Job Title,Company,Website,Country\n"
    "Sarah,Miller,sarah.miller@techflow.com,+1 415 555 0199,Chief Revenue Officer,TechFlow Systems Inc,"
    "techflow.com,US\n"
    "Sarah,Miller,sarah.miller@techflow.com,+1 415 555 0199,CRO,TechFlow Systems,techflow.com,US\n"
    "Bad,Address,not-an-email,,Intern,Nowhere Ltd,,US\n"
)


def _visible_text(html: str) -> str:
    body = html.split("<main>", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


def test_lead_pages_in_words(make_customer):
    """One processed file (processing is the slow part), three lead pages."""
    alice = make_customer()
    assert alice.upload(CSV).status_code == 201
    batch_id = alice.post_and_commit("/api/process", {"filename": "leads.csv"}).json()["batch_id"]
    browser = Client()
    browser.force_login(alice.user)
    _duplicate_links_to_its_survivor_by_row_and_name(batch_id, browser)
    _rejected_lead_shows_each_reason_once_and_no_codes_or_reprs(batch_id, browser)
    _lead_page_tables_label_checks_and_codes(batch_id, browser)


def _duplicate_links_to_its_survivor_by_row_and_name(batch_id, browser):
    duplicate = Lead.objects.get(batch_id=batch_id, status=Lead.STATUS_DUPLICATE)
    survivor = duplicate.duplicate_of
    html = browser.get(f"/leads/{duplicate.pk}/").content.decode()
    assert f'href="/leads/{survivor.pk}/" id="survivor-link">Row {survivor.row_number} — Sarah Miller</a>' in html
    text = _visible_text(html)
    assert f"Same person as row {survivor.row_number}, Sarah Miller" in text
    assert f"lead #{survivor.pk}" not in text and f"lead {survivor.pk}" not in text
    assert "How it matched row" in text and "Identical" in text
    survivor_html = browser.get(f"/leads/{survivor.pk}/").content.decode()
    assert f'href="/leads/{duplicate.pk}/">Row {duplicate.row_number} — Sarah Miller</a>' in survivor_html


def _rejected_lead_shows_each_reason_once_and_no_codes_or_reprs(batch_id, browser):
    bad = Lead.objects.get(batch_id=batch_id, email="not-an-email")
    assert [r["code"] for r in bad.reasons].count("email_invalid_syntax") == 2  # validate's finding + score's gate
    text = _visible_text(browser.get(f"/leads/{bad.pk}/").content.decode())
    assert text.count("Email address is not valid") == 1
    assert "The e-mail address is not valid." not in text  # the gate's repeat is merged away
    assert "blocks qualification" in text
    for raw in ("{'", "None", "invalid_syntax", "email_status", "title_keywords", "·  ", "· <"):
        assert raw not in text, raw
    assert "Address format" in text and "Not valid" in text  # the email check table
    assert "Intern" in text


def _lead_page_tables_label_checks_and_codes(batch_id, browser):
    lead = Lead.objects.get(batch_id=batch_id, status=Lead.STATUS_QUALIFIED)
    html = browser.get(f"/leads/{lead.pk}/").content.decode()
    text = _visible_text(html)
    assert 'id="email-checks"' in html and 'id="phone-checks"' in html and 'id="company-lookup"' in html
    assert "What was checked" in text and "Mail servers (DNS)" in text
    assert "DNS checks are switched off on this service" in text  # the test settings turn them off
    assert "C-level executive" in text and "c_level" not in text
    assert "Landline or mobile" in text and "fixed_line_or_mobile" not in text
    assert "Seniority" in text and "Complete record" in text  # score rules by name
    assert re.search(r"TechFlow Systems[^·<]* · techflow\.com", text)
    assert not re.search(r"·\s*</td>|·\s*$", html, re.M)  # no stray separator at the end of a line
