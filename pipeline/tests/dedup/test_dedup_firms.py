"""Company records: firms in one building and branches of one chain stay apart; one firm's variants match."""

import pytest

from pipeline.dedup import DedupRecord, Features, pair_score
from pipeline.dedup.model import DEFAULT_MODEL, MatchModel, bits

OFFICE = {"street": "Isastraat 8", "city": "Greonterp", "postcode": "8390FN", "state": "Noord-Brabant"}


def firm(idx: int, **fields) -> Features:
    return Features(DedupRecord(id=idx, **fields), idx)


def learned_like(weights: dict[str, dict[str, float]] | None = None) -> MatchModel:
    """Weights as a file full of one-address firms teaches them: an exact address worth far more than a name."""
    weights = weights or {"org:street": {"exact": bits(0.9, 0.0005)}, "org:postcode": {"exact": bits(0.9, 0.005)},
                          "org:city": {"exact": bits(0.9, 0.05)}}
    merged = {k: dict(v) for k, v in DEFAULT_MODEL.weights.items()}
    for name, levels in weights.items():
        merged[name].update(levels)
    return MatchModel(prior=DEFAULT_MODEL.prior, weights=merged)


@pytest.mark.parametrize("model", [None, "learned"])
def test_firms_in_one_building_are_two_firms(model):
    a = firm(1, company_name="Koret NV", domain="koret.nl", phone="+31 237 127 933", **OFFICE)
    b = firm(2, company_name="Polesel-Amaldi e figli", phone="+31 128 237 247", **OFFICE)
    kwargs = {"model": learned_like()} if model else {}
    result = pair_score(a, b, **kwargs)
    assert ("company", "conflict_cap", 0.0) in result.reasons
    assert result.probability < 0.05


@pytest.mark.parametrize("strong_name", [False, True])
def test_branches_of_one_chain_are_two_firms(strong_name):
    a = firm(1, company_name="Velde Travel Agency BV", domain="velde.nl", street="Melleweg 977", city="Rhenoy",
             postcode="6938WK", phone="+31 536 953 104")
    b = firm(2, company_name="Velde Travel Agency", domain="velde.nl", street="Mikelaan 69", city="Utrecht",
             postcode="8165YS", phone="+31 384 711 152")
    model = learned_like({"org:company": {"exact": 14.0}, "org:domain": {"exact": 14.0}}) if strong_name else None
    result = pair_score(a, b, **({"model": model} if model else {}))
    assert result.probability < 0.05
    if strong_name:  # a chain's name and website are worth a lot in a file of chains: the cap holds them
        assert ("address", "conflict_cap", 0.0) in result.reasons


def test_a_renamed_firm_with_its_website_still_matches():
    a = firm(1, company_name="Koret NV", domain="koret.nl", phone="+31 237 127 933", **OFFICE)
    b = firm(2, company_name="Bakker Holding", domain="koret.nl", phone="+31 237 127 933", **OFFICE)
    assert pair_score(a, b).probability > 0.5


def test_an_acronym_is_the_firm_it_abbreviates():
    a = firm(1, company_name="Bayerische Motoren Werke AG", phone="+49 89 3820", **OFFICE)
    b = firm(2, company_name="BMW", phone="+49 89 3820", **OFFICE)
    result = pair_score(a, b)
    assert ("company", "contained") in {(f, level) for f, level, _ in result.reasons}
    assert result.probability > 0.5


def test_a_moved_firm_keeps_its_phone_and_matches():
    a = firm(1, company_name="Velde Travel Agency", street="Melleweg 977", city="Rhenoy", postcode="6938WK",
             phone="+31 536 953 104")
    b = firm(2, company_name="Velde Travel Agency", street="Mikelaan 69", city="Utrecht", postcode="8165YS",
             phone="+31 536 953 104")
    assert pair_score(a, b).probability > 0.5
