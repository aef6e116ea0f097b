import pytest

from pipeline.dedup.normalize import email_canonical, phone_key, street_normal, street_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bob.Smith+news@Gmail.com", "bobsmith@gmail.com"),
        ("b.o.b.smith@googlemail.com", "bobsmith@gmail.com"),
        ("bob.smith+crm@techflow.com", "bob.smith@techflow.com"),  # dots matter outside gmail
        ("  SARAH@TechFlow.COM ", "sarah@techflow.com"),
        ("not-an-email", ""),
        ("+tag@gmail.com", ""),
    ],
)
def test_email_canonical(raw, expected):
    assert email_canonical(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+14155550199", "4155550199"),
        ("(415) 555-0199", "4155550199"),
        ("415.555.0199", "4155550199"),
        ("+1 415 555 0199;ext=12", "4155550199"),
        ("12", ""),
        ("", ""),
    ],
)
def test_phone_key(raw, expected):
    assert phone_key(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected", "number"),
    [
        ("435 S. La Cienega Blvd.", "435 s la cienega blvd", "435"),
        ("435 South La Cienega Boulevard", "435 s la cienega blvd", "435"),
        ("12 North Main Street, Suite 100", "12 n main st ste 100", "12"),
        ("Flat 6 27 Stewart St", "flat 6 27 stewart st", "6"),
    ],
)
def test_street_normal(raw, expected, number):
    assert street_normal(raw) == expected
    assert street_number(expected) == number
