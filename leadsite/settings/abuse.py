"""Limits against abuse: login lockout (django-axes) and API throttles (DRF); every number from the environment."""

from datetime import timedelta

from .environment import env

# Clients are told apart by REMOTE_ADDR, or behind this many reverse proxies by X-Forwarded-For
# (leadsite.core.client_ip); used by the login lockout and the API throttles alike.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Login pages (/login/ and /admin/login/): after LOGIN_FAILURE_LIMIT failures an account, and separately a client
# address, is locked out for LOGIN_LOCKOUT_MINUTES (429); a successful login resets the account's count.
AXES_ENABLED = env.bool("LOGIN_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "leadsite.core.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# API: requests per client address (anonymous) or per user, and failed token authentications per client
# address; "N/second|minute|hour|day", or empty for no limit.
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="120/minute") or None,
    "user": env.str("API_THROTTLE_USER", default="1200/minute") or None,
    "token_failure": env.str("API_THROTTLE_TOKEN_FAILURES", default="20/minute") or None,
}
