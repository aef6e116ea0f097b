import pytest
import responses

from enrichment.models import EnrichmentCounter
from enrichment.providers.apollo.provider import ApolloProvider
from enrichment.providers.base import CompanyProfile, CompanyQuery
from enrichment.providers.dataset.index import DatasetIndex
from enrichment.providers.dataset.provider import CompanyDatasetProvider
from enrichment.selectors import cache_stats
from enrichment.services.cache import cache_key, cache_namespace, l1_cache, l2_cache
from enrichment.services.companies import EnrichmentSession

APOLLO_URL = "https://api.apollo.io/api/v1/organizations/enrich"


def dataset(*profiles):
    return CompanyDatasetProvider(DatasetIndex(label="test", profiles=list(profiles)))


@pytest.fixture
def apollo(settings):
    settings.APOLLO_API_KEY = "k"
    return ApolloProvider()


def q(domain="", name=""):
    return CompanyQuery(domain=domain, name=name)


@responses.activate
def test_second_lookup_is_served_by_l1_then_l2_without_provider_call(org, apollo):
    responses.get(
        APOLLO_URL,
        json={
            "organization": {
                "name": "Initech",
                "primary_domain": "initech.com",
                "industry": "software",
                "estimated_num_employees": 420,
            }
        },
    )
    session = EnrichmentSession(organization_id=org.id, providers=[apollo])
    first, counts = session.companies_enrich({"d:initech.com": q("initech.com")})
    assert first["d:initech.com"].cache == "provider" and counts["provider_calls"] == 1
    assert first["d:initech.com"].profile.employee_count == 420

    again, counts = session.companies_enrich({"d:initech.com": q("initech.com")})
    assert again["d:initech.com"].cache == "l1" and counts["provider_calls"] == 0

    l1_cache().clear()  # another process: only L2 (Redis) knows
    other = EnrichmentSession(organization_id=org.id, providers=[apollo])
    shared, counts = other.companies_enrich({"d:initech.com": q("initech.com")})
    assert shared["d:initech.com"].cache == "l2" and shared["d:initech.com"].profile.name == "Initech"
    assert len(responses.calls) == 1

    stats = cache_stats(organization_id=org.id)
    assert stats["l1_cache"]["total_hits"] == 1 and stats["l1_cache"]["total_misses"] == 2
    assert stats["l2_cache"]["total_hits"] == 1 and stats["l2_cache"]["total_misses"] == 1
    assert stats["cost_savings"] == {"api_calls_saved": 2, "estimated_savings_usd": 0.06}


@responses.activate
def test_misses_are_cached_negatively(org, apollo):
    responses.get(APOLLO_URL, json={"organization": None})
    session = EnrichmentSession(organization_id=org.id, providers=[apollo])
    session.companies_enrich({"d:ghost.io": q("ghost.io")})
    l1_cache().clear()
    result, counts = EnrichmentSession(organization_id=org.id, providers=[apollo]).companies_enrich(
        {"d:ghost.io": q("ghost.io")}
    )
    assert result["d:ghost.io"].profile is None and result["d:ghost.io"].cache == "l2"
    assert counts["negative_hits"] == 1 and len(responses.calls) == 1


@responses.activate
def test_provider_failure_is_not_cached(org, apollo, settings):
    settings.ENRICHMENT_HTTP_RETRIES = 0
    responses.get(APOLLO_URL, status=503)
    session = EnrichmentSession(organization_id=org.id, providers=[apollo])
    result, counts = session.companies_enrich({"d:flaky.io": q("flaky.io")})
    assert result["d:flaky.io"].profile is None and counts["provider_errors"] == 1
    responses.replace(
        responses.GET,
        APOLLO_URL,
        json={"organization": {"name": "Flaky", "industry": "x", "estimated_num_employees": 3}},
    )
    result, _ = session.companies_enrich({"d:flaky.io": q("flaky.io")})
    assert result["d:flaky.io"].profile.name == "Flaky"


def test_similar_name_reuses_a_cached_profile_and_is_counted_apart(org):
    provider = dataset(CompanyProfile(name="Northwind Traders", domain="", industry="Retail", employee_count=80))
    session = EnrichmentSession(organization_id=org.id, providers=[provider])
    session.companies_enrich({"n:northwind traders": q(name="Northwind Traders")})
    result, counts = session.companies_enrich({"n:northwind trader": q(name="Northwind Trader")})
    hit = result["n:northwind trader"]
    assert hit.cache == "similarity" and hit.matched_key == "n:northwind traders"
    assert 0.85 <= hit.similarity < 1 and hit.confidence == pytest.approx(0.9 * hit.similarity, abs=1e-3)
    assert counts["similarity_hits"] == 1
    unrelated, counts = session.companies_enrich({"n:southwind energy": q(name="Southwind Energy")})
    assert unrelated["n:southwind energy"].cache == "provider" and counts["similarity_hits"] == 0
    assert cache_stats(organization_id=org.id)["similarity_matches"] == {"total": 1, "threshold": 0.85}


