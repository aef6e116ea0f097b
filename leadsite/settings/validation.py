"""Email and phone validation settings (issue: validation)."""

import environ

env = environ.Env()

EMAIL_DNS_CHECKS = env.str("EMAIL_DNS_CHECKS", default="on") == "on"
EMAIL_SMTP_PROBE = env.str("EMAIL_SMTP_PROBE", default="off") == "on"
