"""JSON shapes people export: sfdx `{"result": {"records": [...]}}` and objects keyed by company or id."""

import io
import json
from pathlib import Path

import pytest

from pipeline.ingest import IngestError, iter_rows, sniff_upload

FIXTURES = Path(__file__).parent / "fixtures"


def read(data: bytes, filename: str = "leads.json"):
    info = sniff_upload(io.BytesIO(data), filename=filename)
    return info, list(iter_rows(io.BytesIO(data), info=info))


def test_object_keyed_by_company_gives_one_lead_per_person():
    info, rows = read((FIXTURES / "json_by_company.json").read_bytes())

    assert [r.row_number for r in rows] == [1, 2, 3, 4]
    assert [r.values["company_name"] for r in rows] == [
        "Harborview Dental Group", "Harborview Dental Group", "Silverline Freight", "Maple Grove Schools"
    ]
    assert [r.values["full_name"] for r in rows] == ["Rachel Kim", "Tom Becker", "Ana Souza", "Derek Olsen"]
    assert info.mapping["company"] == "company_name"
    assert info.row_estimate == 4


def test_company_keys_with_a_contacts_list_inside():
    data = json.dumps({
        "Acme GmbH": {"website": "acme.de", "contacts": [{"email": "a@acme.de"}, {"email": "b@acme.de"}]},
        "Beta BV": {"contacts": [{"email": "c@beta.nl", "company": "Beta B.V."}]},
    }).encode()

    _, rows = read(data)

    assert [(r.values["email"], r.values["company_name"]) for r in rows] == [
        ("a@acme.de", "Acme GmbH"), ("b@acme.de", "Acme GmbH"), ("c@beta.nl", "Beta B.V.")
    ]
    assert rows[2].extra == {"key": "Beta BV"}


def test_object_keyed_by_id_keeps_the_id_and_a_company_record_gets_the_name_from_its_key():
    data = json.dumps({
        "0035g00000AbC1": {"FirstName": "Ann", "Email": "ann@lee.io", "Company": "Lee Ltd"},
        "Bo Chan": {"Email": "bo@chan.io", "Company": "Chan Ltd"},
    }).encode()

    _, rows = read(data)

    assert rows[0].extra == {"key": "0035g00000AbC1"}
    assert rows[0].values["first_name"] == "Ann"
    assert rows[1].values["full_name"] == "Bo Chan"


def test_salesforce_sfdx_query_result():
    info, rows = read((FIXTURES / "salesforce_sfdx.json").read_bytes())

    assert len(rows) == 2
    assert rows[0].values == {"first_name": "Nadia", "last_name": "Haddad", "email": "nadia.haddad@cobalt-pay.com",
                              "title": "Head of Partnerships", "company_name": "Cobalt Payments"}
    assert rows[0].extra["attributes.url"].startswith("/services/data/")
    assert info.warnings == [
        "4 column(s) match no lead field and are kept as extra columns: 'attributes.type', 'attributes.url', 'Id', "
        "'Account.attributes.type'."
    ]


@pytest.mark.parametrize("key", ["data", "leads", "records"])
def test_list_under_a_known_key(key):
    _, rows = read(json.dumps({key: [{"email": "a@x.io"}, {"email": "b@x.io"}]}).encode())

    assert [r.values["email"] for r in rows] == ["a@x.io", "b@x.io"]


def test_a_single_lead_object_with_a_nested_company_is_still_one_lead():
    _, rows = read(json.dumps({"name": "Ann Lee", "email": "ann@lee.io", "company": {"name": "Lee Ltd"}}).encode())

    assert len(rows) == 1
    assert rows[0].values["company_name"] == "Lee Ltd"


def test_an_object_whose_first_member_is_metadata_still_refuses_an_unknown_list():
    with pytest.raises(IngestError):
        read(b'{"meta": 1, "rows_of_people": [{"email": "a@x.com"}]}')