def test_a_near_identical_domain_is_never_a_similarity_match(org):
    provider = dataset(CompanyProfile(name="Acme", domain="acme.com", industry="Retail", employee_count=80))
    session = EnrichmentSession(organization_id=org.id, providers=[provider])
    found, _ = session.companies_enrich({"d:acme.com": q("acme.com")})
    assert found["d:acme.com"].profile is not None
    # acne.com and acme.co are other registrations: whoever looks them up, before or after acme.com, gets no
    # borrowed profile (the result does not depend on the order of lookups)
    for key in ("d:acne.com", "d:acme.co"):
        result, counts = session.companies_enrich({key: q(key[2:])})
        assert result[key].profile is None and result[key].cache == "provider"
        assert counts["similarity_hits"] == 0


def test_waterfall_fills_missing_fields_from_the_next_provider(org, apollo):
    partial = dataset(CompanyProfile(name="Umbrella", domain="umbrella.com", technologies=["AWS"]))
    with responses.RequestsMock() as mock:
        mock.get(
            APOLLO_URL,
            json={
                "organization": {
                    "name": "Umbrella Corp",
                    "industry": "biotech",
                    "estimated_num_employees": 9000,
                    "technology_names": ["Salesforce"],
                }
            },
        )
        result, counts = EnrichmentSession(organization_id=org.id, providers=[partial, apollo]).companies_enrich(
            {"d:umbrella.com": q("umbrella.com")}
        )
    found = result["d:umbrella.com"]
    assert found.profile.name == "Umbrella" and found.profile.industry == "Biotech"
    assert found.profile.technologies == ["AWS", "Salesforce"]
    assert found.fields == {
        "name": "company_dataset",
        "technologies": "company_dataset",
        "industry": "apollo",
        "employee_count": "apollo",
    }
    assert counts["provider_calls"] == 2


def test_counters_are_one_row_per_name_and_accumulate(org):
    provider = dataset(CompanyProfile(name="A", domain="a.com", industry="x", employee_count=1))
    session = EnrichmentSession(organization_id=org.id, providers=[provider])
    for _ in range(3):
        session.companies_enrich({"d:a.com": q("a.com")})
    assert EnrichmentCounter.objects.get(organization=org, name="l1_hits").value == 2
    assert EnrichmentCounter.objects.filter(organization=org, name="l1_hits").count() == 1


def test_cache_is_per_organisation(make_customer):
    a, b = make_customer().organization, make_customer().organization
    EnrichmentSession(
        organization_id=a.id, providers=[dataset(CompanyProfile(name="A", domain="a.com"))]
    ).companies_enrich({"d:a.com": q("a.com")})
    result, _ = EnrichmentSession(organization_id=b.id, providers=[]).companies_enrich({"d:a.com": q("a.com")})
    assert result["d:a.com"].profile is None and result["d:a.com"].cache == "provider"


def test_entries_stored_with_the_short_key_names_are_still_served(org):
    """Entries written before the keys were spelled out ("p", "src", "f", "c", "n", "pr") live until their TTL."""
    namespace = cache_namespace(organization_id=org.id)
    profile = CompanyProfile(name="Initech", domain="initech.com", employee_count=420)
    old = {"p": profile.as_dict(), "src": "apollo", "f": {"name": "apollo"}, "c": 0.03, "n": 1, "pr": True}
    negative = {"p": None, "src": "", "f": {}, "c": 0.0, "n": 2, "pr": False}
    l2_cache().set(cache_key(namespace=namespace, kind="co", key="d:initech.com"), old, 600)
    l2_cache().set(cache_key(namespace=namespace, kind="co", key="d:nowhere.com"), negative, 600)
    session = EnrichmentSession(organization_id=org.id, providers=[dataset()])

    found, counts = session.companies_enrich({"d:initech.com": q("initech.com"), "d:nowhere.com": q("nowhere.com")})

    initech = found["d:initech.com"]
    assert initech.cache == "l2" and initech.profile.employee_count == 420 and initech.provider == "apollo"
    assert initech.fields == {"name": "apollo"} and initech.predicted is True
    assert found["d:nowhere.com"].profile is None and found["d:nowhere.com"].cache == "l2"
    assert counts["calls_saved"] == 3 and counts["negative_hits"] == 1 and counts["predictive_hits"] == 1
