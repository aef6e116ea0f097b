"""Credentials, pronouns and emoji are not part of a person's name."""

import pytest

from pipeline.normalize.names import person_name


@pytest.mark.parametrize(
    ("first", "last", "full", "expected"),
    [
        ("Daniel", "Amadi FCA CGMA ACMA", "", ("Daniel", "Amadi", "Daniel Amadi")),
        ("Elena", "Rossi PhD", "", ("Elena", "Rossi", "Elena Rossi")),
        ("Stefan", "Schneider MBA", "", ("Stefan", "Schneider", "Stefan Schneider")),
        ("", "", "Jane Doe, CPA, MBA", ("Jane", "Doe", "Jane Doe")),
        ("", "", "Aisha Bello CIPD", ("Aisha", "Bello", "Aisha Bello")),
        ("Katrin", "Müller (sie/ihr)", "", ("Katrin", "Müller", "Katrin Müller")),
        ("", "", "Aisha Bello (she/her) 🚀", ("Aisha", "Bello", "Aisha Bello")),
        ("", "", "Sam Lee (they/them)", ("Sam", "Lee", "Sam Lee")),
        ("✨ Mia", "Wong", "", ("Mia", "Wong", "Mia Wong")),
        # names that look like credentials stay names
        ("", "", "Ca Nguyen", ("Ca", "Nguyen", "Ca Nguyen")),
        ("Asa", "Berg", "", ("Asa", "Berg", "Asa Berg")),
    ],
)
def test_name_without_credentials_pronouns_and_emoji(first, last, full, expected):
    assert tuple(person_name(first, last, full)) == expected
