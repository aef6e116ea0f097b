"""Table cases: each kind of variation a duplicate shows, and look-alikes that are different people."""

import pytest

from pipeline.dedup import DedupRecord, Features, pair_score

BASE = {"first_name": "Robert", "last_name": "Smith", "email": "robert.smith@techflow.com", "phone": "+14155550199",
        "company_name": "TechFlow Systems Inc", "street": "12 North Main Street", "city": "San Francisco",
        "postcode": "94105", "state": "CA"}


def score(a: dict, b: dict):
    return pair_score(Features(DedupRecord(id=1, **a), 0), Features(DedupRecord(id=2, **b), 1))


def variant(**changes) -> dict:
    record = {**BASE, **changes}
    return {k: v for k, v in record.items() if v is not None}


SAME_PERSON = [
    ("typo in surname", variant(last_name="Smiht")),
    ("typo in first name", variant(first_name="Robret")),
    ("nickname", variant(first_name="Bob")),
    ("nickname Bill/William", {**variant(first_name="William"), "email": ""}, ),
    ("initial", variant(first_name="R.")),
    ("swapped names", variant(first_name="Smith", last_name="Robert")),
    ("gmail dots and +tag", variant(email="ro.bert.smith+crm@gmail.com")),
    ("phone formatting", variant(phone="(415) 555-0199")),
    ("legal suffix dropped", variant(company_name="TechFlow Systems")),
    ("address abbreviated", variant(street="12 N. Main St.")),
    ("missing email and phone", variant(email=None, phone=None)),
    ("missing address", variant(street=None, city=None, postcode=None, state=None)),
    ("case and accents", variant(first_name="ROBERT", last_name="Smíth")),
    ("postcode transposition", variant(postcode="94150", email=None)),
]


@pytest.mark.parametrize(("case", "other"), SAME_PERSON, ids=[c for c, _ in SAME_PERSON])
def test_variations_of_one_person_match(case, other):
    base = BASE if case != "nickname Bill/William" else {**BASE, "first_name": "Bill", "email": ""}
    result = score(base, other)
    assert result.probability >= 0.9, (case, result)


DIFFERENT = [
    ("colleague sharing the switchboard",
     variant(first_name="Alice", last_name="Jones", email="alice.jones@techflow.com")),
    ("household member at the same address", variant(first_name="Margaret", email="maggie.s@gmail.com", phone=None)),
    ("same name, other company and city",
     {"first_name": "Robert", "last_name": "Smith", "email": "rsmith@othercorp.com", "company_name": "Other Corp",
      "city": "Boston", "state": "MA", "postcode": "02110", "phone": "+16175550100"}),
    ("different surname, same first name",
     variant(last_name="Johnson", email="robert.johnson@techflow.com", phone="+14155550100")),
]


@pytest.mark.parametrize(("case", "other"), DIFFERENT, ids=[c for c, _ in DIFFERENT])
def test_look_alikes_do_not_match(case, other):
    result = score(BASE, other)
    assert result.probability < 0.5, (case, result)


ORG = {"company_name": "Arnie Morton's of Chicago", "street": "435 S. La Cienega Blv.", "city": "Los Angeles",
       "phone": "310/246-1501"}


@pytest.mark.parametrize(
    ("case", "other", "same"),
    [
        ("formatting only", {**ORG, "street": "435 S. La Cienega Blvd.", "phone": "310-246-1501"}, True),
        ("abbreviated name", {"company_name": "Art's Deli", "street": "12224 Ventura Blvd.", "city": "Studio City",
                              "phone": "818-762-1221"}, False),
        ("word order", {**ORG, "company_name": "Morton's of Chicago, Arnie"}, True),
        ("neighbourhood instead of city, phone missing", {**ORG, "city": "West Hollywood", "phone": ""}, True),
        ("legal suffix", {**ORG, "company_name": "Arnie Morton's of Chicago LLC"}, True),
        ("chain: same name elsewhere", {**ORG, "street": "1050 N. State St.", "city": "Chicago",
                                        "phone": "312/266-4820"}, False),
        ("neighbour in the same building", {**ORG, "company_name": "Lawry's The Prime Rib", "phone": "310/652-2827"},
         False),
    ],
)
def test_organisation_records(case, other, same):
    result = score(ORG, other)
    assert (result.probability >= 0.5) is same, (case, result)


def test_deli_abbreviation_matches():
    deli = {"company_name": "Art's Delicatessen", "street": "12224 Ventura Blvd.", "city": "Studio City",
            "phone": "818/762-1221"}
    assert score(deli, {**deli, "company_name": "Art's Deli", "phone": "818-762-1221"}).probability >= 0.9


