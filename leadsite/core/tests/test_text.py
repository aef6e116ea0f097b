"""leadsite.core.text: the one home of folding, company keys, free-mail domains and employee counts.

Where two variants of a concept exist, a test pins the difference, so that neither drifts into the other
(both outputs are stored: lead fields, cache keys, evidence)."""

import pytest

from leadsite.core.text.companies import company_key, company_name_key, company_tokens
from leadsite.core.text.counts import employee_count, employee_count_structured
from leadsite.core.text.folding import clean_text, fold, fold_words
from leadsite.core.text.mail_domains import COMMON_FREE_MAIL_DOMAINS, PUBLISHED_FREE_MAIL_DOMAINS, is_free_mail


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ann \t\n Lee  ", "Ann Lee"),
        ("Ａｃｍｅ\u200b Corp", "Acme Corp"),
        ("ﬁnance\x00\x07", "finance"),
        ("Café", "Café"),
        (None, ""),
        (42, "42"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_company_key_matches_across_spellings():
    keys = {company_key(name) for name in ("TechFlow Systems Inc", "techflow systems, inc.", "TechFlow Systems")}

    assert keys == {"techflow systems"}


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("51-200", 125), ("1,000+", 1000), ("5k", 5000), ("1.5K", 1500), ("10,001+", 10001), ("201 to 500", 350),
        ("11-50 employees", 30), ("10.000", 10000), ("about 300", 300), ("<10", 5), ("2 million", 2_000_000),
        ("Self-employed", 1), ("1200", 1200), ("0", None), ("n/a", None), ("", None),
    ],
)
def test_employee_count(raw, count):
    assert employee_count(raw) == count


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("TechFlow Systems, Inc.", ("techflow", "systems")),
        ("The Acme Corporation", ("acme",)),
        ("Smith & Sons GmbH", ("smith", "sons")),
        ("Arnie Morton's of Chicago", ("arnie", "mortons", "chicago")),
        ("Inc.", ("inc",)),  # nothing but a legal form: keep it rather than nothing
    ],
)
def test_company_tokens(raw, expected):
    assert company_tokens(raw) == expected


def test_fold_words_removes_accents_and_punctuation():
    assert fold_words("José  Müller-Lüdenscheidt") == "jose muller ludenscheidt"


def test_the_two_foldings_differ_on_punctuation_and_letters_without_ascii_form():
    assert fold("Straße-Nord, Ørsted") == "strasse-nord, orsted"
    assert fold_words("Straße-Nord, Ørsted") == "strae nord rsted"


def test_the_three_company_keys():
    name = "Société Générale S.A."
    assert company_key(name) == "societe generale"
    assert company_name_key(name) == "société générale s a"  # cache and prediction keys: Unicode kept
    assert company_tokens(name) == ("societe", "generale", "s", "a")  # dedup: "S.A." is two words here
    assert company_name_key("ACME, Inc.") == "acme"


@pytest.mark.parametrize(
    ("size", "count"),
    [(250, 250), (0, 0), (-3, None), ("1,200", 1200), ("51-200", 125), ("10000+", 10000), ("5k", None), ("", None)],
)
def test_employee_count_structured(size, count):
    assert employee_count_structured(size) == count


def test_free_mail_lists():
    assert is_free_mail("gmail.com") and is_free_mail("yahoo.fr") and is_free_mail("rocketmail.com")
    assert not is_free_mail("techflow.com")
    assert "rocketmail.com" not in COMMON_FREE_MAIL_DOMAINS  # enrichment's short list
    assert len(PUBLISHED_FREE_MAIL_DOMAINS) > 1000
