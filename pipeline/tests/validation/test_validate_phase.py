import pytest

from leadsite.core.services import organization_create
from pipeline.models import Batch, Lead, Upload
from pipeline.stages.context import StageContext
from pipeline.stages.steps import validate

pytestmark = pytest.mark.django_db

ROWS = [
    # email, phone, country, domain
    ("Sarah@TechFlow.com", "+1 415 555 0199", "US", "techflow.com"),
    ("john@gmial.com", "020 7946 0958", "", "acme.co.uk"),
    ("not-an-email", "(555) 0199", "US", ""),
    ("temp@mailinator.com", "", "", ""),
    ("", "07400 123456", "GB", ""),
    ("info@acme.com", "0049 30 12345678", "", "acme.com"),
]


@pytest.fixture
def batch():
    org = organization_create(name="Acme", default_country="US")
    upload = Upload.objects.create(organization=org, filename="leads.csv", storage_key="k/leads.csv", size=1,
                                   sha256="0" * 64, format=Upload.FORMAT_CSV)
    batch = Batch.objects.create(organization=org, upload=upload, status=Batch.STATUS_RUNNING, leads_total=len(ROWS))
    Lead.objects.bulk_create(
        Lead(batch=batch, organization=org, row_number=i, email=e, phone=p, country=c, domain=d,
             raw={"email": f" {e} ", "phone": p},
             reasons=[{"phase": "normalize", "code": "kept", "message": "from another phase"}])
        for i, (e, p, c, d) in enumerate(ROWS, start=1)
    )
    return batch


def _ctx(batch):
    return StageContext(batch=batch, organization_id=batch.organization_id, default_country="US")


def test_phase_writes_statuses_evidence_and_reasons(batch):
    leads = list(Lead.objects.filter(batch=batch))
    validate.validate(leads, _ctx(batch))
    got = [(lead.email, lead.email_status, lead.phone, lead.phone_status) for lead in leads]
    assert got == [
        ("Sarah@techflow.com", "unknown", "+14155550199", "fixed_line_or_mobile"),
        ("john@gmial.com", "disposable", "+442079460958", "landline"),
        ("not-an-email", "invalid_syntax", "(555) 0199", "invalid"),
        ("temp@mailinator.com", "disposable", "", "missing"),
        ("", "missing", "+447400123456", "mobile"),
        ("info@acme.com", "unknown", "+493012345678", "landline"),
    ]
    john = leads[1]
    assert john.validation["email"]["suggestion"] == "john@gmail.com"
    assert john.validation["phone"]["region_source"] == "domain_tld"
    assert [r["code"] for r in john.reasons if r["phase"] == "validate"] == ["email_typo", "email_disposable"]
    assert not any(r.get("gate") for r in john.reasons)
    assert leads[5].validation["email"]["flags"] == {"disposable": False, "role": True, "free": False}
    assert leads[2].validation["phone"]["checks"][0]["result"] == "invalid"
    assert leads[0].validation["email"]["input"] == "Sarah@TechFlow.com"
    assert leads[0].validation["phone"]["input"] == "+1 415 555 0199"


def test_phase_is_idempotent(batch):
    leads = list(Lead.objects.filter(batch=batch))
    validate.validate(leads, _ctx(batch))
    fields = ("email", "email_status", "phone", "phone_status", "reasons", "validation")
    first = [[getattr(lead, f) for f in fields] for lead in leads]
    validate.validate(leads, _ctx(batch))
    again = [[getattr(lead, f) for f in fields] for lead in leads]
    assert again == first
    assert all(lead.reasons[0]["phase"] == "normalize" for lead in leads)


def test_step_sets_fields_and_counts(batch):
    leads = list(Lead.objects.filter(batch=batch).order_by("row_number"))
    ctx = _ctx(batch)
    validate.validate(leads, ctx)
    metrics = ctx.counters
    assert metrics["email_disposable"] == 2
    assert metrics["email_invalid_syntax"] == 1
    assert metrics["phone_landline"] == 2
    stored = leads[0]
    assert (stored.email_status, stored.phone) == ("unknown", "+14155550199")
    assert stored.validation["email"]["checks"][1] == {
        "check": "dns", "result": "skipped", "detail": "EMAIL_DNS_CHECKS is off"
    }


def test_dns_once_per_domain_across_chunks(batch, dns_settings):
    resolver = dns_settings
    Lead.objects.filter(batch=batch).update(email="alice@good.com")
    leads = list(Lead.objects.filter(batch=batch).order_by("row_number"))
    ctx = _ctx(batch)
    validate.validate(leads[:3], ctx)
    validate.validate(leads[3:], ctx)
    assert {lead.email_status for lead in leads} == {"deliverable_unverified"}
    assert resolver.queries[("good.com", "MX")] == 1
    assert ctx.counters["dns_lookups"] == 1
    assert ctx.counters["dns_cache_hits"] == 1


def test_lying_resolver_still_lets_leads_qualify(batch, settings, lying_dns):
    settings.EMAIL_DNS_CHECKS = True
    settings.EMAIL_DNS_NAMESERVERS = [lying_dns[1]]
    settings.EMAIL_DNS_CANARIES = ["canary.com"]
    leads = list(Lead.objects.filter(batch=batch).order_by("row_number"))
    ctx = _ctx(batch)
    validate.validate(leads, ctx)
    assert leads[0].email_status == "unknown"
    assert leads[0].validation["email"]["checks"][1]["result"] == "resolver_unavailable"
    assert "invalid_domain" not in {lead.email_status for lead in leads}
