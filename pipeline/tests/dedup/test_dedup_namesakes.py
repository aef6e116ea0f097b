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


def _with_birth(first: str, born: str, idx: int, **fields) -> Features:
    return lead(idx, first_name=first, last_name="Torrent", street="Pasaje de Lorenzo Tapia 85", city="Pontevedra",
                postcode="05525", extra={"Date of Birth": born}, **fields)


def _birth_model(features: Features):
    from pipeline.dedup.model import DEFAULT_MODEL, MatchModel

    (key,) = features.extra
    model = MatchModel(prior=DEFAULT_MODEL.prior, weights={k: dict(v) for k, v in DEFAULT_MODEL.weights.items()},
                       date_columns=frozenset({key}))
    return model, frozenset({key})


def test_relatives_born_years_apart_are_two_people():
    a = _with_birth("Carina", "2000-10-14", 1, phone="+34 981 123 456")
    b = _with_birth("Carmela", "1971-11-12", 2, phone="+34 981 123 456")
    model, keys = _birth_model(a)
    result = pair_score(a, b, extra_keys=keys, model=model)
    assert ("date", "conflict_cap", 0.0) in result.reasons
    assert result.probability < 0.05


def test_one_person_with_a_mistyped_birth_date_still_matches():
    """FEBRL-style: the date is corrupted beyond one typo, the given name is the same."""
    a = _with_birth("Carina", "2000-10-14", 1, phone="+34 981 123 456")
    b = _with_birth("Carina", "2003-01-14", 2, phone="+34 981 123 456")
    model, keys = _birth_model(a)
    result = pair_score(a, b, extra_keys=keys, model=model)
    assert ("date", "conflict_cap", 0.0) not in result.reasons
    assert result.probability > 0.5
