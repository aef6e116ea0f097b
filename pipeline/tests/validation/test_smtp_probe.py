import time

import pytest

from pipeline.validation.contacts import ContactInput, ContactValidator
from pipeline.validation.smtp_probe import DomainRateLimiter, RcptOutcome, SmtpConfig, SmtpProber, rcpt_classify
from pipeline.validation.statuses import EmailStatus

pytestmark = pytest.mark.django_db


def _validate(*emails: str) -> list:
    validator = ContactValidator.from_settings(default_country="US")
    return validator.validate([ContactInput(email=e) for e in emails])


def _smtp_check(result) -> dict:
    return next(c for c in result.evidence["email"]["checks"] if c["check"] == "smtp")


def test_accepted_address_on_a_domain_that_rejects_strangers_is_verified(smtp_settings):
    result = _validate("alice@good.com")[0]
    assert result.email_status == EmailStatus.VERIFIED_DELIVERABLE
    check = _smtp_check(result)
    assert check["result"] == "accepted"
    assert check["code"] == 250
    assert check["catch_all"] is False
    assert check["host"] == "mx1.good.com"  # lowest MX preference first


def test_rejected_address_is_undeliverable(smtp_settings):
    result = _validate("bob@good.com")[0]
    assert result.email_status == EmailStatus.UNDELIVERABLE
    assert _smtp_check(result)["code"] == 550
    finding = ("email_undeliverable", "Mail to this address cannot be delivered: SMTP 550 for this address.")
    assert finding in result.findings


def test_catch_all_domain_gives_accept_all(smtp_settings):
    result = _validate("anyone@catchall.com")[0]
    assert result.email_status == EmailStatus.ACCEPT_ALL
    assert _smtp_check(result)["catch_all"] is True


def test_greylisting_is_unknown_not_undeliverable(smtp_settings):
    result = _validate("carol@grey.com")[0]
    assert result.email_status == EmailStatus.UNKNOWN
    check = _smtp_check(result)
    assert check["result"] == "tempfail"
    assert check["code"] == 451


def test_policy_block_is_unknown(smtp_settings):
    result = _validate("dave@blocked.com")[0]
    assert result.email_status == EmailStatus.UNKNOWN
    assert _smtp_check(result)["result"] == "blocked"


def test_a_fallback_domain_is_probed_on_the_domain_itself(smtp_settings):
    assert _validate("alice@aonly.com")[0].email_status == EmailStatus.VERIFIED_DELIVERABLE


def test_unreachable_mail_host_is_unknown(smtp_settings):
    result = _validate("erin@deadmx.com")[0]
    assert result.email_status == EmailStatus.UNKNOWN
    assert _smtp_check(result)["result"] == "error"


def test_one_session_per_domain_random_address_first_and_never_data(smtp_settings):
    handler = smtp_settings
    results = _validate("alice@good.com", "bob@good.com", "alice@good.com", "x@catchall.com")
    assert [r.email_status for r in results] == [
        EmailStatus.VERIFIED_DELIVERABLE, EmailStatus.UNDELIVERABLE, EmailStatus.VERIFIED_DELIVERABLE,
        EmailStatus.ACCEPT_ALL,
    ]
    assert handler.sessions == 2
    assert ("EHLO", "probe.leadsite.test") in handler.commands
    assert ("MAIL", "verify@leadsite.test") in handler.commands
    good_rcpts = [a for c, a in handler.commands if c == "RCPT" and a.endswith("@good.com")]
    assert good_rcpts[1:] == ["alice@good.com", "bob@good.com"]  # after the random catch-all address
    assert good_rcpts[0] not in ("alice@good.com", "bob@good.com")
    assert not any(c == "DATA" for c, _ in handler.commands)


def test_probe_results_are_cached_for_the_file(smtp_settings):
    handler = smtp_settings
    validator = ContactValidator.from_settings(default_country="US")
    validator.validate([ContactInput(email="alice@good.com")])
    validator.validate([ContactInput(email="alice@good.com")])
    assert handler.sessions == 1


def test_rate_limit_leaves_extra_connections_unprobed(smtp_settings, smtp_server, dns_zone):
    _, port = smtp_server
    config = SmtpConfig(port=port, domain_rate=1, rcpt_per_connection=1, command_timeout=0.2, connect_timeout=1)
    prober = SmtpProber(config, addresses_of=lambda host: ["127.0.0.1"])
    prober.limiter = DomainRateLimiter(per_minute=1)
    probe = prober.probe_domain("good.com", ("mx1.good.com",), ["alice@good.com", "bob@good.com"])
    assert probe.results["alice@good.com"].outcome == RcptOutcome.ACCEPTED
    assert probe.results["bob@good.com"].outcome == RcptOutcome.RATE_LIMITED
    assert smtp_settings.sessions == 1


def test_rate_limiter_waits_for_a_free_slot():
    limiter = DomainRateLimiter(per_minute=1, window=0.3)
    assert limiter.acquire("a.com", max_wait=0)
    assert not limiter.acquire("a.com", max_wait=0)
    assert limiter.acquire("b.com", max_wait=0)
    started = time.monotonic()
    assert limiter.acquire("a.com", max_wait=1)
    assert 0.1 < time.monotonic() - started < 0.6


@pytest.mark.parametrize(
    ("code", "message", "outcome"),
    [
        (250, "OK", RcptOutcome.ACCEPTED),
        (251, "User not local; will forward", RcptOutcome.ACCEPTED),
        (450, "4.2.1 Mailbox busy", RcptOutcome.TEMPFAIL),
        (451, "4.7.1 Greylisted", RcptOutcome.TEMPFAIL),
        (550, "5.1.1 User unknown", RcptOutcome.REJECTED),
        (550, "No such user", RcptOutcome.REJECTED),
        (553, "Mailbox name not allowed", RcptOutcome.REJECTED),
        (550, "5.7.1 Client host rejected: listed at Spamhaus", RcptOutcome.BLOCKED),
        (554, "Transaction failed", RcptOutcome.BLOCKED),
    ],
)
def test_rcpt_classify(code, message, outcome):
    assert rcpt_classify(code, message) == outcome
