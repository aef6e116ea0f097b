import itertools

import pytest

from pipeline.models import Batch, Lead
from pipeline.stages import dedup
from pipeline.stages.context import StageContext
from pipeline.tests.dedup.batches import batch_with_leads

ROWS = [
    {"first_name": "Robert", "last_name": "Smith", "email": "robert.smith@techflow.com", "email_status": "unknown",
     "company_name": "TechFlow Systems Inc", "company_key": "techflow systems", "domain": "techflow.com"},
    {"first_name": "Bob", "last_name": "Smith", "email": "robert.smith@techflow.com", "phone": "+14155550199",
     "phone_status": "fixed_line_or_mobile", "title": "VP Sales", "company_name": "TechFlow Systems",
     "company_key": "techflow systems", "domain": "techflow.com", "city": "San Francisco", "country": "US"},
    {"first_name": "Jane", "last_name": "Doe", "email": "jane@doe.org", "country": "US"},
    {"first_name": "Smith", "last_name": "Robert", "phone": "(415) 555-0199", "status": Lead.STATUS_REJECTED,
     "reasons": [{"phase": "ingest", "code": "unreadable", "message": "bad row", "gate": True}]},
]


def run(batch: Batch, **options) -> StageContext:
    ctx = StageContext(batch=batch, organization_id=batch.organization_id, options=options)
    dedup.run(ctx)
    dedup.rescore(ctx)
    return ctx


@pytest.mark.django_db
def test_duplicates_inside_a_batch(organization):
    batch = batch_with_leads(organization, ROWS)
    ctx = run(batch)
    leads = {lead.row_number: lead for lead in Lead.objects.filter(batch=batch)}
    survivor = leads[2]  # the most complete row
    assert survivor.status == Lead.STATUS_PENDING and survivor.duplicate_of is None
    for row in (1, 4):
        assert leads[row].status == Lead.STATUS_DUPLICATE
        assert leads[row].duplicate_of_id == survivor.pk
        assert leads[row].dedup_cluster_id == survivor.dedup_cluster_id == f"c{survivor.pk}"
        assert leads[row].dedup_confidence < 0.05
        assert {r["field"] for r in leads[row].dedup_reasons} >= {"first_name", "last_name"}
        assert leads[row].reasons[-1]["code"] == "duplicate"
    assert leads[3].status == Lead.STATUS_PENDING and leads[3].dedup_confidence == 1.0
    assert leads[3].dedup_cluster_id == "" and leads[3].cluster_id == f"c{leads[3].pk}"
    assert survivor.dedup_confidence > 0.95
    assert "e:robert.smith@techflow.com" in survivor.match_keys["keys"]
    assert ctx.counters["duplicates"] == 2 and ctx.counters["clusters"] == 2
    batch.refresh_from_db()
    assert batch.leads_duplicate == 2


@pytest.mark.django_db
def test_survivor_gets_empty_fields_from_its_duplicates(organization):
    rows = [
        {"first_name": "Ann", "last_name": "Lee", "email": "ann@lee.io", "email_status": "unknown",
         "title": "CTO", "company_name": "Lee Co", "city": "Boston", "country": "US"},
        {"first_name": "Ann", "last_name": "Lee", "email": "ann@lee.io", "phone": "+16175550100",
         "phone_status": "mobile", "linkedin": "https://linkedin.com/in/annlee"},
    ]
    batch = batch_with_leads(organization, rows)
    run(batch)
    survivor = Lead.objects.get(batch=batch, row_number=1)
    assert (survivor.phone, survivor.phone_status) == ("+16175550100", "mobile")
    assert survivor.linkedin == "https://linkedin.com/in/annlee"
    duplicate = Lead.objects.get(batch=batch, row_number=2)
    assert survivor.match_keys["filled_from"]["phone"] == duplicate.pk


@pytest.mark.django_db
def test_rerun_is_idempotent(organization):
    batch = batch_with_leads(organization, ROWS)
    run(batch)
    first = list(Lead.objects.filter(batch=batch).values_list("status", "duplicate_of", "dedup_cluster_id", "reasons"))
    run(batch)
    second = list(Lead.objects.filter(batch=batch).values_list("status", "duplicate_of", "dedup_cluster_id", "reasons"))
    assert first == second


@pytest.mark.django_db
def test_against_earlier_uploads_unless_turned_off(organization):
    earlier = batch_with_leads(organization, [ROWS[1]])
    run(earlier)
    Batch.objects.filter(pk=earlier.pk).update(status=Batch.STATUS_COMPLETED)
    old = Lead.objects.get(batch=earlier)
    old_cluster, old_status = old.dedup_cluster_id, old.status

    batch = batch_with_leads(organization, [ROWS[0], ROWS[2]])
    run(batch)
    lead = Lead.objects.get(batch=batch, row_number=1)
    assert lead.status == Lead.STATUS_DUPLICATE
    assert lead.duplicate_of_id == old.pk
    assert lead.dedup_cluster_id == old.cluster_id
    assert "earlier upload" in lead.reasons[-1]["message"]
    old.refresh_from_db()
    assert (old.dedup_cluster_id, old.status) == (old_cluster, old_status)  # other batches are never written

    separate = batch_with_leads(organization, [ROWS[0]])
    run(separate, dedup_history=False)
    assert Lead.objects.get(batch=separate).status == Lead.STATUS_PENDING


