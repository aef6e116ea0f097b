import pytest
import responses
from responses import matchers

from enrichment.providers.apollo.provider import ApolloProvider
from enrichment.providers.base import CompanyQuery, PersonQuery, ProviderError
from enrichment.providers.clearbit.provider import ClearbitProvider
from enrichment.providers.hunter.provider import HunterProvider
from enrichment.providers.snov.provider import SnovProvider

APOLLO_ORG = {
    "organization": {
        "id": "5e66b6381e05b4008c8331b8",
        "name": "Apollo.io",
        "website_url": "http://www.apollo.io",
        "linkedin_url": "http://www.linkedin.com/company/apolloio",
        "primary_domain": "apollo.io",
        "industry": "information technology & services",
        "estimated_num_employees": 1600,
        "latest_funding_stage": "Series D",
        "publicly_traded_symbol": None,
        "technology_names": ["Amazon AWS", "Salesforce", "Google Workspace"],
        "keywords": ["sales engagement", "lead generation"],
    }
}
CLEARBIT_COMPANY = {
    "id": "3f5d6a4e-c284-4f78-bfdf-7669b45af907",
    "name": "Stripe",
    "legalName": "Stripe, Inc.",
    "domain": "stripe.com",
    "category": {
        "sector": "Information Technology",
        "industryGroup": "Software & Services",
        "industry": "Internet Software & Services",
    },
    "tags": ["Technology", "SAAS", "B2B"],
    "metrics": {"employees": 7000, "employeesRange": "5K-10K", "raised": 2200000000},
    "tech": ["google_apps", "aws", "salesforce", "zendesk"],
    "linkedin": {"handle": "company/stripe"},
}
CLEARBIT_PERSON = {
    "id": "d54c54ad-40be-4305-8a34-0ab44710b90d",
    "name": {"fullName": "Alex MacCaw", "givenName": "Alex", "familyName": "MacCaw"},
    "email": "alex@clearbit.com",
    "employment": {"domain": "clearbit.com", "name": "Clearbit", "title": "Co-founder, CEO", "role": "leadership"},
    "linkedin": {"handle": "in/alex-maccaw"},
}


@pytest.fixture
def apollo(settings):
    settings.APOLLO_API_KEY = "apollo-test-key"
    return ApolloProvider()


@responses.activate
def test_apollo_company_maps_payload_and_sends_key(apollo):
    responses.get(
        "https://api.apollo.io/api/v1/organizations/enrich",
        json=APOLLO_ORG,
        match=[
            matchers.query_param_matcher({"domain": "apollo.io"}),
            matchers.header_matcher({"x-api-key": "apollo-test-key"}),
        ],
    )
    result = apollo.company_lookup(CompanyQuery(domain="apollo.io"))
    assert result.profile.name == "Apollo.io"
    assert result.profile.industry == "Information Technology & Services"
    assert result.profile.employee_count == 1600
    assert result.profile.signals == ["Series D"]
    assert result.profile.technologies == ["Amazon AWS", "Salesforce", "Google Workspace"]
    assert result.cost == 0.03 and result.calls == 1 and result.latency_ms > 0


@responses.activate
def test_apollo_retries_429_then_succeeds(apollo):
    url = "https://api.apollo.io/api/v1/organizations/enrich"
    responses.get(url, status=429, headers={"Retry-After": "0"})
    responses.get(url, status=503)
    responses.get(url, json=APOLLO_ORG)
    result = apollo.company_lookup(CompanyQuery(domain="apollo.io"))
    assert result.profile.domain == "apollo.io"
    assert len(responses.calls) == 3


@responses.activate
def test_apollo_gives_up_after_retries(apollo, settings):
    settings.ENRICHMENT_HTTP_RETRIES = 2
    responses.get("https://api.apollo.io/api/v1/organizations/enrich", status=500)
    with pytest.raises(ProviderError, match="HTTP 500 after 3 attempts"):
        apollo.company_lookup(CompanyQuery(domain="apollo.io"))
    assert len(responses.calls) == 3


@responses.activate
def test_apollo_person_match(apollo):
    responses.post(
        "https://api.apollo.io/api/v1/people/match",
        json={
            "person": {
                "name": "Tim Zheng",
                "title": "Founder & CEO",
                "email": "tim@apollo.io",
                "email_status": "verified",
                "linkedin_url": "http://www.linkedin.com/in/tim-zheng-677ba010",
                "organization": {"name": "Apollo.io"},
                "phone_numbers": [{"sanitized_number": "+14155550100"}],
            }
        },
        match=[matchers.json_params_matcher({"email": "tim@apollo.io"})],
    )
    result = apollo.person_lookup(PersonQuery(email="tim@apollo.io"))
    assert result.profile.title == "Founder & CEO"
    assert result.profile.phone == "+14155550100"
    assert result.profile.confidence == 0.9


