"""Local DNS (dnslib) and SMTP (aiosmtpd) servers that play the outside world for validation tests."""

from __future__ import annotations

import socket
import threading
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from dnslib import AAAA, MX, QTYPE, RCODE, RR, TXT, A
from dnslib.dns import DNSError
from dnslib.server import BaseResolver, DNSLogger, DNSServer

from pipeline.validation.dns_checks import PROCESS_CACHE

# name -> list of (qtype, rdata); names not listed answer NXDOMAIN.
ZONE = {
    "canary.com": [("MX", MX("mx.canary.com", 10))],
    "good.com": [("MX", MX("mx2.good.com", 20)), ("MX", MX("mx1.good.com", 10))],
    "mx1.good.com": [("A", A("127.0.0.1"))],
    "mx2.good.com": [("A", A("127.0.0.1"))],
    "aonly.com": [("A", A("127.0.0.1"))],
    "aaaaonly.com": [("AAAA", AAAA("::1"))],
    "nullmx.com": [("MX", MX(".", 0))],
    "nomail.com": [("TXT", TXT("v=spf1 -all"))],
    "catchall.com": [("MX", MX("mx.catchall.com", 10))],
    "mx.catchall.com": [("A", A("127.0.0.1"))],
    "grey.com": [("MX", MX("mx.grey.com", 10))],
    "mx.grey.com": [("A", A("127.0.0.1"))],
    "blocked.com": [("MX", MX("mx.blocked.com", 10))],
    "mx.blocked.com": [("A", A("127.0.0.1"))],
    "deadmx.com": [("MX", MX("mx.deadmx.com", 10))],
    "mx.deadmx.com": [("A", A("127.0.0.2"))],
}
SERVFAIL = {"servfail.com"}
SILENT = {"slow.com"}


class ZoneResolver(BaseResolver):
    def __init__(self, *, liar: bool = False):
        self.liar = liar
        self.queries: Counter = Counter()
        self.lock = threading.Lock()

    def resolve(self, request, handler):
        name = str(request.q.qname).rstrip(".").lower()
        qtype = QTYPE[request.q.qtype]
        with self.lock:
            self.queries[(name, qtype)] += 1
        reply = request.reply()
        if self.liar:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        if name in SILENT:
            raise DNSError("dropped on purpose: the client must time out")
        if name in SERVFAIL:
            reply.header.rcode = RCODE.SERVFAIL
            return reply
        if name not in ZONE:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        for rtype, rdata in ZONE[name]:
            if rtype == qtype:
                reply.add_answer(RR(name, QTYPE.reverse[rtype], rdata=rdata, ttl=60))
        return reply


class QuietLogger(DNSLogger):
    def __init__(self):
        super().__init__(log="-recv,-send,-request,-reply,-truncated,-error,-data")


def _serve(resolver: ZoneResolver):
    server = DNSServer(resolver, address="127.0.0.1", port=0, logger=QuietLogger())
    server.start_thread()
    return server, server.server.server_address[1]


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    PROCESS_CACHE.clear()
    yield
    PROCESS_CACHE.clear()


@pytest.fixture
def dns_zone():
    """A resolver answering from ZONE; yields (resolver, "127.0.0.1:port")."""
    resolver = ZoneResolver()
    server, port = _serve(resolver)
    yield resolver, f"127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def lying_dns():
    """A resolver that answers NXDOMAIN for every name, like this machine's."""
    resolver = ZoneResolver(liar=True)
    server, port = _serve(resolver)
    yield resolver, f"127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def dns_settings(settings, dns_zone):
    settings.EMAIL_DNS_CHECKS = True
    settings.EMAIL_DNS_NAMESERVERS = [dns_zone[1]]
    settings.EMAIL_DNS_CANARIES = ["canary.com"]
    settings.EMAIL_DNS_TIMEOUT = 0.5
    settings.EMAIL_SMTP_PROBE = False
    return dns_zone[0]


class ProbeHandler:
    """good.com: only alice exists; catchall.com: accepts all; grey.com: 451; blocked.com: 554 5.7.1."""

    def __init__(self):
        self.commands: list[tuple[str, str]] = []
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        self.commands.append(("EHLO", hostname))
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.commands.append(("MAIL", address))
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.commands.append(("RCPT", address))
        domain = address.rpartition("@")[2].lower()
        if domain == "catchall.com":
            return "250 OK"
        if domain == "grey.com":
            return "451 4.7.1 Greylisted, please try again later"
        if domain == "blocked.com":
            return "554 5.7.1 Service unavailable; client host blocked"
        if address.lower() == "alice@good.com" or address.lower() == "alice@aonly.com":
            return "250 OK"
        return "550 5.1.1 No such user here"

    async def handle_DATA(self, server, session, envelope):
        self.commands.append(("DATA", ""))
        return "250 accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = ProbeHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def smtp_settings(settings, dns_settings, smtp_server):
    handler, port = smtp_server
    settings.EMAIL_SMTP_PROBE = True
    settings.EMAIL_SMTP_PORT = port
    settings.EMAIL_SMTP_HELO_NAME = "probe.leadsite.test"
    settings.EMAIL_SMTP_MAIL_FROM = "verify@leadsite.test"
    settings.EMAIL_SMTP_CONNECT_TIMEOUT = 2.0
    settings.EMAIL_SMTP_COMMAND_TIMEOUT = 2.0
    settings.EMAIL_SMTP_DOMAIN_RATE = 100
    return handler
