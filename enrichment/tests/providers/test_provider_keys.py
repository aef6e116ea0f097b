from enrichment.providers.apollo.provider import ApolloProvider
from enrichment.providers.clearbit.provider import ClearbitProvider
from enrichment.providers.hunter.provider import HunterProvider
from enrichment.providers.snov.provider import SnovProvider


def test_provider_without_key_is_not_configured(settings):
    settings.APOLLO_API_KEY = ""
    assert ApolloProvider().is_configured() is False
    assert ClearbitProvider().is_configured() is False
    assert HunterProvider().is_configured() is False
    assert SnovProvider().is_configured() is False
