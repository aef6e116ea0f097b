"""sniff_upload: format, encoding, delimiter, header mapping and the errors the API turns into 415 / 400."""

import codecs
import io
import json

import pytest

from pipeline.ingest import FileInfo, IngestError, sniff_upload

HEADER = "First Name,Last Name,Email,Company\n"
ROW = "Zoë,Müller,zoe@acme.de,Café Noir GmbH\n"


def sniff(data: bytes, filename: str = "leads.csv") -> FileInfo:
    return sniff_upload(io.BytesIO(data), filename=filename)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + ROW).encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + (HEADER + ROW).encode("utf-8"), "utf-8-sig"),
        ((HEADER + ROW).encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + (HEADER + ROW).encode("utf-16-be"), "utf-16"),
        ((HEADER + ROW).encode("utf-16-le"), "utf-16-le"),
        ((HEADER + ROW).encode("cp1252"), "cp1252"),
        ((HEADER + "Ann,Smith,ann@x.com,“Smart” Quotes Ltd\n").encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected_and_preview_decodes(data, encoding):
    info = sniff(data)

    assert info.encoding == encoding
    assert info.format == "csv"
    assert info.columns == ["First Name", "Last Name", "Email", "Company"]
    assert info.mapping["Email"] == "email"
    assert info.preview[0]["email"] in ("zoe@acme.de", "ann@x.com")
    if "Müller" in ROW and "zoe" in info.preview[0]["email"]:
        assert info.preview[0]["last_name"] == "Müller"
        assert info.preview[0]["company_name"] == "Café Noir GmbH"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter):
    rows = [["First Name", "Email", "Company", "Notes"], ["Ann", "ann@x.com", "Acme, Inc.", "likes; commas|pipes"]]
    text = "\n".join(delimiter.join(f'"{c}"' if delimiter in c or "," in c else c for c in row) for row in rows) + "\n"

    info = sniff(text.encode())

    assert info.delimiter == delimiter
    assert info.preview == [{"first_name": "Ann", "email": "ann@x.com", "company_name": "Acme, Inc."}]


def test_single_column_file_defaults_to_comma():
    info = sniff(b"email\nann@x.com\nbob@y.com\n")

    assert info.delimiter == ","
    assert info.mapping == {"email": "email"}
    assert info.row_estimate == 2


def test_quoted_newlines_in_preview():
    info = sniff(b'Name,Email,Notes\n"Ann Lee",ann@x.com,"line one\nline two"\nBob,bob@x.com,\n')

    assert [row["email"] for row in info.preview] == ["ann@x.com", "bob@x.com"]
    assert info.row_estimate == 2


def test_header_only_is_not_an_error():
    info = sniff(b"First Name,Email\n")

    assert info.columns == ["First Name", "Email"]
    assert info.preview == []
    assert info.row_estimate == 0


def test_duplicate_and_blank_header_names_are_made_unique():
    info = sniff(b"Email,Email,,Phone\na@x.com,b@x.com,z,1\n")

    assert info.columns == ["Email", "Email (2)", "column_3", "Phone"]
    assert info.mapping == {"Email": "email", "Email (2)": "email", "column_3": "", "Phone": "phone"}


@pytest.mark.parametrize(
    ("data", "filename", "code", "fragment"),
    [
        (b"", "leads.csv", "unparseable", "empty"),
        (b"   \n\n", "leads.csv", "unparseable", "empty"),
        (codecs.BOM_UTF8, "leads.csv", "unparseable", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "leads.xlsx", "unsupported_type", "Excel"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "leads.csv", "unsupported_type", "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "leads.csv", "unsupported_type", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "leads.xls", "unsupported_type", "Excel"),
        (bytes(range(256)) * 8, "leads.csv", "unsupported_type", "binary"),
        (b"name,email\nAnn,ann@x.com\n", "leads.docx", "unsupported_type", ".docx"),
        (b'[{"email": "a@x.com"}, {"email": }]', "leads.json", "unparseable", "Invalid JSON"),
        (b'{"leads": [{"email": "a@x.com"}', "leads.json", "unparseable", "ends"),
        (b"not json at all", "leads.json", "unparseable", "JSON must be"),
        (b'{"meta": 1, "rows_of_people": [{"email": "a@x.com"}]}', "leads.json", "unparseable", "no \"leads\""),
        (b"ann@x.com,Ann,Acme\nbob@y.com,Bob,Beta\n", "leads.csv", "unparseable", "header"),
    ],
)
def test_unreadable_files_raise_ingest_error(data, filename, code, fragment):
    with pytest.raises(IngestError) as raised:
        sniff(data, filename)

    assert raised.value.code == code
    assert raised.value.status_code == (415 if code == "unsupported_type" else 400)
    assert fragment.lower() in raised.value.message.lower()


def test_json_list_shape():
    data = json.dumps([{"First Name": "Ann", "email": "ann@x.com"}, {"name": "Bob Lee", "Company": "Beta"}]).encode()

    info = sniff(data, "leads.json")

    assert info.format == "json"
    assert info.delimiter == ""
    assert info.columns == ["First Name", "email", "name", "Company"]
    assert info.mapping == {
        "First Name": "first_name", "email": "email", "name": "full_name", "Company": "company_name",
    }
    assert info.preview == [
        {"first_name": "Ann", "email": "ann@x.com"}, {"full_name": "Bob Lee", "company_name": "Beta"},
    ]
    assert info.row_estimate == 2


def test_json_leads_object_with_nested_spec_schema():
    lead = {
        "status": "QUALIFIED",
        "account": {"name": "TechFlow Systems", "domain": "techflow.com", "signals": ["Series B", "Hiring"]},
        "contact": {"full_name": "Sarah Miller", "title_normalized": "VP of Sales", "email": "sarah@techflow.com",
                    "phone": "+1-555-0199"},
    }
    data = json.dumps({"count": 1, "leads": [lead]}).encode()

    info = sniff(data, "export.json")

    assert info.mapping["account.name"] == "company_name"
    assert info.mapping["account.domain"] == "website"
    assert info.mapping["contact.title_normalized"] == "title"
    assert info.mapping["status"] == ""
    assert info.preview == [{
        "company_name": "TechFlow Systems", "website": "techflow.com", "signals": "Series B; Hiring",
        "full_name": "Sarah Miller", "title": "VP of Sales", "email": "sarah@techflow.com", "phone": "+1-555-0199",
    }]


def test_json_detected_by_content_whatever_the_extension():
    info = sniff(b'  [{"email": "a@x.com"}]', "leads.txt")

    assert info.format == "json"


def test_only_a_bounded_prefix_is_read_and_the_file_is_rewound():
    body = HEADER + "Ann,Lee,ann@x.com,Acme\n" * 50_000
    handle = io.BytesIO(body.encode())

    info = sniff_upload(handle, filename="big.csv")

    assert handle.tell() == 0
    assert len(info.preview) == 5
    assert 45_000 <= info.row_estimate <= 55_000


def test_warning_when_no_column_maps():
    info = sniff(b"foo,bar\n1x,2y\n")

    assert info.mapping == {"foo": "", "bar": ""}
    assert info.warnings
