import pytest
import responses
from responses import matchers

from enrichment.providers.base import CompanyQuery, PersonQuery, ProviderError
from enrichment.providers.clearbit.provider import ClearbitProvider
from enrichment.tests.providers.clearbit_payloads import CLEARBIT_COMPANY


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
