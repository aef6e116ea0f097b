"""Files shaped like real exports, end to end through the API: what is mapped, what qualifies, what is charged."""

import csv
import io
from pathlib import Path

import pytest

from billing.services.credits import credits_remaining
from pipeline.models import Lead

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "ingest" / "fixtures"


def run(customer, name: str) -> tuple[dict, dict, list[Lead], int]:
    before = credits_remaining(organization_id=customer.organization.pk)
    upload = customer.upload((FIXTURES / name).read_bytes(), name=name)
    assert upload.status_code == 201, upload.json()
    response = customer.post_and_commit("/api/process", {"filename": name})
    assert response.status_code == 202, response.json()
    batch = customer.client.get(f"/api/batches/{response.json()['batch_id']}").json()
    assert batch["status"] == "completed", batch
    leads = list(Lead.objects.filter(batch_id=batch["batch_id"]).order_by("row_number"))
    charged = before - credits_remaining(organization_id=customer.organization.pk)
    return upload.json(), batch, leads, charged


def summary(leads: list[Lead]) -> list[tuple]:
    return [(lead.row_number, lead.full_name, lead.company_name, lead.email, lead.seniority, lead.department,
             lead.status) for lead in leads]


def test_linkedin_connections(customer):
    upload, batch, leads, charged = run(customer, "linkedin_connections.csv")

    assert upload["rows"] == 6
    assert [lead.full_name for lead in leads] == [
        "Priya Raman", "Tomás García", "Chloe Nguyen", "Marcus O'Neill", "Aisha Bello", "Jonas Berg"
    ]
    assert leads[0].linkedin == "https://www.linkedin.com/in/priya-raman-4a1b2c"
    assert leads[0].title_normalized == "VP of Sales"
    assert [lead.seniority for lead in leads] == ["vp", "head", "c_level", "director", "unknown", "unknown"]
    no_email = [lead for lead in leads if not lead.email]
    assert [lead.row_number for lead in no_email] == [2, 6]
    assert all(lead.status == "REJECTED" and lead.reasons[0]["code"] == "no_contact_data" for lead in no_email)
    assert charged == 4  # the two rows without email or phone are free
    assert batch["credits_consumed"] == 4


def test_dutch_crm_export(customer):
    _, batch, leads, charged = run(customer, "dutch_crm.csv")

    assert [lead.email for lead in leads] == [
        "sanne.devries@vandijk-installatietechniek.nl", "p.jansen@bakkerij-jansen.nl", "femke@groeneweg-advies.nl",
        "", "lotte.visser@visser-logistiek.nl", "daan.smit@smit-software.nl",
    ]
    assert [lead.title for lead in leads][:3] == ["Directeur", "Eigenaar", "Hoofd Marketing"]
    assert [(lead.seniority, lead.department) for lead in leads] == [
        ("director", "other"), ("owner", "executive"), ("head", "marketing"), ("manager", "sales"),
        ("director", "finance"), ("entry", "engineering"),
    ]
    assert leads[3].phone == "+31105550123"  # no email: reached by phone, so processed and charged
    assert leads[4].phone == "" and leads[4].phone_status == "missing"  # NULL in both phone columns
    assert leads[0].country == "NL" and leads[0].city == "Amsterdam"
    assert charged == 6


def test_german_scrape(customer):
    _, _, leads, charged = run(customer, "german_scrape.csv")

    assert leads[0].last_name == "Müller"  # "(sie/ihr)" dropped
    assert leads[1].last_name == "Schneider"  # "MBA" dropped
    assert [(lead.seniority, lead.department) for lead in leads] == [
        ("c_level", "executive"), ("head", "sales"), ("entry", "hr"), ("entry", "engineering"), ("head", "marketing"),
    ]
    assert leads[2].phone_status == "missing"  # "N/A"
    assert leads[3].email == "" and leads[3].phone == "+49221998877"  # "#N/A" email, reached by phone
    assert leads[0].linkedin == "https://www.linkedin.com/in/katrin-mueller"
    assert charged == 5


