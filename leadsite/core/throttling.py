"""API rate limits: per client address for anonymous calls, per user for authenticated ones, and per client
address for failed token authentications. Rates come from settings.API_THROTTLE_RATES at each request."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from .client_ip import client_ip


class _ConfiguredRate:
    scope: str

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request) -> str:
        return client_ip(request)


class AnonThrottle(_ConfiguredRate, AnonRateThrottle):
    pass


class UserThrottle(_ConfiguredRate, UserRateThrottle):
    pass


class TokenFailureThrottle(_ConfiguredRate, SimpleRateThrottle):
    """Counts only failed token authentications; a client over the limit is refused before any lookup."""

    scope = "token_failure"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request) -> None:
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        self.history = [moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration]

    def wait_if_blocked(self, request) -> float | None:
        """Seconds until the client may try again, or None when it is under the limit."""
        if self.rate is None:
            return None
        self._load(request)
        return self.wait() if len(self.history) >= self.num_requests else None

    def failure_record(self, request) -> None:
        if self.rate is None:
            return
        self._load(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
