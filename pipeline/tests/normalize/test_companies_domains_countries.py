import pytest

from leadsite.core.text.companies import company_key
from pipeline.normalize import (
    company_display,
    country_code,
    email_domain,
    linkedin_url,
    registrable_domain,
    split_list,
    website_parse,
)


@pytest.mark.parametrize(
    ("name", "display", "key"),
    [
        ("Société Générale S.A.", "Société Générale S.A.", "societe generale"),
        ("ACME CORP", "Acme Corp", "acme"),
        ("acme llc", "Acme LLC", "acme"),
        ("Acme, Inc.", "Acme, Inc.", "acme"),
        ("The Coca-Cola Company", "The Coca-Cola Company", "coca cola"),
        ("AT&T Inc.", "AT&T Inc.", "at and t"),
        ("Procter & Gamble Co.", "Procter & Gamble Co.", "procter and gamble"),
        ("Müller GmbH & Co. KG", "Müller GmbH & Co. KG", "muller"),
        ("Atlassian Pty Ltd", "Atlassian Pty Ltd", "atlassian"),
        ("Infosys Pvt. Ltd.", "Infosys Pvt. Ltd.", "infosys"),
        ("Toyota Motor Co., Ltd.", "Toyota Motor Co., Ltd.", "toyota motor"),
        ("Fiat S.p.A.", "Fiat S.p.A.", "fiat"),
        ("ING Groep N.V.", "ING Groep N.V.", "ing groep"),
        ("Philips B.V.", "Philips B.V.", "philips"),
        ("Capgemini SAS", "Capgemini SAS", "capgemini"),
        ("Nokia Oyj", "Nokia Oyj", "nokia"),
        ("Sony KK", "Sony KK", "sony"),
        ("Volvo AB", "Volvo AB", "volvo"),
        ("Siemens AG", "Siemens AG", "siemens"),
        ("HSBC Holdings plc", "HSBC Holdings plc", "hsbc holdings"),
        ("IBM", "IBM", "ibm"),
        ("TECHFLOW SYSTEMS, INC.", "Techflow Systems, Inc.", "techflow systems"),
        ('"Acme"', "Acme", "acme"),
        ("Inc", "Inc", "inc"),
        ("", "", ""),
    ],
)
def test_company_display_and_key(name, display, key):
    assert company_display(name) == display
    assert company_key(name) == key


@pytest.mark.parametrize(
    ("website", "normalised", "domain"),
    [
        ("WWW.Acme.com/", "https://www.acme.com", "acme.com"),
        ("acme.com", "https://acme.com", "acme.com"),
        ("http://shop.acme.co.uk/about/?utm=1", "http://shop.acme.co.uk/about", "acme.co.uk"),
        ("https://user@Acme.com:8443/#top", "https://acme.com", "acme.com"),
        ("linkedin.com/company/acme", "https://linkedin.com/company/acme", ""),
        ("acme", "acme", ""),
        ("http://127.0.0.1", "http://127.0.0.1", ""),
        ("jane@acme.com", "jane@acme.com", ""),
        ("not a url", "not a url", ""),
        ("", "", ""),
    ],
)
def test_website_parse(website, normalised, domain):
    assert website_parse(website) == (normalised, domain)


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("sarah@techflow.com", "techflow.com"),
        ("j@mail.acme.co.uk", "acme.co.uk"),
        ("x@gmail.com", ""),
        ("x@googlemail.com", ""),
        ("x@yahoo.fr", ""),
        ("x@hotmail.co.uk", ""),
        ("x@outlook.de", ""),
        ("x@proton.me", ""),
        ("not-an-email", ""),
    ],
)
def test_email_domain_ignores_free_mail(email, domain):
    assert email_domain(email) == domain


def test_registrable_domain_uses_public_suffix_list_without_network():
    assert registrable_domain("a.b.example.com.au") == "example.com.au"
    assert registrable_domain("localhost") == ""


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("US", "US"), ("usa", "US"), ("U.S.A.", "US"), ("United States of America", "US"), ("United States", "US"),
        ("UK", "GB"), ("U.K.", "GB"), ("United Kingdom", "GB"), ("England", "GB"), ("GBR", "GB"),
        ("Deutschland", "DE"), ("Germany", "DE"), ("deu", "DE"), ("España", "ES"), ("Espana", "ES"),
        ("France", "FR"), ("The Netherlands", "NL"), ("Holland", "NL"), ("Korea, Republic of", "KR"),
        ("South Korea", "KR"), ("Türkiye", "TR"), ("Czech Republic", "CZ"), ("Côte d'Ivoire", "CI"),
        ("Viet Nam", "VN"), ("UAE", "AE"), ("Brasil", "BR"), ("Österreich", "AT"), ("Schweiz", "CH"),
        ("Russian Federation", "RU"), ("Berlin, Germany", "DE"), ("San Francisco, CA, United States", "US"),
        ("Atlantis", ""), ("", ""),
    ],
)
def test_country_code(raw, code):
    assert country_code(raw) == code


def test_linkedin_url_is_canonical():
    assert linkedin_url("linkedin.com/in/jane-doe/?trk=abc") == "https://www.linkedin.com/in/jane-doe"
    assert linkedin_url("https://de.linkedin.com/in/jane") == "https://www.linkedin.com/in/jane"
    assert linkedin_url("jane-doe") == "jane-doe"


def test_split_list():
    assert split_list("Series B; Hiring, hiring | AWS") == ["Series B", "Hiring", "AWS"]
    assert split_list(["AWS", "Salesforce", ""]) == ["AWS", "Salesforce"]
    assert split_list("") == []
