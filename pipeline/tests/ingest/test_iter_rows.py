"""iter_rows: every data row, numbered as a spreadsheet user counts, with values mapped and errors reported."""

import codecs
import io
import json
from collections import Counter

import pytest

from pipeline.ingest import IngestError, IngestRow, iter_rows, sniff_upload


def read(data: bytes, filename: str = "leads.csv", counters: Counter | None = None) -> list[IngestRow]:
    handle = io.BytesIO(data)
    info = sniff_upload(handle, filename=filename)
    return list(iter_rows(handle, info=info, counters=counters))


def test_rows_are_mapped_and_unknown_columns_kept_in_extra():
    rows = read(b"First Name,E-mail,Company,Lead Source\nAnn,ann@x.com,Acme,webinar\n")

    assert rows == [IngestRow(1, {"first_name": "Ann", "email": "ann@x.com", "company_name": "Acme"},
                              {"Lead Source": "webinar"}, None)]


def test_quoted_newlines_keep_spreadsheet_row_numbers():
    data = b'Name,Email,Notes\n"Ann Lee",ann@x.com,"line one\nline two\nline three"\nBob,bob@x.com,x\r\nCy,cy@x.com,y\n'

    rows = read(data)

    assert [(r.row_number, r.values["email"]) for r in rows] == [(1, "ann@x.com"), (2, "bob@x.com"), (3, "cy@x.com")]
    assert rows[0].extra["Notes"] == "line one\nline two\nline three"


def test_blank_rows_are_skipped_but_counted_in_numbering():
    counters = Counter()
    data = b"\n\nName,Email\nAnn,ann@x.com\n\n,\n  \nBob,bob@x.com\n\n"

    rows = read(data, counters=counters)

    assert [(r.row_number, r.values["full_name"]) for r in rows] == [(1, "Ann"), (5, "Bob")]
    assert counters == Counter({"rows_read": 2, "blank_rows": 4, "rows_with_errors": 0})


def test_ragged_rows_yield_what_can_be_mapped_with_an_error():
    data = b"Name,Email,Company\nAnn,ann@x.com,Acme,surplus,more\nBob,bob@x.com\nCy,cy@x.com,Cyco\n"
    counters = Counter()

    rows = read(data, counters=counters)

    assert rows[0] == IngestRow(1, {"full_name": "Ann", "email": "ann@x.com", "company_name": "Acme"},
                                {"column_4": "surplus", "column_5": "more"}, "row has 5 fields, header has 3")
    assert rows[1] == IngestRow(2, {"full_name": "Bob", "email": "bob@x.com"}, {}, "row has 2 fields, header has 3")
    assert rows[2].error is None
    assert counters["rows_with_errors"] == 2


def test_duplicate_headers_first_non_empty_wins_and_the_rest_is_kept():
    data = (
        b"Email,Work Email,Mobile,Phone\n"
        b",ann@work.com,,+1 555 0100\n"
        b"bob@x.com,bob@work.com,+1 555 0101,+1 555 0102\n"
    )

    rows = read(data)

    assert rows[0].values == {"email": "ann@work.com", "phone": "+1 555 0100"}
    assert rows[0].extra == {}
    assert rows[1].values == {"email": "bob@x.com", "phone": "+1 555 0101"}
    assert rows[1].extra == {"Work Email": "bob@work.com", "Phone": "+1 555 0102"}


def test_same_header_twice():
    rows = read(b"Email,Email\na@x.com,b@x.com\n")

    assert rows[0].values == {"email": "a@x.com"}
    assert rows[0].extra == {"Email (2)": "b@x.com"}


@pytest.mark.parametrize(
    "data",
    [
        "Name;Email;Stadt\nJürgen Groß;j@x.de;München\n".encode("utf-8-sig"),
        "Name;Email;Stadt\nJürgen Groß;j@x.de;München\n".encode("utf-16"),
        "Name;Email;Stadt\nJürgen Groß;j@x.de;München\n".encode("cp1252"),
        "Name\tEmail\tStadt\r\nJürgen Groß\tj@x.de\tMünchen\r\n".encode("utf-16-le"),
    ],
)
def test_encodings_decode_every_row(data):
    rows = read(data)

    assert rows == [IngestRow(1, {"full_name": "Jürgen Groß", "email": "j@x.de", "city": "München"}, {}, None)]


def test_utf8_file_with_a_stray_cp1252_byte_after_the_prefix_is_still_read():
    body = b"Name,Email\n" + b"Ann,ann@x.com\n" * 10_000 + "Zoë,zoe@x.com\n".encode("cp1252")

    rows = read(body)

    assert len(rows) == 10_001
    assert rows[-1].values["full_name"] == "Zoë"


def test_bom_is_not_part_of_the_first_header():
    rows = read(codecs.BOM_UTF8 + b"Email,Name\na@x.com,Ann\n")

    assert rows[0].values == {"email": "a@x.com", "full_name": "Ann"}


