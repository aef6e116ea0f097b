"""Nickname equivalence is not transitive: names that share a nickname are different names."""

import pytest

from pipeline.dedup import DedupRecord, Features, pair_score
from pipeline.dedup.nicknames import are_nicknames, nickname_groups


@pytest.mark.parametrize(("a", "b"), [("bob", "robert"), ("bill", "william"), ("bob", "rob"), ("liz", "beth"),
                                      ("peggy", "margaret"), ("ted", "edward"), ("jim", "james")])
def test_nicknames_of_one_name(a, b):
    assert are_nicknames(a, b) and are_nicknames(b, a)


@pytest.mark.parametrize(("a", "b"), [("robert", "william"), ("william", "fred"), ("james", "john"),
                                      ("robert", "robert")])
def test_names_sharing_a_nickname_are_not_nicknames(a, b):
    assert not are_nicknames(a, b)


def test_blocking_groups_stay_wide():
    """Blocking still proposes Robert with Bill (a comparison decides), so stored keys keep their version."""
    assert "bill" in nickname_groups("robert") and "bill" in nickname_groups("william")


def test_robert_and_william_at_one_company_are_two_people():
    common = {"last_name": "Smith", "company_name": "TechFlow Systems", "city": "San Francisco", "state": "CA"}
    a = Features(DedupRecord(id=1, first_name="Robert", **common), 0)
    b = Features(DedupRecord(id=2, first_name="William", **common), 1)
    result = pair_score(a, b)
    assert ("first_name", "nickname", 0.9) not in result.reasons
    assert result.probability < 0.5
