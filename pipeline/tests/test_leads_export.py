import pytest

from pipeline.services.leads_export import safe_cell


@pytest.mark.parametrize(
    "value,expected",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("+14155550199", "+14155550199"),
        ("+442079460958;ext=12", "+442079460958;ext=12"),
        ("-12.5", "-12.5"),
        ("Sarah", "Sarah"),
        (None, ""),
        (["Series B", "Hiring"], "Series B;Hiring"),
        (["=1+1", "ok"], "'=1+1;ok"),
        (0.99, "0.99"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
