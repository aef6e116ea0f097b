import pytest

from pipeline.normalize import person_name


@pytest.mark.parametrize(
    ("first", "last", "full", "expected"),
    [
        ("Sarah", "Miller", "", ("Sarah", "Miller", "Sarah Miller")),
        ("", "", "Sarah Miller", ("Sarah", "Miller", "Sarah Miller")),
        ("", "", "Dr. Sarah Miller", ("Sarah", "Miller", "Sarah Miller")),
        ("", "", "Mr. John Smith Jr.", ("John", "Smith", "John Smith Jr.")),
        ("", "", "Prof. John Paul Smith III", ("John", "Smith", "John Paul Smith III")),
        ("", "", "Jane Doe, PhD", ("Jane", "Doe", "Jane Doe")),
        ("", "", "Jane Doe MBA", ("Jane", "Doe", "Jane Doe")),
        ("", "", "Miller, Sarah", ("Sarah", "Miller", "Sarah Miller")),
        ("", "", "MILLER, SARAH J.", ("Sarah J.", "Miller", "Sarah J. Miller")),
        ("", "", "Smith, John, Jr.", ("John", "Smith", "John Smith Jr.")),
        ("JOHN", "MCDONALD", "", ("John", "McDonald", "John McDonald")),
        ("patrick", "o'brien", "", ("Patrick", "O'Brien", "Patrick O'Brien")),
        ("", "", "JAN VAN DER BERG", ("Jan", "van der Berg", "Jan van der Berg")),
        ("", "", "Ludwig van Beethoven", ("Ludwig", "van Beethoven", "Ludwig van Beethoven")),
        ("mary-jane", "smith-jones", "", ("Mary-Jane", "Smith-Jones", "Mary-Jane Smith-Jones")),
        ("", "", "Mary-Jane SMITH-JONES, PhD", ("Mary-Jane", "Smith-Jones", "Mary-Jane Smith-Jones")),
        ("DeAndre", "McKenzie", "", ("DeAndre", "McKenzie", "DeAndre McKenzie")),
        ("JP", "MORGAN", "", ("JP", "Morgan", "JP Morgan")),
        ("Dr. Jane", "Doe MBA", "", ("Jane", "Doe", "Jane Doe")),
        ("Sarah Miller", "", "", ("Sarah", "Miller", "Sarah Miller")),
        ("", "Miller, Sarah", "", ("Sarah", "Miller", "Sarah Miller")),
        ("ÉLODIE", "DURAND", "", ("Élodie", "Durand", "Élodie Durand")),
        ("  Ann\u00a0 ", " Lee\t", "", ("Ann", "Lee", "Ann Lee")),
        ("", "", "Cher", ("Cher", "", "Cher")),
        ("x@y.com", "", "", ("", "", "")),
        ("", "", "12345", ("", "", "")),
        ("", "", "", ("", "", "")),
    ],
)
def test_person_name(first, last, full, expected):
    name = person_name(first, last, full)

    assert (name.first_name, name.last_name, name.full_name) == expected
