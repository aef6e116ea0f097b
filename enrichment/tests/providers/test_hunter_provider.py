import responses
from responses import matchers

from enrichment.providers.base import CompanyQuery, PersonQuery
from enrichment.providers.hunter.provider import HunterProvider
from enrichment.tests.providers.clearbit_payloads import CLEARBIT_COMPANY, CLEARBIT_PERSON


@responses.activate
def test_hunter_company_person_and_email_finder(settings):
    settings.HUNTER_API_KEY = "hunter-key"
    responses.get(
        "https://api.hunter.io/v2/companies/find",
        json={"data": CLEARBIT_COMPANY, "meta": {"domain": "stripe.com"}},
        match=[matchers.query_param_matcher({"domain": "stripe.com", "api_key": "hunter-key"})],
    )
    responses.get("https://api.hunter.io/v2/people/find", json={"data": CLEARBIT_PERSON})
    responses.get(
        "https://api.hunter.io/v2/email-finder",
        json={
            "data": {
                "first_name": "Alexis",
                "last_name": "Ohanian",
                "email": "alexis@reddit.com",
                "score": 97,
                "domain": "reddit.com",
                "position": "Cofounder",
                "company": "Reddit",
                "linkedin_url": None,
                "phone_number": None,
                "sources": [],
            }
        },
    )
    provider = HunterProvider()
    assert provider.company_lookup(CompanyQuery(domain="stripe.com")).profile.confidence == 0.85
    person = provider.person_lookup(PersonQuery(email="alex@clearbit.com")).profile
    assert (person.name, person.title, person.company) == ("Alex MacCaw", "Co-founder, CEO", "Clearbit")
    found = provider.person_lookup(PersonQuery(first_name="Alexis", last_name="Ohanian", domain="reddit.com")).profile
    assert found.email == "alexis@reddit.com" and found.confidence == 0.97


@responses.activate
def test_hunter_not_found_person(settings):
    settings.HUNTER_API_KEY = "hunter-key"
    responses.get(
        "https://api.hunter.io/v2/people/find",
        status=404,
        json={"errors": [{"id": "not_found", "code": 404, "details": "No person found"}]},
    )
    assert HunterProvider().person_lookup(PersonQuery(email="ghost@nowhere.example")).profile is None
