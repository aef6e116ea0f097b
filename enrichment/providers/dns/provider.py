"""Technology detection from public DNS records (MX, SPF, TXT verification tokens).

Honesty rule: a resolver that answers NXDOMAIN for everything must not produce "no technologies"
claims, nor technologies. The provider is off unless nameservers are configured (mode "auto"), and
in mode "on" with the system resolver it first checks that a canary domain resolves.
"""

from __future__ import annotations

import threading

from django.conf import settings

from ..base import CompanyProfile, CompanyQuery, Provider
from .client import DnsClient
from .rules import technologies_detect

_canary_lock = threading.Lock()
_canary_results: dict[tuple[str, ...], bool] = {}


def dns_resolver_trusted(client: DnsClient) -> bool:
    """Whether the resolver can see a domain that certainly has MX records (cached per process)."""
    key = tuple(client.nameservers) + (settings.ENRICHMENT_DNS_CANARY,)
    with _canary_lock:
        if key not in _canary_results:
            _canary_results[key] = bool(client.records(settings.ENRICHMENT_DNS_CANARY, "MX"))
        return _canary_results[key]


class DnsTechnologyProvider(Provider):
    name = "dns"
    supports_company = True

    def __init__(self, client: DnsClient | None = None, mode: str | None = None):
        self.client = client or DnsClient()
        self.mode = (mode or settings.ENRICHMENT_DNS_TECH).lower()

    def is_configured(self) -> bool:
        if self.mode == "off":
            return False
        if self.mode == "auto":
            return bool(self.client.nameservers)
        return dns_resolver_trusted(self.client)

    def _company(self, query: CompanyQuery) -> CompanyProfile | None:
        if not query.domain:
            return None
        mx = self.client.records(query.domain, "MX")
        txt = self.client.records(query.domain, "TXT")
        if mx is None and txt is None:
            return None
        technologies = technologies_detect(mx_hosts=mx or [], txt_records=txt or [])
        if not technologies:
            return None
        return CompanyProfile(domain=query.domain, technologies=technologies, confidence=0.9)
