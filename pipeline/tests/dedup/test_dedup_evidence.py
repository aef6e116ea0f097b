"""A duplicate's evidence gives each field's match weight: together with the prior they make the pair's weight."""

import pytest

from pipeline.dedup import DedupRecord, Features, link_records, pair_score
from pipeline.dedup.model import DEFAULT_MODEL

CASES = [
    ({"first_name": "Robert", "last_name": "Smith", "email": "rob.smith@acme.com", "city": "Leeds"},
     {"first_name": "Bob", "last_name": "Smiht", "email": "rob.smith@acme.com", "city": "Leeds"}),
    ({"first_name": "Smith", "last_name": "Robert", "phone": "+44 113 496 0000"},
     {"first_name": "Robert", "last_name": "Smith", "phone": "+44 113 496 0000"}),
    ({"first_name": "Alice", "last_name": "Jones", "email": "info@acme.de", "company_name": "Acme"},
     {"first_name": "Bernd", "last_name": "Lehmann", "email": "info@acme.de", "company_name": "Acme"}),
    ({"company_name": "Koret NV", "street": "Isastraat 8", "postcode": "8390FN"},
     {"company_name": "Polesel-Amaldi e figli", "street": "Isastraat 8", "postcode": "8390FN"}),
]


@pytest.mark.parametrize(("a", "b"), CASES)
def test_field_weights_add_up_to_the_pair_weight(a, b):
    score = pair_score(Features(DedupRecord(id=1, **a), 0), Features(DedupRecord(id=2, **b), 1))
    assert len(score.field_weights) == len(score.reasons)
    assert DEFAULT_MODEL.prior + sum(score.field_weights) == pytest.approx(score.weight, abs=0.05)


def test_a_duplicates_evidence_carries_weights():
    records = [DedupRecord(id=1, first_name="Robert", last_name="Smith", email="rob.smith@acme.com"),
               DedupRecord(id=2, first_name="Bob", last_name="Smith", email="rob.smith@acme.com")]
    result = link_records(records, learn=False)
    evidence = result.evidence(1)
    assert {e["field"] for e in evidence} == {"first_name", "last_name", "email"}
    assert all(isinstance(e["weight"], float) for e in evidence)
    assert next(e for e in evidence if e["field"] == "email")["weight"] > 10
