"""Stripe's webhook signature scheme, checked by us.

Header `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`; the signed payload is `"<t>." + body`,
HMAC-SHA256 with the endpoint secret. Unlike stripe-python we reject timestamps too far in the future
as well as too old (replays), and compare in constant time."""

import hashlib
import hmac
import time


class SignatureError(Exception):
    pass


def signature_header_build(*, payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """What Stripe sends; used by the tests and by local tooling that replays events."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_verify(*, payload: bytes, header: str, secret: str, tolerance: int, now: float | None = None) -> int:
    """Return the signed timestamp, or raise SignatureError."""
    if not secret:
        raise SignatureError("webhook signing secret is not configured")
    timestamp, signatures = None, []
    for part in (header or "").split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            timestamp = value
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not timestamp.isdigit() or not signatures:
        raise SignatureError("malformed Stripe-Signature header")
    signed_at = int(timestamp)
    now = time.time() if now is None else now
    if abs(now - signed_at) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    # compare against every v1 without stopping at the first match
    matched = False
    for candidate in signatures:
        matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise SignatureError("no matching v1 signature")
    return signed_at