def test_contact_is_never_matched_to_a_company_only_record():
    assert score(BASE, {"company_name": "TechFlow Systems Inc", "phone": "+14155550199"}).probability == 0.0


def test_probability_grows_with_evidence():
    names_only = score({"first_name": "Robert", "last_name": "Smith"}, {"first_name": "Robert", "last_name": "Smith"})
    with_city = score({"first_name": "Robert", "last_name": "Smith", "city": "Boston"},
                      {"first_name": "Robert", "last_name": "Smith", "city": "Boston"})
    with_email = score(BASE, BASE)
    assert names_only.probability < with_city.probability < with_email.probability


def test_reasons_say_which_fields_matched_and_how():
    result = score(BASE, variant(first_name="Bob", phone="(415) 555-0199"))
    levels = {field: level for field, level, _ in result.reasons}
    assert levels["first_name"] == "nickname"
    assert levels["last_name"] == "exact"
    assert levels["phone"] == "exact"


def test_business_names_in_the_name_column_are_compared_as_companies():
    # A file whose "name" column holds restaurants ends up in full_name: "The", "&", "Inc" mark a business.
    a = {"full_name": "The Grill on the Alley", "street": "9560 Dayton Way", "city": "Los Angeles",
         "phone": "310/276-0615"}
    b = {"full_name": "Grill on the Alley", "street": "9560 Dayton Way", "city": "Beverly Hills",
         "phone": "310-276-0615"}
    chain = {"full_name": "The Grill on the Alley", "street": "120 Main St", "city": "Chicago",
             "phone": "312/555-0100"}
    assert score(a, b).probability >= 0.9
    assert score(a, chain).probability < 0.5
    bare = {"full_name": "Art's Delicatessen", "street": "12224 Ventura Blvd.", "city": "Studio City",
            "phone": "818/762-1221"}
    company = {"company_name": "Art's Deli", "street": "12224 Ventura Blvd.", "city": "Studio City",
               "phone": "818-762-1221"}
    assert score(bare, company).probability >= 0.9


def test_a_plain_person_name_stays_a_person():
    f = Features(DedupRecord(id=1, full_name="John Smith", phone="+16175550100"), 0)
    assert f.person and (f.first, f.last) == ("john", "smith") and f.alias == "john smith"


def test_partitioned_blocking_gives_the_same_pairs(monkeypatch):
    import random

    import numpy as np

    from pipeline.dedup import blocking

    rng = random.Random(3)
    surnames = [f"s{i}" for i in range(300)]

    def index() -> blocking.BlockIndex:
        built = blocking.BlockIndex()
        for i in range(4000):
            keys = [("l", rng.choice(surnames)), ("c", str(rng.randrange(50)))]  # small and large blocks
            built.add(i, keys, rng.randrange(10**6))
        return built

    state = rng.getstate()
    whole = index().pairs()
    rng.setstate(state)
    monkeypatch.setattr(blocking, "PARTITION_ENTRIES", 500)  # 8,000 entries → 16 partitions
    parted = index().pairs()
    rng.setstate(state)
    monkeypatch.setattr(blocking, "BUFFER_ENTRIES", 300)
    monkeypatch.setattr(blocking, "SPILL_ENTRIES", 1000)  # spilled to bucket files every 1,000 entries
    spilled = index().pairs()
    rng.setstate(state)
    with index().pairs_file() as on_disk:  # spilled too: the unique pairs go straight to a file
        assert np.array_equal(np.concatenate(list(on_disk(size=777))), whole)
    assert whole.shape[0] > 1000
    assert np.array_equal(whole, parted)
    assert np.array_equal(whole, spilled)
    assert np.all(whole[1:] > whole[:-1])  # sorted, unique


def test_array_file_appends_in_order_and_reads_any_range():
    import numpy as np

    from pipeline.dedup.array_files import ArrayFile

    values = np.arange(10_000, dtype=np.int64) * 3
    with ArrayFile(np.int64) as stored:
        for start in range(0, values.size, 1234):
            stored.append(values[start : start + 1234])
        assert len(stored) == values.size
        assert np.array_equal(stored.read(1000, 4321), values[1000:4321])
        assert np.array_equal(stored.read(9990, 20_000), values[9990:])  # clipped at the end
        assert stored.read(5, 5).size == 0
        parts = list(stored(size=4096))
        assert [p.size for p in parts] == [4096, 4096, 1808]
        assert np.array_equal(np.concatenate(parts), values)
        parts[0][0] = -1  # slices are the caller's own arrays
        assert stored.read(0, 1)[0] == 0
