"""The client's address as one setting decides: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address
the outermost trusted proxy appended to X-Forwarded-For (what a client writes there itself is never trusted)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")
