import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIClient

from enrichment.providers.dataset import index as dataset_index
from enrichment.services.cache import l1_cache
from leadsite.core.services import api_token_create, customer_create


def _cache_empty(cache) -> None:
    """Empty this process's part of L2. xdist workers share one Redis db, each with its own key prefix
    (leadsite/settings/test.py): a FLUSHDB would empty the other worker's cache in the middle of its tests."""
    if isinstance(cache, RedisCache) and cache.key_prefix:
        client = cache._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_caches(settings, django_db_blocker):
    """Each test starts with empty L1 and L2 (our own Redis db, or the database cache without Redis) and no
    remote keys."""
    settings.APOLLO_API_KEY = settings.CLEARBIT_API_KEY = settings.HUNTER_API_KEY = ""
    settings.SNOV_CLIENT_ID = settings.SNOV_CLIENT_SECRET = ""
    settings.ENRICHMENT_DNS_NAMESERVERS = []
    settings.ENRICHMENT_HTTP_BACKOFF = 0.01
    l1_cache().clear()
    with django_db_blocker.unblock():  # the database cache needs the database, even in a test that does not
        _cache_empty(caches[settings.ENRICHMENT_CACHE_ALIAS])
    dataset_index._indexes.clear()
    yield
    l1_cache().clear()


class Customer:
    def __init__(self, email: str):
        self.user = customer_create(email=email, password="pw-123456789")
        self.organization = self.user.membership.organization
        _, key = api_token_create(user=self.user)
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def make_customer(db):
    def make() -> Customer:
        return Customer(f"enr-{uuid.uuid4().hex[:8]}@example.org")

    return make


@pytest.fixture
def customer(make_customer):
    return make_customer()


@pytest.fixture
def org(customer):
    return customer.organization
