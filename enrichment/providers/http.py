"""HTTP transport shared by the vendor clients: timeouts, retry with backoff on 429/5xx, rate limit."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import requests
from django.conf import settings

from .base import ProviderError

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class RateLimiter:
    """Token bucket per provider and process: at most `rate` calls per second, bursts of `rate`."""

    def __init__(self, rate: float):
        self.rate = max(rate, 0.001)
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.updated = time.monotonic()
        self.lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping if needed; returns the seconds waited."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            wait = 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate
            self.tokens -= 1
        if wait:
            time.sleep(wait)
        return wait


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()
_process_share = 1.0


def rate_share_set(share: float) -> None:
    """This process's share of every vendor's rate: a pool of N workers working one batch (pipeline
    ingest) sets 1/N in each, so together they stay within the configured rate."""
    global _process_share
    _process_share = min(1.0, max(share, 0.001))


def rate_limiter_for(vendor: str, rate: float) -> RateLimiter:
    """One limiter per vendor per process, shared by every client instance."""
    rate = rate * _process_share
    with _limiters_lock:
        limiter = _limiters.get(vendor)
        if limiter is None or limiter.rate != max(rate, 0.001):
            limiter = _limiters[vendor] = RateLimiter(rate)
        return limiter


class HttpClient:
    """A requests session for one vendor. `request` returns the response of the last attempt.

    404 and other 4xx are returned to the caller (not found / bad input are answers, not failures);
    429 and 5xx are retried with exponential backoff, honouring Retry-After; network errors too.
    """

    def __init__(self, *, vendor: str, rate_per_second: float, headers: dict[str, str] | None = None):
        self.vendor = vendor
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": "Leadsite/1.0"})
        if headers:
            self.session.headers.update(headers)
        self.limiter = rate_limiter_for(vendor, rate_per_second)
        self.calls = 0

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        retries = settings.ENRICHMENT_HTTP_RETRIES
        backoff = settings.ENRICHMENT_HTTP_BACKOFF
        kwargs.setdefault("timeout", settings.ENRICHMENT_HTTP_TIMEOUT)
        last_error = ""
        for attempt in range(retries + 1):
            self.limiter.acquire()
            self.calls += 1
            try:
                response = self.session.request(method, url, **kwargs)
            except requests.RequestException as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                delay = backoff * (2**attempt)
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                last_error = f"HTTP {response.status_code}"
                delay = _retry_after(response) or backoff * (2**attempt)
            if attempt < retries:
                logger.info("%s: %s, retry %d in %.2fs", self.vendor, last_error, attempt + 1, delay)
                time.sleep(min(delay, 30.0))
        raise ProviderError(f"{self.vendor}: {last_error} after {retries + 1} attempts")

    def json(self, method: str, url: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
        response = self.request(method, url, **kwargs)
        if response.status_code >= 400 and response.status_code not in (404, 422):
            raise ProviderError(f"{self.vendor}: HTTP {response.status_code}: {response.text[:200]}")
        try:
            body = response.json() if response.content else {}
        except ValueError as exc:
            raise ProviderError(f"{self.vendor}: response is not JSON") from exc
        return response.status_code, body if isinstance(body, dict) else {"data": body}


def _retry_after(response: requests.Response) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return float(value)
    except ValueError:
        return 0.0
