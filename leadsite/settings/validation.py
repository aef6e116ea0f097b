"""Email and phone validation settings (docs/validation.md); every value from the environment."""

from .environment import env


def _flag(name: str, default: str) -> bool:
    return env.str(name, default=default).strip().lower() in ("on", "true", "1", "yes")


# DNS: MX / A fallback / null MX, trusted only after a canary name resolves.
EMAIL_DNS_CHECKS = _flag("EMAIL_DNS_CHECKS", "on")
# Quoted local parts ("john doe"@example.com) are valid RFC 5322 but almost never real mailboxes; off like
# email-validator's default.
EMAIL_ALLOW_QUOTED_LOCAL = _flag("EMAIL_ALLOW_QUOTED_LOCAL", "off")
EMAIL_DNS_NAMESERVERS = env.list("EMAIL_DNS_NAMESERVERS", default=[])  # "ip" or "ip:port"; empty = system resolver
EMAIL_DNS_TIMEOUT = env.float("EMAIL_DNS_TIMEOUT", default=2.0)
EMAIL_DNS_CANARIES = env.list("EMAIL_DNS_CANARIES", default=["gmail.com", "outlook.com", "yahoo.com"])
EMAIL_DNS_CACHE_TTL = env.int("EMAIL_DNS_CACHE_TTL", default=3600)
EMAIL_DNS_CONCURRENCY = env.int("EMAIL_DNS_CONCURRENCY", default=16)

# SMTP RCPT probe: never sends DATA; off by default (port 25 is blocked on most hosts).
EMAIL_SMTP_PROBE = _flag("EMAIL_SMTP_PROBE", "off")
EMAIL_SMTP_HELO_NAME = env.str("EMAIL_SMTP_HELO_NAME", default="localhost")
EMAIL_SMTP_MAIL_FROM = env.str("EMAIL_SMTP_MAIL_FROM", default="verify@localhost")
EMAIL_SMTP_PORT = env.int("EMAIL_SMTP_PORT", default=25)
EMAIL_SMTP_CONNECT_TIMEOUT = env.float("EMAIL_SMTP_CONNECT_TIMEOUT", default=10.0)
EMAIL_SMTP_COMMAND_TIMEOUT = env.float("EMAIL_SMTP_COMMAND_TIMEOUT", default=10.0)
EMAIL_SMTP_DOMAIN_RATE = env.int("EMAIL_SMTP_DOMAIN_RATE", default=6)  # connections per domain per minute
EMAIL_SMTP_MAX_CONNECTIONS = env.int("EMAIL_SMTP_MAX_CONNECTIONS", default=8)
EMAIL_SMTP_RCPT_PER_CONNECTION = env.int("EMAIL_SMTP_RCPT_PER_CONNECTION", default=20)

# Phone carrier lookup: "" (none) or "twilio" (Lookup v2, line type + line status).
PHONE_CARRIER_LOOKUP = env.str("PHONE_CARRIER_LOOKUP", default="")
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_LOOKUP_URL = env.str("TWILIO_LOOKUP_URL", default="https://lookups.twilio.com")
TWILIO_LOOKUP_TIMEOUT = env.float("TWILIO_LOOKUP_TIMEOUT", default=5.0)
