import time

import pytest

from pipeline.validation.contacts import ContactInput, ContactValidator
from pipeline.validation.dns_checks import PROCESS_CACHE, DnsChecker, DnsOutcome, ResolverConfig
from pipeline.validation.statuses import EmailStatus


def _checker(nameserver: str, **kwargs) -> DnsChecker:
    return DnsChecker(ResolverConfig(nameservers=(nameserver,), timeout=0.5, canaries=("canary.com",), **kwargs))


@pytest.mark.parametrize(
    ("domain", "outcome", "hosts"),
    [
        ("good.com", DnsOutcome.MX, ("mx1.good.com", "mx2.good.com")),
        ("aonly.com", DnsOutcome.A_FALLBACK, ("aonly.com",)),
        ("aaaaonly.com", DnsOutcome.A_FALLBACK, ("aaaaonly.com",)),
        ("nullmx.com", DnsOutcome.NULL_MX, ()),
        ("nomail.com", DnsOutcome.NO_MAIL_HOST, ()),
        ("missing-domain.com", DnsOutcome.NXDOMAIN, ()),
        ("servfail.com", DnsOutcome.SERVFAIL, ()),
        ("slow.com", DnsOutcome.TIMEOUT, ()),
    ],
)
def test_domain_lookup_outcomes(dns_zone, domain, outcome, hosts):
    check = _checker(dns_zone[1]).domain_lookup(domain)
    assert check.outcome == outcome
    assert check.mail_hosts == hosts


def test_timeout_is_bounded_by_configured_timeout(dns_zone):
    started = time.monotonic()
    _checker(dns_zone[1]).domain_lookup("slow.com")
    assert time.monotonic() - started < 1.5


def test_lying_resolver_fails_canaries_and_condemns_nothing(lying_dns):
    checker = _checker(lying_dns[1])
    healthy, detail = checker.resolver_health()
    assert not healthy
    assert "canary.com: nxdomain" in detail
    results = checker.domains_check(["good.com", "missing-domain.com"], file_cache={})
    assert {r.outcome for r in results.values()} == {DnsOutcome.RESOLVER_UNAVAILABLE}
    assert all("resolver unavailable" in r.detail for r in results.values())
    # Nothing but the canary was asked: no domain is looked up through a resolver that lies.
    assert {name for name, _ in lying_dns[0].queries} == {"canary.com"}


def test_one_lookup_per_domain_per_file_and_process_cache(dns_zone):
    resolver, nameserver = dns_zone
    checker = _checker(nameserver)
    file_cache: dict = {}
    checker.domains_check(["good.com", "good.com", "aonly.com"], file_cache=file_cache)
    checker.domains_check(["good.com", "aonly.com"], file_cache=file_cache)
    assert resolver.queries[("good.com", "MX")] == 1
    assert resolver.queries[("aonly.com", "MX")] == 1
    assert checker.counters["dns_lookups"] == 2
    assert checker.counters["dns_cache_hits"] == 2

    other_file = _checker(nameserver)
    other_file.domains_check(["good.com"], file_cache={})
    assert resolver.queries[("good.com", "MX")] == 1  # served by the process TTL cache
    PROCESS_CACHE.clear()
    other_file.domains_check(["good.com"], file_cache={})
    assert resolver.queries[("good.com", "MX")] == 2


def test_lookups_run_concurrently(dns_zone):
    # Three silent domains at 0.5 s each: sequentially ≥ 1.5 s, with a pool about 0.5 s.
    checker = _checker(dns_zone[1], concurrency=8)
    started = time.monotonic()
    results = checker.domains_check(["slow.com", "sub.slow.com", "good.com"], file_cache={})
    assert results["slow.com"].outcome == DnsOutcome.TIMEOUT
    assert time.monotonic() - started < 1.4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("alice@good.com", EmailStatus.DELIVERABLE_UNVERIFIED),
        ("alice@aonly.com", EmailStatus.DELIVERABLE_UNVERIFIED),
        ("alice@nullmx.com", EmailStatus.UNDELIVERABLE),
        ("alice@nomail.com", EmailStatus.UNDELIVERABLE),
        ("alice@missing-domain.com", EmailStatus.INVALID_DOMAIN),
        ("alice@servfail.com", EmailStatus.UNKNOWN),
        ("alice@slow.com", EmailStatus.UNKNOWN),
        ("alice@mailinator.com", EmailStatus.DISPOSABLE),
    ],
)
def test_email_status_from_dns(dns_settings, email, status):
    result = ContactValidator.from_settings(default_country="US").validate([ContactInput(email=email)])[0]
    assert result.email_status == status
    checks = result.evidence["email"]["checks"]
    if status == EmailStatus.DISPOSABLE:
        assert [c["check"] for c in checks] == ["syntax", "disposable_list"]
    else:
        assert checks[1]["check"] == "dns"
    if status == EmailStatus.DELIVERABLE_UNVERIFIED:
        assert checks[2] == {"check": "smtp", "result": "skipped", "detail": "EMAIL_SMTP_PROBE is off"}


@pytest.mark.django_db
def test_lying_resolver_gives_unknown_not_invalid(settings, lying_dns):
    settings.EMAIL_DNS_CHECKS = True
    settings.EMAIL_DNS_NAMESERVERS = [lying_dns[1]]
    settings.EMAIL_DNS_CANARIES = ["canary.com"]
    validator = ContactValidator.from_settings(default_country="US")
    result = validator.validate([ContactInput(email="sarah@techflow.com")])[0]
    assert result.email_status == EmailStatus.UNKNOWN
    dns = result.evidence["email"]["checks"][1]
    assert dns["result"] == "resolver_unavailable"
    assert dns["detail"].startswith("resolver unavailable")
    assert result.findings == []


@pytest.mark.django_db
def test_dns_off_gives_unknown_with_skipped_check(settings):
    settings.EMAIL_DNS_CHECKS = False
    result = ContactValidator.from_settings(default_country="US").validate([ContactInput(email="a@b.com")])[0]
    assert result.email_status == EmailStatus.UNKNOWN
    skipped = {"check": "dns", "result": "skipped", "detail": "EMAIL_DNS_CHECKS is off"}
    assert result.evidence["email"]["checks"][1] == skipped
