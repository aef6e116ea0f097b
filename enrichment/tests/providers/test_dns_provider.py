import pytest
from dnslib import MX, QTYPE, RCODE, RR, TXT
from dnslib.server import BaseResolver, DNSServer

from enrichment.providers.base import CompanyQuery
from enrichment.providers.dns.client import DnsClient
from enrichment.providers.dns.provider import DnsTechnologyProvider

ZONE = {
    "acme-cloud.test": {
        "MX": ["aspmx.l.google.com", "alt1.aspmx.l.google.com"],
        "TXT": [
            "v=spf1 include:_spf.google.com include:_spf.salesforce.com include:mail.zendesk.com ~all",
            "hubspot-developer-verification=OTQ2NDk2ZjEtZDU3Yi00",
            "atlassian-domain-verification=Z8oUd5brL6/RGUMCkxs4U0P/RyhpiNJEIVx9HXJLr3uqEQ1eDmTnj1eq1ObCgY1i",
        ],
    },
    "contoso.test": {"MX": ["contoso-test.mail.protection.outlook.com"], "TXT": ["MS=ms12345678"]},
    "bare.test": {"MX": [], "TXT": []},
}


class ZoneResolver(BaseResolver):
    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".")
        records = ZONE.get(name)
        if records is None:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        if request.q.qtype == QTYPE.MX:
            for i, host in enumerate(records["MX"]):
                reply.add_answer(RR(name, QTYPE.MX, rdata=MX(host, (i + 1) * 10), ttl=60))
        elif request.q.qtype == QTYPE.TXT:
            for text in records["TXT"]:
                reply.add_answer(RR(name, QTYPE.TXT, rdata=TXT(text), ttl=60))
        return reply


@pytest.fixture(scope="module")
def nameserver():
    server = DNSServer(ZoneResolver(), port=0, address="127.0.0.1")
    server.start_thread()
    port = server.server.server_address[1]
    yield f"127.0.0.1:{port}"
    server.stop()


def provider_for(nameserver, mode="auto"):
    return DnsTechnologyProvider(client=DnsClient(nameservers=[nameserver], timeout=2), mode=mode)


def test_detects_mail_suite_spf_senders_and_verifications(nameserver):
    profile = provider_for(nameserver).company_lookup(CompanyQuery(domain="acme-cloud.test")).profile
    assert profile.technologies == ["Google Workspace", "Salesforce", "Zendesk", "HubSpot", "Atlassian"]


def test_detects_microsoft_365(nameserver):
    profile = provider_for(nameserver).company_lookup(CompanyQuery(domain="contoso.test")).profile
    assert profile.technologies == ["Microsoft 365"]


def test_nxdomain_and_empty_records_claim_nothing(nameserver):
    provider = provider_for(nameserver)
    assert provider.company_lookup(CompanyQuery(domain="missing.test")).profile is None
    assert provider.company_lookup(CompanyQuery(domain="bare.test")).profile is None


def test_auto_mode_is_off_without_nameservers(settings):
    settings.ENRICHMENT_DNS_NAMESERVERS = []
    assert DnsTechnologyProvider(mode="auto").is_configured() is False
    assert DnsTechnologyProvider(mode="off").is_configured() is False


def test_on_mode_refuses_a_resolver_that_fails_the_canary(nameserver, settings):
    settings.ENRICHMENT_DNS_CANARY = "canary-missing.test"
    assert provider_for(nameserver, mode="on").is_configured() is False
    settings.ENRICHMENT_DNS_CANARY = "contoso.test"
    assert provider_for(nameserver, mode="on").is_configured() is True