def test_salesforce_contact_export_with_api_names(customer):
    upload, _, leads, charged = run(customer, "salesforce_contacts.csv")

    assert upload["column_mapping"]["Current_Employer__c"] == "company_name"
    assert [lead.company_name for lead in leads][:2] == ["Bluefin Energy", "Harbourline Capital"]
    assert leads[0].title == "Chief Financial Officer"
    assert leads[1].last_name == "Amadi"  # "FCA CGMA ACMA" dropped
    assert leads[2].last_name == "Rossi" and leads[2].phone == "+393475551234"  # Phone "null": MobilePhone used
    assert leads[3].seniority == "manager"  # Office Manager-Operations
    assert leads[4].department == "hr"  # Human Resource Manager
    assert leads[0].phone == "+17135550142"  # never the Company_Phone__c
    assert leads[0].extra["Company_Phone__c"] == "+1 713 555 0100"
    assert charged == 5


def test_apollo_uk_partner_and_owner_titles(customer):
    _, _, leads, _ = run(customer, "apollo_uk.csv")

    assert [(lead.title, lead.seniority) for lead in leads] == [
        ("Talent Acquisition Partner", "unknown"), ("Product Owner", "unknown"), ("Founder & Owner", "owner"),
        ("Partner", "owner"), ("HR Business Partner", "unknown"),
    ]
    assert leads[0].phone == "+441615550134"  # Work Direct Phone; the Corporate Phone never
    assert leads[4].phone == ""  # only company-level phones in that row
    assert "Company Phone" in leads[4].extra


def test_apollo_us(customer):
    _, batch, leads, charged = run(customer, "apollo_us.csv")

    assert [lead.phone for lead in leads] == ["+15125550101", "+16175550102", ""]
    assert [lead.employee_count for lead in leads] == [230, 1200, 45]
    assert batch["leads_qualified"] == 3
    assert charged == 3


def test_json_object_keyed_by_company(customer):
    _, batch, leads, charged = run(customer, "json_by_company.json")

    assert [(lead.full_name, lead.company_name) for lead in leads] == [
        ("Rachel Kim", "Harborview Dental Group"), ("Tom Becker", "Harborview Dental Group"),
        ("Ana Souza", "Silverline Freight"), ("Derek Olsen", "Maple Grove Schools"),
    ]
    assert leads[1].seniority == "owner"
    assert batch["leads_processed"] == 4
    assert charged == 4


def test_salesforce_sfdx_json(customer):
    _, _, leads, charged = run(customer, "salesforce_sfdx.json")

    assert [(lead.full_name, lead.company_name, lead.website) for lead in leads] == [
        ("Nadia Haddad", "Cobalt Payments", ""), ("Victor Lindqvist", "Nordlys Energi AS", ""),
    ]
    assert charged == 2


def test_two_phone_and_two_email_columns(customer):
    _, batch, leads, charged = run(customer, "sample_leads_two_phones.csv")

    assert [(lead.email, lead.phone) for lead in leads] == [
        ("laura.bennett@crestview-media.com", "+14155550111"),  # Phone 1 "12345" invalid → Phone 2
        ("omar.haddad@ironbridge.io", "+16465550122"),
        ("mei.lin@lotusfin.com", "+12065550133"),  # Email invalid → Email 2; Phone 1 "n/a" is empty
        ("", "+13055550144"),  # Phone 1 "none" is empty
        ("sofia@rossi-design.com", "555"),
    ]
    assert leads[0].validation["phone"]["chosen"]["because"] == "Phone 1 was invalid"
    assert leads[2].validation["email"]["chosen"]["column"] == "Email 2"
    assert batch["leads_total"] == 5  # the row of "null" values is blank
    assert charged == 5

    download = customer.client.get(f"/api/download/{batch['batch_id']}")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert {r["row_number"] for r in rows} <= {"1", "2", "3", "4", "5"}
