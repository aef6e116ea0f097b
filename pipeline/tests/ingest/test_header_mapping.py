"""Header synonyms from real CRM exports → lead fields."""

import pytest

from pipeline.ingest import map_header
from pipeline.ingest.headers import header_key


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("First Name", "first_name"), ("fname", "first_name"), ("Given Name", "first_name"),
        ("firstName", "first_name"), ("first_name", "first_name"), ("\ufeffFirst Name", "first_name"),
        ("  FIRST   NAME ", "first_name"),
        ("Last Name", "last_name"), ("lname", "last_name"), ("Surname", "last_name"), ("Family-Name", "last_name"),
        ("Full Name", "full_name"), ("Name", "full_name"), ("Contact", "full_name"), ("Contact Name", "full_name"),
        ("Email", "email"), ("E-mail", "email"), ("Email Address", "email"), ("work email", "email"),
        ("E-Mail-Adresse", "email"), ("Firma", "company_name"), ("Telefon", "phone"), ("Email 2", "email"),
        ("Contact Email", "email"),
        ("Phone", "phone"), ("Mobile", "phone"), ("Direct Dial", "phone"), ("Telephone", "phone"), ("cell", "phone"),
        ("Work Direct Phone", "phone"), ("Mobile Phone", "phone"), ("Phone Number", "phone"),
        ("Title", "title"), ("Job Title", "title"), ("Position", "title"), ("Role", "title"),
        ("Company", "company_name"), ("Account", "company_name"), ("Organization", "company_name"),
        ("Company Name", "company_name"), ("Employer", "company_name"), ("Account Name", "company_name"),
        ("Website", "website"), ("Domain", "website"), ("URL", "website"), ("Company Domain", "website"),
        ("Website URL", "website"), ("Country", "country"), ("Country Code", "country"), ("Country/Region", "country"),
        ("LinkedIn", "linkedin"), ("LinkedIn URL", "linkedin"), ("Person Linkedin Url", "linkedin"),
        ("LinkedIn Contact Profile URL", "linkedin"), ("Profile URL", "linkedin"),
        ("Industry", "industry"), ("Primary Industry", "industry"),
        ("Employees", "employee_count"), ("Company Size", "employee_count"), ("Headcount", "employee_count"),
        ("# Employees", "employee_count"), ("No. of Employees", "employee_count"),
        ("Number of Employees", "employee_count"),
        ("Street", "street"), ("Address", "street"), ("Mailing Street", "street"), ("City", "city"),
        ("Mailing City", "city"), ("State", "state"), ("Region", "state"), ("Province", "state"),
        ("State/Province", "state"), ("Mailing State/Province", "state"), ("Zip", "postcode"),
        ("Postcode", "postcode"), ("Postal Code", "postcode"), ("Zip/Postal Code", "postcode"),
        ("Signals", "signals"), ("Intent Topics", "signals"), ("Technologies", "technologies"),
        ("Tech Stack", "technologies"),
        # nested JSON keys
        ("account.name", "company_name"), ("account.domain", "website"), ("company.size", "employee_count"),
        ("contact.full_name", "full_name"), ("contact.email", "email"), ("contact.address.city", "city"),
        ("account.signals", "signals"),
        # columns that must stay unmapped
        ("Email Status", ""), ("Company Phone", ""), ("Company Linkedin Url", ""), ("Lead Source", ""),
        ("Contact Owner", ""), ("Account Owner", ""), ("contact.email_status", ""), ("Notes", ""), ("", ""),
    ],
)
def test_map_header(header, field):
    assert map_header(header) == field


def test_header_key_ignores_case_space_punctuation_and_accents():
    assert header_key("E-Mail Address") == header_key("email_address") == header_key("emailAddress") == "emailaddress"
    assert header_key("Pa\u00eds") == "pais"


@pytest.mark.parametrize(
    ("columns", "name_field"),
    [
        (["Name", "Website", "Industry", "Phone", "City"], "company_name"),  # an account list
        (["Name", "Employees", "Country"], "company_name"),
        (["Name", "Email", "Website"], "full_name"),  # a person's email: a contact list
        (["Name", "Title", "Industry"], "full_name"),
        (["Name", "Company", "Website"], "full_name"),  # the company has its own column
        (["Name", "Phone", "City"], "full_name"),  # nothing says company: stays the person's
        (["Contact Name", "Website", "Industry"], "full_name"),  # only a bare "Name" is ambiguous
    ],
)
def test_bare_name_is_the_company_in_an_account_list(columns, name_field):
    from pipeline.ingest.headers import columns_map

    assert columns_map(columns)[columns[0]] == name_field
