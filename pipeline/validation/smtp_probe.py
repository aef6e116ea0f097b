"""SMTP RCPT probe: asks a domain's mail host whether it would accept an address, never sends a message.

One session per domain (EHLO, MAIL FROM, RCPT for a random address to detect catch-all, RCPT for each
address, RSET, QUIT), bounded by a process-wide connection limit and a per-domain rate limit.
4xx answers (greylisting, rate limiting) and connection failures are inconclusive, never a rejection;
so are 5xx policy refusals (enhanced code 5.7.x: our IP is blocked, not the address unknown).
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import smtplib
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings


class RcptOutcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # 5xx about the mailbox: the address does not exist
    TEMPFAIL = "tempfail"  # 4xx: greylisting, rate limit, temporary problems
    BLOCKED = "blocked"  # 5xx policy refusal, or MAIL FROM refused: says nothing about the address
    ERROR = "error"  # could not connect / talk to any mail host
    RATE_LIMITED = "rate_limited"  # our own per-domain limit: not probed


INCONCLUSIVE = frozenset({RcptOutcome.TEMPFAIL, RcptOutcome.BLOCKED, RcptOutcome.ERROR, RcptOutcome.RATE_LIMITED})


@dataclass(frozen=True, slots=True)
class RcptResult:
    outcome: RcptOutcome
    code: int = 0
    message: str = ""

    def evidence(self) -> dict:
        data: dict = {"result": str(self.outcome)}
        if self.code:
            data["code"] = self.code
        if self.message:
            data["message"] = self.message[:160]
        return data


@dataclass
class DomainProbe:
    host: str = ""
    catch_all: bool | None = None  # None: the random address got no conclusive answer
    results: dict[str, RcptResult] = field(default_factory=dict)


@dataclass(frozen=True)
class SmtpConfig:
    helo_name: str = "localhost"
    mail_from: str = "verify@localhost"
    port: int = 25
    connect_timeout: float = 10.0
    command_timeout: float = 10.0
    domain_rate: int = 6  # connections per domain per minute
    max_connections: int = 8
    rcpt_per_connection: int = 20

    @classmethod
    def from_settings(cls) -> SmtpConfig:
        return cls(
            helo_name=settings.EMAIL_SMTP_HELO_NAME,
            mail_from=settings.EMAIL_SMTP_MAIL_FROM,
            port=int(settings.EMAIL_SMTP_PORT),
            connect_timeout=float(settings.EMAIL_SMTP_CONNECT_TIMEOUT),
            command_timeout=float(settings.EMAIL_SMTP_COMMAND_TIMEOUT),
            domain_rate=max(1, int(settings.EMAIL_SMTP_DOMAIN_RATE)),
            max_connections=max(1, int(settings.EMAIL_SMTP_MAX_CONNECTIONS)),
            rcpt_per_connection=max(1, int(settings.EMAIL_SMTP_RCPT_PER_CONNECTION)),
        )


class DomainRateLimiter:
    """At most `per_minute` connections to one domain in any 60 s window (per process)."""

    def __init__(self, per_minute: int, window: float = 60.0):
        self.per_minute = per_minute
        self.window = window
        self._stamps: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def acquire(self, domain: str, *, max_wait: float) -> bool:
        deadline = time.monotonic() + max_wait
        while True:
            with self._lock:
                now = time.monotonic()
                stamps = self._stamps[domain]
                while stamps and stamps[0] <= now - self.window:
                    stamps.popleft()
                if len(stamps) < self.per_minute:
                    stamps.append(now)
                    return True
                wait = stamps[0] + self.window - now
            if now + wait > deadline:
                return False
            time.sleep(wait)


_ENHANCED = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_MAILBOX_CODES = frozenset({550, 551, 553})


def rcpt_classify(code: int, message: str) -> RcptOutcome:
    if 200 <= code < 300:
        return RcptOutcome.ACCEPTED
    if 400 <= code < 500:
        return RcptOutcome.TEMPFAIL
    enhanced = _ENHANCED.search(message)
    if enhanced and enhanced.group(1) == "5" and enhanced.group(2) == "7":
        return RcptOutcome.BLOCKED
    if enhanced and enhanced.group(1) == "5" and enhanced.group(2) == "1":
        return RcptOutcome.REJECTED
    if code in _MAILBOX_CODES:
        return RcptOutcome.REJECTED
    return RcptOutcome.BLOCKED


_limits_lock = threading.Lock()
_connection_slots: dict[int, threading.BoundedSemaphore] = {}
_rate_limiters: dict[int, DomainRateLimiter] = {}


def _slots(max_connections: int) -> threading.BoundedSemaphore:
    with _limits_lock:
        return _connection_slots.setdefault(max_connections, threading.BoundedSemaphore(max_connections))


def _limiter(per_minute: int) -> DomainRateLimiter:
    with _limits_lock:
        return _rate_limiters.setdefault(per_minute, DomainRateLimiter(per_minute))


def _reply_text(message: bytes | str) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


class SmtpProber:
    """Probe addresses of one domain on its mail hosts; `addresses_of(host)` resolves host names."""

    def __init__(self, config: SmtpConfig, addresses_of: Callable[[str], list[str]]):
        self.config = config
        self.addresses_of = addresses_of
        self.slots = _slots(config.max_connections)
        self.limiter = _limiter(config.domain_rate)

    def _targets(self, mail_hosts: tuple[str, ...]) -> list[tuple[str, str]]:
        targets = []
        for host in mail_hosts[:3]:
            try:
                targets.append((host, str(ipaddress.ip_address(host))))
                continue
            except ValueError:
                pass
            targets.extend((host, ip) for ip in self.addresses_of(host)[:1])
        return targets

    def probe_domain(self, domain: str, mail_hosts: tuple[str, ...], addresses: list[str]) -> DomainProbe:
        probe = DomainProbe()
        targets = self._targets(mail_hosts)
        if not targets:
            return self._all(probe, addresses, RcptResult(RcptOutcome.ERROR, message="no address for any mail host"))
        last_error = RcptResult(RcptOutcome.ERROR, message="no mail host answered")
        for start in range(0, len(addresses), self.config.rcpt_per_connection):
            group = addresses[start : start + self.config.rcpt_per_connection]
            if not self.limiter.acquire(domain, max_wait=self.config.command_timeout):
                self._all(probe, group, RcptResult(RcptOutcome.RATE_LIMITED, message="per-domain rate limit reached"))
                continue
            for host, ip in targets:
                try:
                    with self.slots:
                        self._session(probe, domain, ip, group, check_catch_all=start == 0)
                    probe.host = host
                    break
                except (OSError, smtplib.SMTPException) as exc:
                    last_error = RcptResult(RcptOutcome.ERROR, message=f"{host}: {type(exc).__name__}: {exc}")
            else:
                self._all(probe, group, last_error)
        return probe

    @staticmethod
    def _all(probe: DomainProbe, addresses: list[str], result: RcptResult) -> DomainProbe:
        for address in addresses:
            probe.results.setdefault(address, result)
        return probe

    def _session(self, probe: DomainProbe, domain: str, ip: str, addresses: list[str], *, check_catch_all: bool):
        smtp = smtplib.SMTP(local_hostname=self.config.helo_name, timeout=self.config.connect_timeout)
        try:
            code, message = smtp.connect(ip, self.config.port)
            if code != 220:
                raise smtplib.SMTPConnectError(code, message)
            if smtp.sock is not None:
                smtp.sock.settimeout(self.config.command_timeout)
            code, message = smtp.ehlo()
            if not 200 <= code < 300:
                code, message = smtp.helo()
            code, message = smtp.mail(self.config.mail_from)
            if not 200 <= code < 300:
                outcome = RcptOutcome.TEMPFAIL if 400 <= code < 500 else RcptOutcome.BLOCKED
                self._all(probe, addresses, RcptResult(outcome, code, "MAIL FROM: " + _reply_text(message)))
                return
            if check_catch_all:
                random_address = f"{secrets.token_hex(10)}@{domain}"
                code, message = smtp.rcpt(random_address)
                verdict = rcpt_classify(code, _reply_text(message))
                probe.catch_all = {RcptOutcome.ACCEPTED: True, RcptOutcome.REJECTED: False}.get(verdict)
            for address in addresses:
                code, message = smtp.rcpt(address)
                text = _reply_text(message)
                probe.results[address] = RcptResult(rcpt_classify(code, text), code, text)
            smtp.rset()
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

