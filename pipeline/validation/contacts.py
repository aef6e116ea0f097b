"""Validate contacts (email + phone) and decide their statuses from the evidence of each check.

Used by the validate phase (a chunk of leads at a time, DNS and SMTP once per domain per file) and
by POST /api/validate (one contact). Statuses never claim more than the checks showed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings

from leadsite.core.text.mailboxes import local_is_role

from .carrier import CarrierInfo, CarrierLookup, CarrierLookupError, carrier_lookup_from_settings
from .dns_checks import DnsChecker, DnsOutcome, DomainCheck, ResolverConfig
from .email_flags import domain_is_disposable, domain_is_free, domain_typo_suggestion
from .email_syntax import EmailSyntax, email_syntax_check
from .phones import phone_check, phone_region
from .smtp_probe import RcptOutcome, RcptResult, SmtpConfig, SmtpProber
from .statuses import EmailStatus, PhoneStatus

DNS_STATUS = {
    DnsOutcome.NXDOMAIN: EmailStatus.INVALID_DOMAIN,
    DnsOutcome.NULL_MX: EmailStatus.UNDELIVERABLE,
    DnsOutcome.NO_MAIL_HOST: EmailStatus.UNDELIVERABLE,
    DnsOutcome.TIMEOUT: EmailStatus.UNKNOWN,
    DnsOutcome.SERVFAIL: EmailStatus.UNKNOWN,
    DnsOutcome.ERROR: EmailStatus.UNKNOWN,
    DnsOutcome.RESOLVER_UNAVAILABLE: EmailStatus.UNKNOWN,
}
MAIL_HOST_OUTCOMES = frozenset({DnsOutcome.MX, DnsOutcome.A_FALLBACK})
CARRIER_CHECKED = frozenset({PhoneStatus.MOBILE, PhoneStatus.FIXED_LINE_OR_MOBILE})
CARRIER_LINE_STATUS = {
    "landline": PhoneStatus.LANDLINE,
    "voip": PhoneStatus.VOIP,
    "toll_free": PhoneStatus.TOLL_FREE,
    "other": PhoneStatus.OTHER,
}


@dataclass(frozen=True, slots=True)
class ContactInput:
    email: str = ""
    phone: str = ""
    country: str = ""  # ISO2 of the lead, first choice for the phone region
    domain: str = ""  # company's registrable domain, its ccTLD is the second choice
    email_as_read: str = ""  # the values as the file had them, for the evidence (default: email / phone)
    phone_as_read: str = ""


@dataclass(slots=True)
class ContactResult:
    email: str
    email_status: EmailStatus
    phone: str
    phone_status: PhoneStatus
    evidence: dict
    findings: list[tuple[str, str]] = field(default_factory=list)  # (code, message) of negative findings


def email_status_from_probe(result: RcptResult | None, catch_all: bool | None) -> EmailStatus:
    if result is None or result.outcome in (RcptOutcome.TEMPFAIL, RcptOutcome.BLOCKED, RcptOutcome.ERROR):
        return EmailStatus.UNKNOWN
    if result.outcome == RcptOutcome.RATE_LIMITED:
        return EmailStatus.DELIVERABLE_UNVERIFIED
    if result.outcome == RcptOutcome.REJECTED:
        return EmailStatus.UNDELIVERABLE
    if catch_all is True:
        return EmailStatus.ACCEPT_ALL
    if catch_all is False:
        return EmailStatus.VERIFIED_DELIVERABLE
    return EmailStatus.DELIVERABLE_UNVERIFIED


def phone_status_with_carrier(status: PhoneStatus, info: CarrierInfo) -> PhoneStatus:
    if info.valid is False or info.active is False:
        return PhoneStatus.INVALID
    if info.line_type == "mobile":
        return PhoneStatus.MOBILE_ACTIVE if info.active is True else PhoneStatus.MOBILE
    return CARRIER_LINE_STATUS.get(info.line_type, status)


class ContactValidator:
    """Holds the resolver, prober and carrier adapter for one run; `cache` is the per-file cache."""

    def __init__(self, *, default_country: str, dns: DnsChecker | None = None, smtp: SmtpProber | None = None,
                 carrier: CarrierLookup | None = None, cache: dict | None = None, counters: Counter | None = None):
        self.default_country = default_country
        self.dns = dns
        self.smtp = smtp
        self.carrier = carrier
        self.cache = {} if cache is None else cache
        self.counters = Counter() if counters is None else counters
        if dns is not None:
            dns.counters = self.counters

    @classmethod
    def from_settings(cls, *, default_country: str, cache: dict | None = None,
                      counters: Counter | None = None) -> ContactValidator:
        dns = DnsChecker(ResolverConfig.from_settings()) if settings.EMAIL_DNS_CHECKS else None
        smtp = SmtpProber(SmtpConfig.from_settings(), dns.host_addresses) if dns and settings.EMAIL_SMTP_PROBE else None
        return cls(default_country=default_country, dns=dns, smtp=smtp, carrier=carrier_lookup_from_settings(),
                   cache=cache, counters=counters)

    def validate(self, contacts: Sequence[ContactInput]) -> list[ContactResult]:
        syntaxes = [email_syntax_check(c.email) if c.email and c.email.strip() else None for c in contacts]
        checkable = [s for s in syntaxes if s is not None and s.ok and not domain_is_disposable(s.domain)]
        dns_results: dict[str, DomainCheck] = {}
        if self.dns is not None and checkable:
            dns_results = self.dns.domains_check((s.domain for s in checkable), file_cache=self.cache)
        if self.smtp is not None:
            self._probe(checkable, dns_results)
        return [self._contact(c, s, dns_results) for c, s in zip(contacts, syntaxes, strict=True)]

    def _probe(self, syntaxes: list[EmailSyntax], dns_results: dict[str, DomainCheck]) -> None:
        """Probe the not yet probed addresses, one session per domain; results go to the file cache."""
        by_domain: dict[str, dict[str, None]] = {}
        for s in syntaxes:
            check = dns_results.get(s.domain)
            if check is not None and check.outcome in MAIL_HOST_OUTCOMES and s.ascii_email:
                if ("smtp", s.ascii_email) not in self.cache:
                    by_domain.setdefault(s.domain, {})[s.ascii_email] = None
        if by_domain:
            assert self.smtp is not None
            smtp = self.smtp
            workers = min(smtp.config.max_connections, len(by_domain))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="smtp") as pool:
                done = pool.map(
                    lambda item: smtp.probe_domain(item[0], dns_results[item[0]].mail_hosts, list(item[1])),
                    by_domain.items(),
                )
                for domain, probe in zip(by_domain, done, strict=True):
                    self.counters["smtp_domains_probed"] += 1
                    known = self.cache.get(("smtp_catch_all", domain))
                    self.cache[("smtp_catch_all", domain)] = known if known is not None else probe.catch_all
                    for address, result in probe.results.items():
                        self.cache[("smtp", address)] = (result, probe.host)

    def _email(self, syntax: EmailSyntax | None, dns_results: dict[str, DomainCheck],
               findings: list[tuple[str, str]]) -> tuple[str, EmailStatus, dict]:
        if syntax is None:
            return "", EmailStatus.MISSING, {"status": EmailStatus.MISSING.value}
        checks: list[dict] = []
        evidence: dict = {"checks": checks}
        if not syntax.ok:
            checks.append({"check": "syntax", "result": "invalid", "detail": syntax.error})
            findings.append(("email_invalid_syntax", f"Email is not valid: {syntax.error}"))
            return syntax.normalized[:320], EmailStatus.INVALID_SYNTAX, evidence
        checks.append({"check": "syntax", "result": "valid"})
        disposable = domain_is_disposable(syntax.domain)
        evidence["flags"] = {
            "disposable": disposable,
            "role": local_is_role(syntax.local_part),
            "free": domain_is_free(syntax.domain),
        }
        if (provider := domain_typo_suggestion(syntax.domain)) is not None:
            evidence["suggestion"] = f"{syntax.local_part}@{provider}"
            findings.append(("email_typo", f"Domain looks like a typo of {provider}; not changed."))
        status = self._email_deliverability(syntax, disposable, dns_results, checks)
        if status == EmailStatus.DISPOSABLE:
            findings.append(("email_disposable", f"{syntax.domain} is a disposable email domain."))
        elif status == EmailStatus.INVALID_DOMAIN:
            findings.append(("email_invalid_domain", f"{syntax.domain} does not exist (NXDOMAIN)."))
        elif status == EmailStatus.UNDELIVERABLE:
            why = checks[-1].get("detail") or checks[-1]["result"]
            findings.append(("email_undeliverable", f"Mail to this address cannot be delivered: {why}."))
        return syntax.normalized, status, evidence

    def _email_deliverability(self, syntax: EmailSyntax, disposable: bool, dns_results: dict[str, DomainCheck],
                              checks: list[dict]) -> EmailStatus:
        if disposable:
            checks.append({"check": "disposable_list", "result": "listed"})
            return EmailStatus.DISPOSABLE
        if self.dns is None:
            checks.append({"check": "dns", "result": "skipped", "detail": "EMAIL_DNS_CHECKS is off"})
            return EmailStatus.UNKNOWN
        domain_check = dns_results[syntax.domain]
        checks.append(self._dns_evidence(syntax.domain, domain_check))
        if domain_check.outcome not in MAIL_HOST_OUTCOMES:
            return DNS_STATUS[domain_check.outcome]
        if self.smtp is None:
            checks.append({"check": "smtp", "result": "skipped", "detail": "EMAIL_SMTP_PROBE is off"})
            return EmailStatus.DELIVERABLE_UNVERIFIED
        if not syntax.ascii_email:
            checks.append({"check": "smtp", "result": "skipped", "detail": "address needs SMTPUTF8"})
            return EmailStatus.DELIVERABLE_UNVERIFIED
        result, host = self.cache.get(("smtp", syntax.ascii_email), (None, ""))
        catch_all = self.cache.get(("smtp_catch_all", syntax.domain))
        found = result.evidence() if result else {"result": "error"}
        probe_evidence = {"check": "smtp", **found, "catch_all": catch_all}
        if host:
            probe_evidence["host"] = host
        checks.append(probe_evidence)
        status = email_status_from_probe(result, catch_all)
        if result is not None and result.outcome == RcptOutcome.REJECTED:
            probe_evidence["detail"] = f"SMTP {result.code} for this address"
        return status

    def _dns_evidence(self, domain: str, check: DomainCheck) -> dict:
        key = ("dns_evidence", domain)
        evidence = self.cache.get(key)
        if evidence is None or evidence[0] is not check:
            evidence = self.cache[key] = (check, check.evidence())
        return dict(evidence[1])

    def _phone(self, contact: ContactInput, syntax: EmailSyntax | None,
               findings: list[tuple[str, str]]) -> tuple[str, PhoneStatus, dict]:
        raw = (contact.phone or "").strip()
        if not raw:
            return "", PhoneStatus.MISSING, {"status": PhoneStatus.MISSING.value}
        region, source = phone_region(
            country=contact.country, domain=contact.domain or (syntax.domain if syntax else ""),
            default_country=self.default_country,
        )
        check = phone_check(raw, region)
        status = check.status
        evidence: dict = {"region_hint": region, "region_source": source, "checks": [check.evidence()]}
        as_read = contact.phone_as_read or raw
        if check.e164 and check.e164 != as_read:
            evidence["input"] = as_read
        if status == PhoneStatus.INVALID:
            findings.append(("phone_invalid", f"Phone is not a valid number ({check.error or 'invalid'})."))
            return raw[:64], status, evidence
        if self.carrier is not None and status in CARRIER_CHECKED:
            status = self._carrier(check.e164, status, evidence)
        return check.e164, status, evidence

    def _carrier(self, e164: str, status: PhoneStatus, evidence: dict) -> PhoneStatus:
        assert self.carrier is not None
        key = ("carrier", e164)
        info = self.cache.get(key)
        if info is None:
            try:
                info = self.carrier.lookup(e164)
                self.counters["carrier_lookups"] += 1
            except CarrierLookupError as exc:
                info = str(exc)
                self.counters["carrier_errors"] += 1
            self.cache[key] = info
        if isinstance(info, str):
            evidence["checks"].append(
                {"check": "carrier", "source": self.carrier.name, "result": "error", "detail": info}
            )
            return status
        evidence["checks"].append(info.evidence())
        return phone_status_with_carrier(status, info)

    def _contact(self, contact: ContactInput, syntax: EmailSyntax | None,
                 dns_results: dict[str, DomainCheck]) -> ContactResult:
        findings: list[tuple[str, str]] = []
        email, email_status, email_evidence = self._email(syntax, dns_results, findings)
        email_evidence["status"] = email_status.value
        as_read = contact.email_as_read or contact.email
        if syntax is not None and email != as_read:
            email_evidence["input"] = as_read
        phone, phone_status, phone_evidence = self._phone(contact, syntax, findings)
        phone_evidence["status"] = phone_status.value
        self.counters[f"email_{email_status.value}"] += 1
        self.counters[f"phone_{phone_status.value}"] += 1
        return ContactResult(email, email_status, phone, phone_status,
                             {"email": email_evidence, "phone": phone_evidence}, findings)
