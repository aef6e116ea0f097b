"""Limits checked while sniffing, in bounded memory: columns, header line length, one absurd data line."""

import io

import pytest

from pipeline.ingest import IngestError, iter_rows, sniff_upload


def sniff(data: bytes):
    return sniff_upload(io.BytesIO(data), filename="wide.csv")


def test_more_than_the_column_limit_is_refused():
    header = ",".join(f"c{i}" for i in range(1001)) + ",Email\n"

    with pytest.raises(IngestError) as caught:
        sniff((header + "x\n").encode())

    assert caught.value.code == "too_many_columns"
    assert caught.value.status_code == 400
    assert caught.value.details == {"columns": 1002, "max_columns": 1000}


def test_the_column_limit_is_a_setting(settings):
    settings.INGEST_MAX_COLUMNS = 3

    with pytest.raises(IngestError) as caught:
        sniff(b"Email,Name,Company,Title\na@x.io,A,B,C\n")

    assert caught.value.details["max_columns"] == 3


def test_a_header_line_without_end_in_the_sniffed_prefix_is_refused_without_parsing_it():
    data = b"Email" + b"," * 10_000_000 + b"\nann@x.io\n"

    with pytest.raises(IngestError) as caught:
        sniff(data)

    assert caught.value.code == "header_too_long"
    assert caught.value.status_code == 400


def test_a_header_row_over_the_character_limit_is_refused(settings):
    settings.INGEST_MAX_HEADER_CHARS = 20

    with pytest.raises(IngestError) as caught:
        sniff(b"Email,First Name,Last Name,Company\na@x.io,A,B,C\n")

    assert caught.value.code == "header_too_long"


def test_a_data_line_over_the_line_limit_is_cut_and_reported(settings):
    settings.INGEST_MAX_LINE_CHARS = 1000
    data = b"Email,Name\n" + b"a@x.io,Ann" + b"," * 5000 + b"tail\nbo@x.io,Bo\n"
    info = sniff(data)

    rows = list(iter_rows(io.BytesIO(data), info=info))

    assert [r.row_number for r in rows] == [1, 2]
    assert rows[0].values == {"email": "a@x.io", "full_name": "Ann"}
    assert rows[0].error == "line longer than 1000 characters; cut"
    assert rows[1].values == {"email": "bo@x.io", "full_name": "Bo"} and rows[1].error is None


def test_upload_api_answers_400_json_for_too_many_columns(customer):
    header = ",".join(f"c{i}" for i in range(1200))

    response = customer.upload(header + "\n" + "x," * 1199 + "x\n", name="wide.csv")

    assert response.status_code == 400
    assert response.json()["code"] == "too_many_columns"
    assert response.json()["details"]["max_columns"] == 1000
