"""What was not understood reaches the customer before anything is charged: upload warnings, refused mappings,
and the download keeps row_number and the columns kept as extras."""

import csv
import io
from pathlib import Path

import pytest
from django.test import Client

from billing.services.credits import credits_remaining
from pipeline.models import Batch

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "ingest" / "fixtures"
NO_CONTACT = "Company,City,Favourite colour\nLee Ltd,Leeds,teal\nChan Ltd,Hull,red\n"
NAMES_ONLY = "Name,Company\nAnn Lee,Lee Ltd\nBo Chan,Chan Ltd\nAnn Lee,Lee Limited\n"




def test_upload_201_lists_warnings_of_the_mapping(customer):
    response = customer.upload((FIXTURES / "sample_leads_two_phones.csv").read_bytes(), name="two.csv")

    assert response.status_code == 201
    warnings = response.json()["warnings"]
    assert any("'Phone 1', 'Phone 2' all hold a phone" in w for w in warnings)
    assert any("'Email', 'Email 2' all hold an email" in w for w in warnings)


def test_upload_of_linkedin_connections_says_the_notes_were_skipped(customer):
    response = customer.upload((FIXTURES / "linkedin_connections.csv").read_bytes(), name="Connections.csv")

    body = response.json()
    assert body["rows"] == 6
    assert body["column_mapping"]["Email Address"] == "email"
    assert any("below 2 line(s) of notes" in w for w in body["warnings"])
    assert any("kept as extra columns: 'Connected On'" in w for w in body["warnings"])


def test_file_without_email_phone_or_name_column_is_refused_at_process_and_costs_nothing(customer):
    upload = customer.upload(NO_CONTACT, name="names.csv")
    assert ("No column maps to an email, a phone or a name; processing is refused until one does."
            in upload.json()["warnings"])
    before = credits_remaining(organization_id=customer.organization.pk)

    response = customer.post_and_commit("/api/process", {"filename": "names.csv"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "no_contact_columns"
    assert body["details"]["mapped"] == {"Company": "company_name", "City": "city"}
    assert credits_remaining(organization_id=customer.organization.pk) == before
    assert not Batch.objects.filter(organization=customer.organization).exists()


def test_two_columns_on_one_field_is_a_400_naming_both(customer):
    customer.upload("Email,Job Title,Position\nann@lee.io,CEO,Founder\n", name="t.csv")

    response = customer.post_and_commit(
        "/api/process", {"filename": "t.csv", "column_mapping": {"Job Title": "title", "Position": "title"}}
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "mapping_conflict"
    assert body["details"]["columns"] == ["Job Title", "Position"]
    assert "'Job Title', 'Position'" in body["message"]


def test_auto_mapping_puts_one_column_on_a_field_and_says_which(customer):
    body = customer.upload((FIXTURES / "salesforce_contacts.csv").read_bytes(), name="sf.csv").json()

    assert body["column_mapping"]["Designation__c"] == "title"
    assert body["column_mapping"]["Title"] == ""  # empty in every row
    assert any("'Designation__c' is used as title" in w for w in body["warnings"])


def test_mapping_page_shows_the_warnings(customer):
    upload_id = customer.upload(NO_CONTACT, name="names.csv").json()["upload_id"]
    browser = Client()
    browser.force_login(customer.user)

    page = browser.get(f"/uploads/{upload_id}/")

    assert b'id="upload-warnings"' in page.content
    assert b"No column maps to an email, a phone or a name" in page.content


def test_mapping_page_refuses_processing_with_a_message(customer):
    upload_id = customer.upload(NO_CONTACT, name="names.csv").json()["upload_id"]
    browser = Client()
    browser.force_login(customer.user)

    page = browser.post(f"/uploads/{upload_id}/", {"map:0": "company_name", "map:1": "city", "map:2": ""},
                        follow=True)

    assert b"No column maps to an email, a phone or a person" in page.content
    assert not Batch.objects.filter(organization=customer.organization).exists()


def test_download_has_row_number_and_extra_columns_formula_safe(customer):
    text = (
        "First Name,Last Name,Email,Phone,Job Title,Company,Website,Country,Deal Stage,Notes\n"
        "Sarah,Miller,sarah.miller@techflow.com,+1 415 555 0199,VP Sales,TechFlow,techflow.com,US,Open,=1+2\n"
    )
    customer.upload(text, name="x.csv")
    batch_id = customer.post_and_commit("/api/process", {"filename": "x.csv"}).json()["batch_id"]

    download = customer.client.get(f"/api/download/{batch_id}")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    listed = customer.client.get(f"/api/batches/{batch_id}/leads").json()["results"]

    assert rows[0]["row_number"] == "1"
    assert rows[0]["extra.Deal Stage"] == "Open"
    assert rows[0]["extra.Notes"] == "'=1+2"
    assert listed[0]["extra"] == {"Deal Stage": "Open", "Notes": "=1+2"}


def test_batch_api_and_page_list_the_extra_columns_and_the_free_rows(customer):
    text = (
        "Name,Email,Phone,Deal Stage\n"
        "Sarah Miller,sarah.miller@techflow.com,,Open\n"
        "Bo Chan,,,Won\n"
    )
    customer.upload(text, name="x.csv")
    batch_id = customer.post_and_commit("/api/process", {"filename": "x.csv"}).json()["batch_id"]
    browser = Client()
    browser.force_login(customer.user)

    detail = customer.client.get(f"/api/batches/{batch_id}").json()
    page = browser.get(f"/batches/{batch_id}/")

    assert detail["extra_columns"] == ["Deal Stage"]
    assert detail["rows_free"] == {"unreadable": 0, "without_contact": 1}
    assert detail["credits_consumed"] == 1
    assert b'id="extra-columns"' in page.content and b"Deal Stage" in page.content
    assert b"Not charged: 1 row(s) without e-mail or phone" in page.content


def test_names_only_file_is_processed_free_and_deduplicated(customer):
    """A list of names (FEBRL-like record-linkage data) is no reason to refuse: no row can qualify, none is
    charged, and its duplicates are still found."""
    upload = customer.upload(NAMES_ONLY, name="people.csv")
    assert any("no lead can qualify" in w for w in upload.json()["warnings"])
    before = credits_remaining(organization_id=customer.organization.pk)

    response = customer.post_and_commit("/api/process", {"filename": "people.csv"})

    assert response.status_code == 202, response.json()
    assert credits_remaining(organization_id=customer.organization.pk) == before
