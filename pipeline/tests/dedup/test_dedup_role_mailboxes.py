"""A team's mailbox (info@, sales@) shared by colleagues never makes them one person."""

from pipeline.dedup import DedupRecord, Features, link_records, pair_score

OFFICE = {"company_name": "Acme Robotics GmbH", "domain": "acme-robotics.de", "phone": "+49 30 1234567",
          "street": "Torstrasse 12", "city": "Berlin", "postcode": "10119"}


def test_colleagues_sharing_info_mailbox_are_two_people():
    a = Features(DedupRecord(id=1, first_name="Alice", last_name="Jones", email="info@acme-robotics.de", **OFFICE), 0)
    b = Features(DedupRecord(id=2, first_name="Bernd", last_name="Lehmann", email="info@acme-robotics.de", **OFFICE), 1)
    result = pair_score(a, b)
    assert ("email", "role_mailbox", 0.0) in result.reasons
    assert result.probability < 0.01


def test_one_person_with_the_team_mailbox_still_matches_on_names():
    a = Features(DedupRecord(id=1, first_name="Alice", last_name="Jones", email="sales@acme-robotics.de", **OFFICE), 0)
    b = Features(DedupRecord(id=2, first_name="Alice", last_name="Jones", email="sales@acme-robotics.de", **OFFICE), 1)
    assert pair_score(a, b).probability > 0.9


def test_a_file_of_colleagues_on_one_mailbox_keeps_them_all():
    """Learned on the file itself: 40 colleagues on two team mailboxes, plus unrelated people to learn from."""
    firsts = ["Anna", "Bernd", "Clara", "Dieter", "Eva", "Felix", "Greta", "Hans", "Ilse", "Jonas"]
    lasts = ["Maier", "Schulz", "Wagner", "Becker"]
    records = [DedupRecord(id=i, first_name=f, last_name=ln, email=("info@" if i % 2 else "sales@") + OFFICE["domain"],
                           **{k: v for k, v in OFFICE.items()})
               for i, (f, ln) in enumerate((f, ln) for f in firsts for ln in lasts)]
    others = [DedupRecord(id=100 + i, first_name=f"Person{i}", last_name=f"Family{i % 97}",
                          email=f"p{i}@example{i % 50}.com", company_name=f"Company {i % 50}") for i in range(600)]
    result = link_records(records + others)
    colleagues = result.survivor[: len(records)]
    assert len(set(colleagues.tolist())) == len(records)
