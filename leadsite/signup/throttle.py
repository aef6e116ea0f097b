"""A cap on the emails one client can make us send (sign-up links, password resets) per hour."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def mail_request_allowed(*, kind: str, client: str) -> bool:
    """Count one request of `kind` from `client` (an IP address); False once the hourly cap is reached."""
    key = f"mail-throttle:{kind}:{client}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= settings.SIGNUP_MAIL_PER_HOUR
