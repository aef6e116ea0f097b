"""Domain checks with dnspython: MX, A/AAAA fallback (RFC 5321 §5.1), null MX (RFC 7505).

A resolver is trusted only after it resolves at least one canary name: a resolver that answers
NXDOMAIN for everything (as on these machines) must not condemn good domains, so when the canaries
fail every domain gets `resolver_unavailable`, which maps to the email status `unknown`.
Answers are cached per file (the phase's `ctx.cache`) and per process with a TTL.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum

import dns.exception
import dns.name
import dns.nameserver
import dns.resolver
from django.conf import settings


class DnsOutcome(StrEnum):
    MX = "mx"
    A_FALLBACK = "a_fallback"  # no MX records but A/AAAA: the domain is its own mail host
    NULL_MX = "null_mx"  # "MX 0 ." — the domain declares it accepts no mail
    NO_MAIL_HOST = "no_mail_host"  # the name exists but has neither MX nor A/AAAA
    NXDOMAIN = "nxdomain"
    TIMEOUT = "timeout"
    SERVFAIL = "servfail"
    ERROR = "error"
    RESOLVER_UNAVAILABLE = "resolver_unavailable"


# Outcomes that say something about the domain itself (cached for the full TTL).
DEFINITIVE_OUTCOMES = frozenset(
    {DnsOutcome.MX, DnsOutcome.A_FALLBACK, DnsOutcome.NULL_MX, DnsOutcome.NO_MAIL_HOST, DnsOutcome.NXDOMAIN}
)
TRANSIENT_TTL = 60.0


@dataclass(frozen=True, slots=True)
class DomainCheck:
    outcome: DnsOutcome
    mail_hosts: tuple[str, ...] = ()  # by MX preference; the domain itself for A_FALLBACK
    detail: str = ""

    def evidence(self) -> dict:
        data: dict = {"check": "dns", "result": str(self.outcome)}
        if self.mail_hosts:
            data["mail_hosts"] = list(self.mail_hosts[:5])
        if self.detail:
            data["detail"] = self.detail
        return data


@dataclass(frozen=True)
class ResolverConfig:
    nameservers: tuple[str, ...] = ()  # "ip" or "ip:port"; empty = the system resolver
    timeout: float = 2.0
    canaries: tuple[str, ...] = ("gmail.com", "outlook.com", "yahoo.com")
    cache_ttl: float = 3600.0
    concurrency: int = 16

    @classmethod
    def from_settings(cls) -> ResolverConfig:
        return cls(
            nameservers=tuple(settings.EMAIL_DNS_NAMESERVERS),
            timeout=float(settings.EMAIL_DNS_TIMEOUT),
            canaries=tuple(settings.EMAIL_DNS_CANARIES),
            cache_ttl=float(settings.EMAIL_DNS_CACHE_TTL),
            concurrency=max(1, int(settings.EMAIL_DNS_CONCURRENCY)),
        )

    @property
    def key(self) -> str:
        return ",".join(self.nameservers) or "system"


def _nameserver(spec: str) -> dns.nameserver.Do53Nameserver:
    host, port = spec, 53
    if spec.count(":") == 1:  # "ip:port"; a bare IPv6 address has several colons
        host, _, port_text = spec.partition(":")
        port = int(port_text)
    elif spec.startswith("[") and "]:" in spec:
        host, _, port_text = spec[1:].partition("]:")
        port = int(port_text)
    return dns.nameserver.Do53Nameserver(host, port)


def resolver_build(config: ResolverConfig) -> dns.resolver.Resolver:
    """Raises dns.resolver.NoResolverConfiguration when no nameservers are configured nor found."""
    if config.nameservers:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [_nameserver(spec) for spec in config.nameservers]
    else:
        resolver = dns.resolver.Resolver(configure=True)
    resolver.timeout = config.timeout
    resolver.lifetime = config.timeout
    return resolver


class TtlCache:
    """A bounded, thread-safe map whose entries expire."""

    def __init__(self, maxsize: int = 100_000):
        self.maxsize = maxsize
        self._data: OrderedDict[object, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: object) -> object | None:
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._data[key]
                return None
            return entry[1]

    def set(self, key: object, value: object, ttl: float) -> None:
        with self._lock:
            self._data[key] = (time.monotonic() + ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


PROCESS_CACHE = TtlCache()
CANARY_TTL = 300.0


@dataclass
class DnsChecker:
    config: ResolverConfig
    counters: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            self.resolver: dns.resolver.Resolver | None = resolver_build(self.config)
            self.setup_error = ""
        except dns.resolver.NoResolverConfiguration as exc:
            self.resolver = None
            self.setup_error = f"no resolver configuration: {exc}"

    def resolver_health(self) -> tuple[bool, str]:
        """(healthy, detail): healthy when at least one canary name has MX or A records."""
        if self.resolver is None:
            return False, self.setup_error
        cache_key = ("canary", self.config.key, self.config.canaries)
        cached = PROCESS_CACHE.get(cache_key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        failures = []
        verdict = (False, "")
        for name in self.config.canaries:
            check = self.domain_lookup(name)
            if check.outcome in (DnsOutcome.MX, DnsOutcome.A_FALLBACK):
                verdict = (True, f"canary {name} resolved")
                break
            failures.append(f"{name}: {check.outcome}")
        else:
            verdict = (False, "canaries failed (" + "; ".join(failures) + ")" if failures else "no canaries configured")
        PROCESS_CACHE.set(cache_key, verdict, CANARY_TTL if verdict[0] else TRANSIENT_TTL)
        return verdict

    def _query(self, name: str, rdtype: str):
        assert self.resolver is not None
        return self.resolver.resolve(name, rdtype, raise_on_no_answer=True, search=False)

    def domain_lookup(self, domain: str) -> DomainCheck:
        """One uncached check of one domain; never raises for DNS failures."""
        try:
            try:
                answer = self._query(domain, "MX")
            except dns.resolver.NoAnswer:
                return self._address_fallback(domain)
            records = sorted(answer, key=lambda r: r.preference)
            if any(r.exchange == dns.name.root for r in records):
                return DomainCheck(DnsOutcome.NULL_MX, detail="null MX (RFC 7505): the domain accepts no mail")
            hosts = tuple(r.exchange.to_text(omit_final_dot=True) for r in records)
            return DomainCheck(DnsOutcome.MX, hosts)
        except dns.resolver.NXDOMAIN:
            return DomainCheck(DnsOutcome.NXDOMAIN, detail="the domain does not exist (NXDOMAIN)")
        except dns.exception.Timeout:
            return DomainCheck(DnsOutcome.TIMEOUT, detail=f"no answer within {self.config.timeout:g}s")
        except dns.resolver.NoNameservers as exc:
            return DomainCheck(DnsOutcome.SERVFAIL, detail=str(exc)[:200])
        except dns.exception.DNSException as exc:
            return DomainCheck(DnsOutcome.ERROR, detail=f"{type(exc).__name__}: {exc}"[:200])

    def _address_fallback(self, domain: str) -> DomainCheck:
        for rdtype in ("A", "AAAA"):
            try:
                self._query(domain, rdtype)
            except dns.resolver.NoAnswer:
                continue
            return DomainCheck(DnsOutcome.A_FALLBACK, (domain,), detail=f"no MX; {rdtype} record used as implicit MX")
        return DomainCheck(DnsOutcome.NO_MAIL_HOST, detail="no MX, A or AAAA records")

    def host_addresses(self, host: str) -> list[str]:
        """IPv4 addresses of a mail host through our resolver (the system one may be the liar)."""
        if self.resolver is None:
            return []
        try:
            return [r.address for r in self._query(host, "A")]
        except dns.exception.DNSException:
            return []

    def domains_check(self, domains: Iterable[str], *, file_cache: dict) -> dict[str, DomainCheck]:
        """Check each distinct domain once: file cache, then process cache, then a bounded thread pool."""
        results: dict[str, DomainCheck] = {}
        pending: list[str] = []
        for domain in dict.fromkeys(domains):
            hit = file_cache.get(("dns", domain))
            if hit is None:
                hit = PROCESS_CACHE.get(("dns", self.config.key, domain))
            if hit is not None:
                results[domain] = hit
                self._count("dns_cache_hits")
            else:
                pending.append(domain)
        if pending:
            health = file_cache.get(("dns_health",))
            if health is None:
                health = self.resolver_health()
                file_cache[("dns_health",)] = health
            if not health[0]:
                unavailable = DomainCheck(DnsOutcome.RESOLVER_UNAVAILABLE, detail=f"resolver unavailable: {health[1]}")
                for domain in pending:
                    results[domain] = unavailable
                self._count("dns_resolver_unavailable", len(pending))
            else:
                workers = min(self.config.concurrency, len(pending))
                with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dns") as pool:
                    checks = list(pool.map(self.domain_lookup, pending))
                self._count("dns_lookups", len(pending))
                for domain, check in zip(pending, checks, strict=True):
                    results[domain] = check
                    ttl = self.config.cache_ttl if check.outcome in DEFINITIVE_OUTCOMES else TRANSIENT_TTL
                    PROCESS_CACHE.set(("dns", self.config.key, domain), check, ttl)
        for domain in pending:
            file_cache[("dns", domain)] = results[domain]
        return results

    def _count(self, name: str, n: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + n
