"""Phones of every region and type, from phonenumbers' example numbers, in clean and messy forms."""

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from pipeline.validation.phones import TYPE_STATUS, phone_check, phone_region, region_from_tld
from pipeline.validation.statuses import PhoneStatus

TYPES = [t for name, t in vars(PhoneNumberType).items() if name.isupper() and t != PhoneNumberType.UNKNOWN]


def _corpus():
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for number_type in TYPES:
            number = phonenumbers.example_number_for_type(region, number_type)
            if number is not None:
                yield region, number_type, number


CORPUS = list(_corpus())


def _expected(number) -> tuple[str, PhoneStatus]:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164), TYPE_STATUS[phonenumbers.number_type(number)]


def _failures(form, hint=lambda region: region):
    failures = []
    for region, _, number in CORPUS:
        raw = form(region, number)
        if raw is None:
            continue
        e164, status = _expected(number)
        got = phone_check(raw, hint(region))
        if (got.e164, got.status) != (e164, status):
            failures.append((region, raw, got.e164, got.status, e164, status))
    return failures


def test_corpus_covers_every_region_and_type():
    assert {region for region, _, _ in CORPUS} == set(phonenumbers.SUPPORTED_REGIONS)
    assert {number_type for _, number_type, _ in CORPUS} == set(TYPES)
    assert len(CORPUS) > 1000


def test_every_example_number_is_valid_and_typed():
    for region, requested, number in CORPUS:
        e164, status = _expected(number)
        got = phone_check(e164, "")
        owner = phonenumbers.region_code_for_number(number)  # shared toll-free ranges belong to US, not AG
        assert (got.e164, got.status, got.region) == (e164, status, owner), (region, requested)
        if requested in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
            assert got.status in {PhoneStatus.LANDLINE, PhoneStatus.MOBILE, PhoneStatus.FIXED_LINE_OR_MOBILE}
        else:
            assert got.status == TYPE_STATUS[requested]


def test_national_format_with_region_hint():
    form = lambda region, n: phonenumbers.format_number(n, PhoneNumberFormat.NATIONAL)  # noqa: E731
    assert _failures(form) == []


def test_international_format_with_any_hint():
    form = lambda region, n: phonenumbers.format_number(n, PhoneNumberFormat.INTERNATIONAL)  # noqa: E731
    assert _failures(form, hint=lambda region: "US" if region != "US" else "GB") == []


def test_00_prefix_from_a_region_whose_international_prefix_is_not_00():
    def form(region, n):
        return "00" + str(n.country_code) + " " + phonenumbers.national_significant_number(n)

    assert _failures(form, hint=lambda region: "US") == []


def test_dots_and_parentheses_and_extension():
    def form(region, n):
        national = phonenumbers.format_number(n, PhoneNumberFormat.NATIONAL)
        return national.replace(" ", ".").replace("-", ".")

    assert _failures(form) == []
    failures = []
    for region, _, number in CORPUS:
        raw = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL) + " ext. 12"
        got = phone_check(raw, region)
        if got.e164 != _expected(number)[0] + ";ext=12" or got.extension != "12":
            failures.append((region, raw, got))
    assert failures == []


@pytest.mark.parametrize("region", ["GB", "DE", "FR", "NL", "CH", "AT", "BE", "AU", "NZ", "IE", "SE", "ZA"])
def test_plus_country_code_with_bracketed_trunk_zero(region):
    number = phonenumbers.example_number_for_type(region, PhoneNumberType.FIXED_LINE)
    raw = f"+{number.country_code} (0) {phonenumbers.national_significant_number(number)}"
    assert phone_check(raw, "US").e164 == _expected(number)[0]


@pytest.mark.parametrize(
    ("raw", "region", "e164", "status"),
    [
        ("+44 (0) 20 7946 0958", "US", "+442079460958", PhoneStatus.LANDLINE),
        ("0049 30 12345678", "US", "+493012345678", PhoneStatus.LANDLINE),
        ("(201) 555-0123 ext. 12", "US", "+12015550123;ext=12", PhoneStatus.FIXED_LINE_OR_MOBILE),
        ("201.555.0123 x 7", "US", "+12015550123;ext=7", PhoneStatus.FIXED_LINE_OR_MOBILE),
        ("07400 123456", "GB", "+447400123456", PhoneStatus.MOBILE),
        ("+1 800 555 0199", "GB", "+18005550199", PhoneStatus.TOLL_FREE),
        ("+12015550123;ext=12", "", "+12015550123;ext=12", PhoneStatus.FIXED_LINE_OR_MOBILE),
    ],
)
def test_messy_forms(raw, region, e164, status):
    got = phone_check(raw, region)
    assert (got.e164, got.status) == (e164, status)


@pytest.mark.parametrize("raw", ["(555) 0199", "555.0199 ext. 12", "12", "not a phone", "+999 123 456 789"])
def test_invalid_numbers(raw):
    got = phone_check(raw, "US")
    assert got.status == PhoneStatus.INVALID
    assert got.e164 == ""
    assert got.error


def test_missing():
    assert phone_check("  ", "US").status == PhoneStatus.MISSING


def test_non_geographic_numbers():
    for calling_code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        number = phonenumbers.example_number_for_non_geo_entity(calling_code)
        if number is None:
            continue
        e164, status = _expected(number)
        got = phone_check(e164, "US")
        assert (got.e164, got.status) == (e164, status)


@pytest.mark.parametrize(
    ("country", "domain", "default", "expected"),
    [
        ("de", "acme.co.uk", "US", ("DE", "country")),
        ("", "acme.co.uk", "US", ("GB", "domain_tld")),
        ("", "acme.fr", "US", ("FR", "domain_tld")),
        ("", "acme.io", "FR", ("FR", "default")),
        ("", "acme.com", "CA", ("CA", "default")),
        ("XX", "", "US", ("US", "default")),
        ("", "", "", ("", "none")),
    ],
)
def test_phone_region(country, domain, default, expected):
    assert phone_region(country=country, domain=domain, default_country=default) == expected


def test_region_hint_decides_national_numbers():
    assert phone_check("020 7946 0958", "GB").e164 == "+442079460958"
    assert phone_check("020 7946 0958", "US").status == PhoneStatus.INVALID
    assert region_from_tld("shop.com.au") == "AU"
    assert region_from_tld("startup.ai") == ""
