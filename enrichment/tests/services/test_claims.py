"""Cross-process claims: a paid provider is asked once per company even when two sessions miss it together.

These run against the real L2 cache, Redis (as in CI): with the database cache, a test's transaction would hide
one thread's claim from the other, which is not how two processes see it.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from enrichment.providers.base import CompanyProfile, CompanyQuery, Provider
from enrichment.services.cache import l2_cache
from enrichment.services.claims import claim_key
from enrichment.services.companies import EnrichmentSession

pytestmark = pytest.mark.skipif(
    "redis" not in settings.CACHES[settings.ENRICHMENT_CACHE_ALIAS]["BACKEND"].lower(),
    reason="claims across threads are tested on Redis (REDIS_URL)",
)

KEY = "d:initech.com"
QUERIES = {KEY: CompanyQuery(domain="initech.com")}


class SlowProvider(Provider):
    """A vendor that takes a while to answer and counts the calls it was paid for."""

    name = "slow_vendor"
    cost_per_call = 0.05
    supports_company = True

    def __init__(self, *, cost: float = 0.05, delay: float = 0.3, error: Exception | None = None):
        self.cost_per_call, self.delay, self.error = cost, delay, error
        self.calls = 0
        self.lock = threading.Lock()

    def _company(self, query):
        with self.lock:
            self.calls += 1
        time.sleep(self.delay)
        if self.error:
            raise self.error
        return CompanyProfile(name="Initech", domain=query.domain, industry="Software", employee_count=420)


def in_thread(target) -> threading.Thread:
    """Run `target` in another thread (its own DB connection and cache client, like another process)."""

    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def other_holder(claim: str, *, hold: float, finish=lambda: None) -> threading.Thread:
    """Another process that claims `claim`, holds it `hold` seconds, runs `finish`, then releases the claim."""
    claimed = threading.Event()

    def run():
        try:
            assert l2_cache().add(claim, 1, 30)
            claimed.set()
            time.sleep(hold)
            finish()
            l2_cache().delete(claim)
        finally:
            claimed.set()

    thread = in_thread(run)
    claimed.wait(5)
    return thread


@pytest.mark.django_db(transaction=True)
def test_two_sessions_missing_the_same_key_together_pay_one_call(org):
    provider = SlowProvider()
    sessions = [EnrichmentSession(organization_id=org.id, providers=[provider]) for _ in range(2)]
    start = threading.Barrier(2)
    answers: list = [None, None]

    def enrich(i):
        start.wait()
        answers[i] = sessions[i].companies_enrich(QUERIES)

    threads = [in_thread(lambda i=i: enrich(i)) for i in range(2)]
    for thread in threads:
        thread.join(10)

    assert provider.calls == 1
    assert all(results[KEY].profile.name == "Initech" for results, _ in answers)
    paid, waited = sorted(answers, key=lambda a: a[1]["claim_waits"])
    assert paid[1]["provider_calls"] == 1 and paid[1]["claim_waits"] == 0
    assert waited[1]["provider_calls"] == 0 and waited[1]["claim_waits"] == 1
    assert waited[1]["calls_saved"] == 1 and waited[0][KEY].cache == "l2"
    assert l2_cache().get(claim_key(sessions[0]._key(KEY))) is None  # released


def test_a_waiter_uses_the_holders_entry_as_a_cache_hit(org, settings):
    settings.ENRICHMENT_CLAIM_WAIT_SECONDS = 5
    provider = SlowProvider()
    session = EnrichmentSession(organization_id=org.id, providers=[provider])
    entry_key = session._key(KEY)
    profile = CompanyProfile(name="Initech", domain="initech.com")
    entry = {"profile": profile.as_dict(), "provider": "slow_vendor", "cost": 0.05, "calls": 1}
    holder = other_holder(claim_key(entry_key), hold=0.3, finish=lambda: l2_cache().set(entry_key, entry, 60))

    results, counts = session.companies_enrich(QUERIES)
    holder.join(5)
    assert provider.calls == 0 and results[KEY].profile.name == "Initech" and results[KEY].cache == "l2"
    assert counts["claim_waits"] == 1 and counts["calls_saved"] == 1 and counts["savings_micro"] == 50_000


def test_a_claim_left_by_a_dead_holder_is_waited_for_then_the_provider_is_called(org, settings):
    settings.ENRICHMENT_CLAIM_WAIT_SECONDS = 0.4
    provider = SlowProvider(delay=0)
    session = EnrichmentSession(organization_id=org.id, providers=[provider])
    l2_cache().set(claim_key(session._key(KEY)), 1, 30)  # its process died before releasing it

    started = time.monotonic()
    results, counts = session.companies_enrich(QUERIES)
    assert time.monotonic() - started >= 0.4
    assert provider.calls == 1 and results[KEY].profile.name == "Initech" and results[KEY].cache == "provider"
    assert counts["claim_waits"] == 0 and counts["provider_calls"] == 1


def test_a_claim_released_without_an_entry_is_taken_over_at_once(org, settings):
    settings.ENRICHMENT_CLAIM_WAIT_SECONDS = 5
    provider = SlowProvider(delay=0)
    session = EnrichmentSession(organization_id=org.id, providers=[provider])
    holder = other_holder(claim_key(session._key(KEY)), hold=0.2)  # its providers all failed: nothing stored

    started = time.monotonic()
    results, _ = session.companies_enrich(QUERIES)
    holder.join(5)
    assert time.monotonic() - started < 2
    assert provider.calls == 1 and results[KEY].profile.name == "Initech"


def test_the_claim_is_released_when_the_lookup_raises(org):
    session = EnrichmentSession(organization_id=org.id, providers=[SlowProvider(delay=0, error=RuntimeError("boom"))])
    with pytest.raises(RuntimeError):
        session.companies_enrich(QUERIES)
    assert l2_cache().get(claim_key(session._key(KEY))) is None


def test_free_providers_never_touch_claims(org, settings):
    settings.ENRICHMENT_CLAIM_WAIT_SECONDS = 5
    provider = SlowProvider(cost=0.0, delay=0)
    session = EnrichmentSession(organization_id=org.id, providers=[provider])
    claim = claim_key(session._key(KEY))
    l2_cache().set(claim, "someone else", 30)

    started = time.monotonic()
    results, counts = session.companies_enrich(QUERIES)
    assert time.monotonic() - started < 2 and provider.calls == 1 and results[KEY].profile is not None
    assert counts["claim_waits"] == 0 and l2_cache().get(claim) == "someone else"  # neither waited for nor released
