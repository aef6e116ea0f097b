"""How a record is read for matching: a whole name in one column, a contact without a name, a website."""

from pipeline.dedup import DedupRecord, Features, pair_score


def test_whole_name_in_the_first_name_column_is_split():
    a = Features(DedupRecord(id=1, first_name="Stephen Morris", street="12 High St", city="Leeds"), 0)
    b = Features(DedupRecord(id=2, first_name="Stephen", last_name="Morris", street="12 High St", city="Leeds"), 1)
    assert (a.first, a.last) == ("stephen", "morris")
    assert pair_score(a, b).probability > 0.5


def test_a_surname_with_particles_alone_stays_a_surname():
    f = Features(DedupRecord(id=1, last_name="van der Berg"), 0)
    assert (f.first, f.last) == ("", "vanderberg")


def test_a_contact_without_a_name_but_with_a_personal_mailbox_is_a_person():
    person = Features(DedupRecord(id=1, company_name="Acme GmbH", email="j.smith@acme.de"), 0)
    team = Features(DedupRecord(id=2, company_name="Acme GmbH", email="info@acme.de"), 1)
    assert person.person and not team.person


def test_websites_compare_as_bare_hosts():
    f = Features(DedupRecord(id=1, company_name="Rosmini e figli", domain="https://www.Rosmini.it/contatti"), 0)
    assert f.domain == "rosmini.it"
