"""The header row below a preamble (LinkedIn's "Notes:", report titles) and placeholder values read as empty."""

import io
from pathlib import Path

import pytest

from pipeline.ingest import IngestError, iter_rows, sniff_upload
from pipeline.ingest.header_row import find_header_index, is_empty_value

FIXTURES = Path(__file__).parent / "fixtures"


def sniff(text: str, filename: str = "leads.csv"):
    data = text.encode()
    return sniff_upload(io.BytesIO(data), filename=filename), data


def test_linkedin_connections_header_is_found_below_the_notes():
    data = (FIXTURES / "linkedin_connections.csv").read_bytes()

    info = sniff_upload(io.BytesIO(data), filename="Connections.csv")
    rows = list(iter_rows(io.BytesIO(data), info=info))

    assert info.delimiter == ","
    assert info.header_row == 2
    assert info.columns == ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    assert info.mapping["Email Address"] == "email"
    assert info.mapping["Position"] == "title"
    assert any("notes" in w for w in info.warnings)
    assert [r.row_number for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0].values["first_name"] == "Priya"
    assert rows[0].values["email"] == "priya.raman@northwind-analytics.com"
    assert "email" not in rows[1].values
    assert rows[0].extra == {"Connected On": "12 Mar 2024"}


def test_report_title_and_date_lines_above_the_header_are_skipped():
    text = (
        "Contacts report\nGenerated 2024-05-01 by jane@acme.com\n\n"
        "Full Name;E-mail;Company;Phone\nAnn Lee;ann@lee.io;Lee Ltd;+44 20 7946 0000\nBo Chan;bo@chan.io;Chan;\n"
    )
    info, data = sniff(text)

    rows = list(iter_rows(io.BytesIO(data), info=info))

    assert info.delimiter == ";"
    assert info.header_row == 2
    assert info.mapping == {"Full Name": "full_name", "E-mail": "email", "Company": "company_name", "Phone": "phone"}
    assert [r.values.get("email") for r in rows] == ["ann@lee.io", "bo@chan.io"]


def test_preamble_above_columns_no_synonym_knows_is_skipped_by_width():
    text = "Export of widgets\n\nAlpha,Beta,Gamma\nx1,y1,z1\nx2,y2,z2\nx3,y3,z3\n"
    info, _ = sniff(text)

    assert info.header_row == 1
    assert info.columns == ["Alpha", "Beta", "Gamma"]


def test_first_line_stays_the_header_when_nothing_beats_it():
    info, data = sniff("Alpha,Beta\nfirst name,email\nx,y\n")  # two values that happen to be column names

    assert info.header_row == 0
    assert info.columns == ["Alpha", "Beta"]
    assert len(list(iter_rows(io.BytesIO(data), info=info))) == 2


def test_data_rows_whose_values_look_like_column_names_do_not_move_the_header():
    rows = [
        ["Name", "Email", "Stage", "Owner"],
        ["Ann", "ann@x.io", "Lead", "Contact"],
        ["Bo", "bo@x.io", "Lead", "Web"],
    ]

    assert find_header_index(rows) == 0


def test_data_without_any_header_is_still_refused():
    with pytest.raises(IngestError) as caught:
        sniff("ann@lee.io,Ann Lee,+44 20 7946 0000\nbo@chan.io,Bo Chan,+44 20 7946 0001\n")

    assert caught.value.code == "unparseable"


@pytest.mark.parametrize("cell", ["null", "NULL", "Null", "None", "N/A", "n/a", "-", "#N/A", " null ", "nan", ""])
def test_placeholders_are_empty(cell):
    assert is_empty_value(cell)


@pytest.mark.parametrize("cell", ["Nullify Ltd", "Noneya", "N/A Corp", "-5", "Anna"])
def test_real_values_are_not_empty(cell):
    assert not is_empty_value(cell)


def test_placeholder_cells_are_empty_in_rows_and_a_row_of_placeholders_is_blank():
    info, data = sniff(
        "First Name,Email,Phone,Company,Notes\n"
        "Ann,ann@lee.io,NULL,null,N/A\n"
        "null,NULL,-,#N/A,None\n"
        "Bo,bo@chan.io,n/a,Chan Ltd,-\n"
    )

    rows = list(iter_rows(io.BytesIO(data), info=info))

    assert [r.row_number for r in rows] == [1, 3]
    assert rows[0].values == {"first_name": "Ann", "email": "ann@lee.io"}
    assert rows[0].extra == {}
    assert rows[1].values == {"first_name": "Bo", "email": "bo@chan.io", "company_name": "Chan Ltd"}


def test_placeholder_strings_in_json_are_empty():
    data = b'[{"name": "Ann Lee", "email": "ann@lee.io", "company": "null", "phone": "N/A"}]'
    info = sniff_upload(io.BytesIO(data), filename="leads.json")

    rows = list(iter_rows(io.BytesIO(data), info=info))

    assert rows[0].values == {"full_name": "Ann Lee", "email": "ann@lee.io"}