def test_provider_without_key_is_not_configured(settings):
    settings.APOLLO_API_KEY = ""
    assert ApolloProvider().is_configured() is False
    assert ClearbitProvider().is_configured() is False
    assert HunterProvider().is_configured() is False
    assert SnovProvider().is_configured() is False


@responses.activate
def test_clearbit_company_by_name_uses_name_to_domain(settings):
    settings.CLEARBIT_API_KEY = "sk_test"
    responses.get(
        "https://company.clearbit.com/v1/domains/find",
        json={"name": "Stripe", "domain": "stripe.com"},
        match=[matchers.header_matcher({"Authorization": "Bearer sk_test"})],
    )
    responses.get(
        "https://company.clearbit.com/v2/companies/find",
        json=CLEARBIT_COMPANY,
        match=[matchers.query_param_matcher({"domain": "stripe.com"})],
    )
    result = ClearbitProvider().company_lookup(CompanyQuery(name="Stripe"))
    assert result.calls == 2 and result.cost == pytest.approx(0.20)
    assert result.profile.industry == "Internet Software & Services"
    assert result.profile.employee_count == 7000
    assert result.profile.technologies == ["Google Workspace", "AWS", "Salesforce", "Zendesk"]
    assert "Raised $2,200,000,000" in result.profile.signals
    assert result.profile.linkedin == "https://www.linkedin.com/company/stripe"


@responses.activate
def test_clearbit_404_and_queued_202_are_not_found(settings):
    settings.CLEARBIT_API_KEY = "sk_test"
    responses.get(
        "https://company.clearbit.com/v2/companies/find", status=404, json={"error": {"type": "unknown_record"}}
    )
    assert ClearbitProvider().company_lookup(CompanyQuery(domain="nobody.example")).profile is None
    responses.replace(responses.GET, "https://company.clearbit.com/v2/companies/find", status=202, json={})
    assert ClearbitProvider().company_lookup(CompanyQuery(domain="nobody.example")).profile is None


@responses.activate
def test_clearbit_unauthorized_is_an_error_not_a_retry(settings):
    settings.CLEARBIT_API_KEY = "sk_bad"
    responses.get("https://person.clearbit.com/v2/people/find", status=401, json={"error": {"type": "auth_required"}})
    with pytest.raises(ProviderError, match="HTTP 401"):
        ClearbitProvider().person_lookup(PersonQuery(email="alex@clearbit.com"))
    assert len(responses.calls) == 1


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


@responses.activate
def test_snov_token_then_profile(settings):
    settings.SNOV_CLIENT_ID, settings.SNOV_CLIENT_SECRET = "cid", "secret"
    token = responses.post(
        "https://api.snov.io/v1/oauth/access_token",
        json={"access_token": "tok123", "token_type": "Bearer", "expires_in": 3600},
    )
    responses.post(
        "https://api.snov.io/v1/get-profile-by-email",
        json={
            "success": True,
            "id": "xusD3-T_K5IktGoaa8Jc8A==",
            "name": "Gavin Vanrooyen",
            "firstName": "Gavin",
            "lastName": "Vanrooyen",
            "social": [{"link": "https://www.linkedin.com/in/gavin-vanrooyen", "type": "linkedIn"}],
            "currentJobs": [{"companyName": "Oceaneering International", "position": "Geologist", "size": "10001+"}],
        },
        match=[matchers.header_matcher({"Authorization": "Bearer tok123"})],
    )
    provider = SnovProvider()
    profile = provider.person_lookup(PersonQuery(email="gavin.vanrooyen@octagon.com")).profile
    assert (profile.name, profile.title, profile.company) == (
        "Gavin Vanrooyen",
        "Geologist",
        "Oceaneering International",
    )
    assert profile.linkedin == "https://www.linkedin.com/in/gavin-vanrooyen"
    provider.person_lookup(PersonQuery(email="gavin.vanrooyen@octagon.com"))
    assert token.call_count == 1  # token reused until it expires


@responses.activate
def test_snov_unsuccessful_answer_is_not_found(settings):
    settings.SNOV_CLIENT_ID, settings.SNOV_CLIENT_SECRET = "cid", "secret"
    responses.post("https://api.snov.io/v1/oauth/access_token", json={"access_token": "t", "expires_in": 3600})
    responses.get("https://api.snov.io/v2/domain-emails-with-info", json={"success": False, "message": "not found"})
    assert SnovProvider().company_lookup(CompanyQuery(domain="unknown.example")).profile is None
