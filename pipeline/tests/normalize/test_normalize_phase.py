"""The normalize phase over real Lead rows: fields written, idempotent, values fit their columns."""

import pytest

from leadsite.core.models import Organization
from pipeline.models import Batch, Lead, Upload
from pipeline.reasons import reason_add
from pipeline.stages.context import StageContext
from pipeline.stages.steps import normalize


@pytest.fixture
def batch(db):
    organization = Organization.objects.create(name="Acme", slug="acme")
    upload = Upload.objects.create(
        organization=organization, filename="leads.csv", storage_key="uploads/t/leads.csv", size=10, sha256="0" * 64,
        format="csv",
    )
    return Batch.objects.create(organization=organization, upload=upload)


def make_lead(batch, row_number, raw):
    return Lead.objects.create(batch=batch, organization=batch.organization, row_number=row_number, raw=raw,
                               # ingest copies the raw values to the fields; normalize must not depend on them
                               first_name="stale", company_name=raw.get("company_name", "")[:300])


def run_phase(batch, leads):
    ctx = StageContext(batch=batch, organization_id=batch.organization_id)
    normalize.normalize(leads, ctx)
    Lead.objects.bulk_update(leads, [*normalize.FIELDS, "reasons"])
    return ctx


def test_normalize_writes_fields_from_raw(batch):
    lead = make_lead(batch, 1, {
        "full_name": "DR. SARAH MILLER", "email": "  sarah@techflow.com ", "phone": " +1 (415) 555-0199 ",
        "title": "vp sales", "company_name": "TECHFLOW SYSTEMS, INC.", "country": "U.S.A.", "employee_count": "51-200",
        "signals": "Series B; Hiring", "technologies": "AWS, Salesforce", "linkedin": "linkedin.com/in/sarah/",
    })
    other = make_lead(batch, 2, {"first_name": "bob", "last_name": "o'neil", "email": "bob@gmail.com",
                                 "website": "WWW.Beta.io/", "country": "Atlantis"})

    ctx = run_phase(batch, [lead, other])

    lead.refresh_from_db()
    assert (lead.first_name, lead.last_name, lead.full_name) == ("Sarah", "Miller", "Sarah Miller")
    assert lead.email == "sarah@techflow.com"
    assert lead.phone == "+1 (415) 555-0199"
    assert (lead.title_normalized, lead.seniority, lead.department) == ("VP of Sales", "vp", "sales")
    assert (lead.company_name, lead.company_key) == ("Techflow Systems, Inc.", "techflow systems")
    assert (lead.domain, lead.website) == ("techflow.com", "")
    assert lead.country == "US"
    assert lead.employee_count == 125
    assert lead.signals == ["Series B", "Hiring"]
    assert lead.technologies == ["AWS", "Salesforce"]
    assert lead.linkedin == "https://www.linkedin.com/in/sarah"
    other.refresh_from_db()
    assert (other.full_name, other.domain, other.country) == ("Bob O'Neil", "beta.io", "")
    assert other.website == "https://www.beta.io"
    assert ctx.counters == {"leads": 2, "domain_from_email": 1, "domain_from_website": 1, "country_unrecognised": 1}


def test_free_mail_gives_no_company_domain(batch):
    lead = make_lead(batch, 1, {"email": "ann@gmail.com", "company_name": "Acme"})

    ctx = run_phase(batch, [lead])

    assert lead.domain == ""
    assert ctx.counters["no_domain"] == 1


def test_running_twice_gives_the_same_result_and_keeps_other_phases_reasons(batch):
    raw = {"full_name": "Miller, Sarah", "title": "Sr. Software Eng.", "company_name": "Acme GmbH"}
    lead = make_lead(batch, 1, raw)
    reason_add(lead, "ingest", "ragged_row", "row has 9 fields, header has 7")
    reason_add(lead, "normalize", "old", "left over from an earlier run")

    run_phase(batch, [lead])
    first = {name: getattr(lead, name) for name in normalize.FIELDS}
    run_phase(batch, [lead])
    lead.refresh_from_db()

    assert {name: getattr(lead, name) for name in normalize.FIELDS} == first
    assert lead.full_name == "Sarah Miller"
    assert lead.title_normalized == "Senior Software Engineer"
    assert lead.company_key == "acme"
    assert lead.reasons == [{"phase": "ingest", "code": "ragged_row", "message": "row has 9 fields, header has 7"}]


def test_oversized_values_are_cut_to_their_columns(batch):
    lead = make_lead(batch, 1, {
        "full_name": "A" * 300 + " " + "B" * 300, "email": "x" * 400 + "@example.com", "title": "T" * 500,
        "company_name": "C" * 600, "postcode": "9" * 50, "website": "https://" + "a" * 600 + ".com/" + "p" * 600,
        "city": "Z" * 300, "phone": "1" * 100, "signals": "; ".join(f"signal {i}" for i in range(200)),
    })

    run_phase(batch, [lead])
    lead.refresh_from_db()

    assert len(lead.first_name) <= 200 and len(lead.full_name) <= 400
    assert len(lead.email) == 320 and len(lead.title) == 300 and len(lead.company_name) == 300
    assert len(lead.postcode) == 32 and len(lead.city) == 200 and len(lead.phone) == 64
    assert len(lead.signals) == 50


def test_fields_declared_are_plain_columns_of_the_model():
    fields = {f.name: f for f in Lead._meta.get_fields()}

    assert set(normalize.FIELDS) <= set(fields)
    assert not any(fields[name].is_relation for name in normalize.FIELDS)


def test_lead_values_returns_exactly_the_phase_fields():
    from pipeline.normalize import lead_values

    assert tuple(sorted(lead_values({"email": "a@b.com"}))) == tuple(sorted(normalize.FIELDS))
    assert lead_values({"email": "a@b.com", "signals": ["x", "y"], "employee_count": 40})["signals"] == ["x", "y"]
