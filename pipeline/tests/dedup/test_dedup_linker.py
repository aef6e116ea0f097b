from pipeline.dedup import BlockIndex, DedupRecord, link_records
from pipeline.dedup.merge import survivor_fill


def rec(i, **fields):
    return DedupRecord(id=i, recency=float(i), **fields)


def test_no_chaining_through_one_weak_link():
    # "J. Smith" links to John (same e-mail) and to Jane (same phone); John and Jane are two people.
    john = rec(0, first_name="John", last_name="Smith", email="john.smith@acme.com")
    j = rec(1, first_name="J.", last_name="Smith", email="john.smith@acme.com", phone="+16175550100")
    jane = rec(2, first_name="Jane", last_name="Smith", phone="+16175550100")
    result = link_records([john, j, jane])
    assert result.survivor[0] == result.survivor[1]
    assert result.survivor[2] == 2
    assert result.distinct_confidence[2] < 0.5  # Jane is probably the same as J. Smith: not sure she is distinct


def test_three_variants_form_one_cluster_with_most_complete_survivor():
    records = [
        rec(0, first_name="Bob", last_name="Smith", email="bob.smith@gmail.com"),
        rec(1, first_name="Robert", last_name="Smith", email="bobsmith+crm@gmail.com", phone="+14155550199",
            company_name="TechFlow", city="San Francisco"),
        rec(2, first_name="R.", last_name="Smith", email="b.o.b.smith@gmail.com"),
        rec(3, first_name="Jane", last_name="Doe", email="jane@doe.org"),
    ]
    result = link_records(records)
    assert result.survivor.tolist() == [1, 1, 1, 3]
    assert result.match_probability[0] > 0.99
    assert result.distinct_confidence[0] < 0.01  # a duplicate is not a distinct person
    assert result.distinct_confidence[3] == 1.0
    assert {field for field, _, _ in result.reasons(0)} >= {"first_name", "last_name", "email"}


def test_tie_on_completeness_goes_to_the_most_recent():
    records = [rec(0, first_name="Ann", last_name="Lee", email="ann@lee.io"),
               rec(1, first_name="Ann", last_name="Lee", email="ann@lee.io")]
    assert link_records(records).survivor.tolist() == [1, 1]


def test_gated_rows_take_part_but_do_not_survive():
    records = [DedupRecord(id=0, first_name="Ann", last_name="Lee", email="ann@lee.io", phone="+14155550100",
                           gated=True, recency=5.0),
               DedupRecord(id=1, first_name="Ann", last_name="Lee", email="ann@lee.io", recency=1.0)]
    assert link_records(records).survivor.tolist() == [1, 1]


def test_earlier_survivor_stays_canonical():
    records = [rec(0, first_name="Ann", last_name="Lee", email="ann@lee.io", phone="+14155550100",
                   company_name="Lee Co"),
               DedupRecord(id=1, first_name="Ann", last_name="Lee", email="ann@lee.io", history=True)]
    assert link_records(records).survivor.tolist() == [1, 1]


def test_two_earlier_survivors_are_never_merged():
    records = [DedupRecord(id=0, first_name="Ann", last_name="Lee", email="ann@lee.io", history=True),
               DedupRecord(id=1, first_name="Ann", last_name="Lee", email="ann@lee.io", history=True)]
    result = link_records(records)
    assert result.survivor.tolist() == [0, 1]
    assert result.pairs_compared == 0


def test_large_blocks_are_windowed_not_quadratic():
    index = BlockIndex()
    for i in range(2000):
        index.add(i, [("p", "2125550100")], i)
    pairs = index.pairs()
    assert 0 < len(pairs) <= 2000 * 6


def test_survivor_fill_copies_groups_from_the_best_duplicate_first():
    class Row:
        def __init__(self, pk, **fields):
            self.pk = pk
            for name in ("email", "email_status", "phone", "phone_status", "title", "city", "street", "state",
                         "postcode"):
                setattr(self, name, "")
            self.__dict__.update(fields)

    survivor = Row(1, email="a@x.io", email_status="verified_deliverable", city="Boston")
    best = Row(2, phone="+16175550100", phone_status="mobile", email="other@x.io", street="1 Main St")
    second = Row(3, title="CTO", phone="+16175550199")
    filled = survivor_fill(survivor, [best, second])
    assert survivor.email == "a@x.io"  # never overwritten
    assert (survivor.phone, survivor.phone_status) == ("+16175550100", "mobile")
    assert survivor.title == "CTO"
    assert survivor.street == ""  # the survivor already has part of an address
    assert filled == {"phone": 2, "phone_status": 2, "title": 3}
