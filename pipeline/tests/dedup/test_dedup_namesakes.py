"""Namesakes at two companies: a mailbox made of the names ("fatima.kim@…") is no evidence beyond the names.

A 60,000-lead generated file once lost half its leads this way: the learned weight of "same local part" (8.4
bits) plus the names outweighed different companies, domains and phones.
"""

from pipeline.dedup import DedupRecord, Features, pair_score


def lead(idx: int, **fields) -> Features:
    return Features(DedupRecord(id=idx, **fields), idx)


def levels(result) -> dict[str, str]:
    return {name: level for name, level, _ in result.reasons}


def test_namesakes_with_name_mailboxes_at_two_companies_are_two_people():
    a = lead(1, first_name="Fatima", last_name="Kim", email="fatima.kim@orbitharbor.com", phone="+1 303 222 4771",
             company_name="OrbitHarbor LLC", domain="orbitharbor.com")
    b = lead(2, first_name="Fatima", last_name="Kim", email="fatima.kim@signalsummit.io", phone="+34 912 290 196",
             company_name="SignalSummit GmbH", domain="signalsummit.io")
    result = pair_score(a, b)
    assert levels(result)["email"] == "different"
    assert result.probability < 0.05


def test_name_mailbox_variants_count_as_made_of_names():
    for local in ("fkim", "kim.fatima", "fatima_k", "kim77"):
        a = lead(1, first_name="Fatima", last_name="Kim", email=f"{local}@orbitharbor.com")
        b = lead(2, first_name="Fatima", last_name="Kim", email=f"{local}@gmail.com")
        assert levels(pair_score(a, b))["email"] == "different", local


def test_a_shared_mailbox_name_that_is_not_the_name_still_counts():
    a = lead(1, first_name="Fatima", last_name="Kim", email="stargazer42@orbitharbor.com")
    b = lead(2, first_name="Fatima", last_name="Kim", email="stargazer42@gmail.com")
    assert levels(pair_score(a, b))["email"] == "same_local"