@pytest.mark.django_db
def test_other_organisations_leads_are_never_compared(organization):
    from leadsite.core.services import organization_create

    other = organization_create(name="Other")
    theirs = batch_with_leads(other, [ROWS[1]])
    run(theirs)  # indexed for their later uploads
    Batch.objects.filter(pk=theirs.pk).update(status=Batch.STATUS_COMPLETED)
    batch = batch_with_leads(organization, [ROWS[0]])
    run(batch)
    assert Lead.objects.get(batch=batch).status == Lead.STATUS_PENDING


@pytest.mark.django_db
def test_earlier_leads_are_found_through_the_batchs_blocking_keys(organization):
    # no e-mail, phone, company, domain or postcode in common: only the name sounds, street and city
    earlier = batch_with_leads(organization, [
        {"first_name": "Katherine", "last_name": "Smithson", "email": "k.smithson@gmail.com",
         "street": "12 Oak Street", "city": "Springfield"},
    ])
    run(earlier)
    Batch.objects.filter(pk=earlier.pk).update(status=Batch.STATUS_COMPLETED)
    old = Lead.objects.get(batch=earlier)
    from pipeline.dedup.history_keys import key_hash
    from pipeline.models import LeadKey

    indexed = set(LeadKey.objects.filter(lead_id=old.pk).values_list("key", flat=True))
    assert indexed == {key_hash(text) for text in old.match_keys["keys"]}  # SQL and Python hash alike

    batch = batch_with_leads(organization, [
        {"first_name": "Katharine", "last_name": "Smithson", "street": "12 Oak St", "city": "Springfield"},
    ])
    run(batch)
    lead = Lead.objects.get(batch=batch)
    assert lead.status == Lead.STATUS_DUPLICATE and lead.duplicate_of_id == old.pk


@pytest.mark.django_db
def test_a_file_without_match_fields_skips_dedup_with_a_reason(organization):
    batch = batch_with_leads(organization, [{"city": "Springfield", "title": "CEO"}, {"city": "Springfield"}])
    ctx = run(batch)
    assert ctx.counters["skipped"].startswith("no usable match field")
    assert not Lead.objects.filter(batch=batch, status=Lead.STATUS_DUPLICATE).exists()


@pytest.mark.django_db
def test_a_key_every_earlier_lead_shares_brings_only_the_newest_few(organization):
    """Pathological history: 300 earlier branches of one chain (one name, other streets and phones), no other key
    in common with the new file. The name's key brings at most HISTORY_KEY_CAP of them, the newest: a file's cost
    does not grow with the history its organisation holds."""
    from pipeline.dedup.history_keys import HISTORY_KEY_CAP, history_lead_ids

    streets = [a + b for a, b in itertools.product(("Oak", "Elm", "Birch", "Cedar", "Maple", "Aspen"),
                                                   ("field", "brook", "wood", "ridge", "gate", "mere", "ford", "hill",
                                                    "stone", "vale", "side", "moor", "dale", "well", "bury", "holm",
                                                    "croft", "lea", "wick", "ton", "ham", "worth", "ley", "by",
                                                    "thorpe", "stead", "hurst", "combe", "marsh", "fen",
                                                    "gill", "shaw", "nook", "garth", "more", "wold", "mouth",
                                                    "port", "haven", "bridge", "cliff", "down", "end", "fold",
                                                    "green", "heath", "lands", "mill", "park", "row"))]
    earlier = batch_with_leads(organization, [
        {"company_name": "Acme Robotics GmbH", "street": f"{i + 1} {street} Street", "postcode": f"{10000 + 97 * i}",
         "phone": f"+1 {200 + i} {(i * 7919) % 900 + 100} {(i * 104729) % 10000:04d}"}
        for i, street in enumerate(streets)
    ])
    run(earlier)
    Batch.objects.filter(pk=earlier.pk).update(status=Batch.STATUS_COMPLETED)
    assert not Lead.objects.filter(batch=earlier, status=Lead.STATUS_DUPLICATE).exists()  # branches stay apart
    batch = batch_with_leads(organization, [{"company_name": "Acme Robotics GmbH"}])
    run(batch)
    found = history_lead_ids(batch=batch, organization_id=organization.pk)
    newest = sorted(Lead.objects.filter(batch=earlier).values_list("id", flat=True))[-HISTORY_KEY_CAP:]
    assert found == newest
