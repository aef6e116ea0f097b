import responses
from responses import matchers

from enrichment.providers.base import CompanyQuery, PersonQuery
from enrichment.providers.snov.provider import SnovProvider


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
