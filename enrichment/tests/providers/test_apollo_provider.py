import pytest
import responses
from responses import matchers

from enrichment.providers.apollo.provider import ApolloProvider
from enrichment.providers.base import CompanyQuery, PersonQuery, ProviderError

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
