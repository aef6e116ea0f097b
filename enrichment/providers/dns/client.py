"""DNS queries through dnspython, against configured nameservers or the system resolver."""

from __future__ import annotations

import dns.exception
import dns.resolver
from django.conf import settings


class DnsClient:
    def __init__(self, *, nameservers: list[str] | None = None, timeout: float | None = None):
        configured = settings.ENRICHMENT_DNS_NAMESERVERS if nameservers is None else nameservers
        self.nameservers = list(configured)
        self.resolver = dns.resolver.Resolver(configure=not self.nameservers)
        if self.nameservers:
            hosts, ports = [], []
            for entry in self.nameservers:
                host, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
                hosts.append(host)
                ports.append(int(port or 53))
            self.resolver.nameservers = hosts
            self.resolver.port = ports[0]
        self.resolver.lifetime = settings.ENRICHMENT_DNS_TIMEOUT if timeout is None else timeout
        self.resolver.timeout = self.resolver.lifetime

    def records(self, name: str, kind: str) -> list[str] | None:
        """Record texts, [] when the name exists without such records, None on NXDOMAIN/failure."""
        try:
            answer = self.resolver.resolve(name, kind)
        except dns.resolver.NoAnswer:
            return []
        except (dns.resolver.NXDOMAIN, dns.resolver.NoNameservers, dns.exception.Timeout, dns.resolver.NoRootSOA):
            return None
        if kind == "MX":
            return [str(r.exchange).rstrip(".") for r in answer]
        return [b"".join(r.strings).decode(errors="replace") for r in answer]