def test_header_only_and_all_blank_rows_yield_nothing():
    assert read(b"Name,Email\n") == []
    assert read(b"Name,Email\n,\n\n") == []


def test_json_list_with_non_object_items_reports_them():
    data = json.dumps([{"email": "a@x.com", "tags": ["x", "y"], "score": 7, "vip": True},
                       ["not", "an", "object"], "text", None, {}, {"Full Name": "Bob"}]).encode()
    counters = Counter()

    rows = read(data, "leads.json", counters)

    assert rows == [
        IngestRow(1, {"email": "a@x.com"}, {"tags": "x; y", "score": "7", "vip": "true"}, None),
        IngestRow(2, {}, {"value": '["not", "an", "object"]'}, "item 2 is a list, not an object"),
        IngestRow(3, {}, {"value": '"text"'}, "item 3 is str, not an object"),
        IngestRow(6, {"full_name": "Bob"}, {}, None),
    ]
    assert counters["blank_rows"] == 2


def test_json_nested_objects_are_flattened():
    data = json.dumps({"leads": [{
        "contact": {"first_name": "Sarah", "last_name": "Miller", "email": "s@techflow.com",
                    "address": {"city": "Austin", "country": "USA"}},
        "account": {"name": "TechFlow", "domain": "techflow.com", "technologies": ["AWS", "Salesforce"],
                    "size": 120, "funding": [{"round": "B"}]},
    }]}).encode()

    rows = read(data, "leads.json")

    assert rows[0].values == {
        "first_name": "Sarah", "last_name": "Miller", "email": "s@techflow.com", "city": "Austin", "country": "USA",
        "company_name": "TechFlow", "website": "techflow.com", "technologies": "AWS; Salesforce",
        "employee_count": "120",
    }
    assert rows[0].extra == {"account.funding": '[{"round": "B"}]'}


def test_json_stream_breaks_after_the_prefix_raises_with_position():
    items = ",".join(json.dumps({"email": f"u{i}@x.com", "pad": "x" * 50}) for i in range(3000))
    handle = io.BytesIO(("[" + items + ', {"email": oops}]').encode())
    info = sniff_upload(handle, filename="big.json")

    rows = []
    with pytest.raises(IngestError) as raised:
        for row in iter_rows(handle, info=info):
            rows.append(row)

    assert len(rows) == 3000
    assert raised.value.code == "unparseable"
    assert "item 3001" in raised.value.message


def test_json_is_streamed_in_chunks_not_loaded(monkeypatch):
    items = ",".join(json.dumps({"email": f"u{i}@x.com", "name": f"User {i}"}) for i in range(20_000))
    data = ("{\"leads\": [" + items + "]}").encode()
    handle = io.BytesIO(data)
    info = sniff_upload(handle, filename="big.json")
    reads = []
    original = handle.read

    def spy(size=-1):
        reads.append(size)
        return original(size)

    monkeypatch.setattr(handle, "read", spy)
    rows = sum(1 for _ in iter_rows(handle, info=info))

    assert rows == 20_000
    assert all(0 < size <= 256 * 1024 for size in reads)


def test_edited_mapping_is_honoured():
    handle = io.BytesIO(b"Col A,Col B\nann@x.com,Acme\n")
    info = sniff_upload(handle, filename="x.csv")
    info.mapping = {"Col A": "email", "Col B": "company_name"}

    rows = list(iter_rows(handle, info=info))

    assert rows[0].values == {"email": "ann@x.com", "company_name": "Acme"}


def test_json_lines_and_single_object():
    lines = b'{"email": "a@x.com", "name": "Ann"}\n{"email": "b@x.com"}\n\n{"email": "c@x.com"}\n'

    rows = read(lines, "leads.jsonl")
    single = read(b'{"email": "a@x.com", "history": [{"event": "signup"}]}', "lead.json")

    assert [(r.row_number, r.values["email"]) for r in rows] == [(1, "a@x.com"), (2, "b@x.com"), (3, "c@x.com")]
    assert single == [IngestRow(1, {"email": "a@x.com"}, {"history": '[{"event": "signup"}]'}, None)]


def test_excel_sep_hint_line_sets_the_delimiter_and_is_not_the_header():
    rows = read(b"sep=;\r\nName;Email\r\nAnn;ann@x.com\r\n")

    assert rows == [IngestRow(1, {"full_name": "Ann", "email": "ann@x.com"}, {}, None)]


def test_nul_characters_never_reach_the_database():
    csv_rows = read(b"Name,Email\nAnn\x00Lee,ann@x.com\n")
    json_rows = read(b'[{"name": "Bob\\u0000Lee", "tags": ["a\\u0000"], "e\\u0000mail": "b@x.com"}]', "x.json")

    assert csv_rows[0].values == {"full_name": "AnnLee", "email": "ann@x.com"}
    assert json_rows[0].values == {"full_name": "BobLee", "email": "b@x.com"}
    assert json_rows[0].extra == {"tags": "a"}
