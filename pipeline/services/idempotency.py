"""Idempotency keys: the first answer to a POST made with a key is kept and replayed for the same key.

The key is claimed by inserting its row (unique per organisation, endpoint and key) before any work, so of
concurrent requests with one key exactly one does the work; the others wait for its answer. A key reused with
another request body is refused (422). Server-side failures (5xx) are not kept: the client may try again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from leadsite.core.exceptions import ApplicationError
from leadsite.core.models import Organization
from pipeline.models import IdempotentRequest

MAX_KEY_LENGTH = 255
WAIT_SECONDS = 30.0  # how long a repeated request waits for the first one's answer


def _claim(*, organization: Organization, endpoint: str, key: str, fingerprint: str) -> IdempotentRequest | None:
    """Claim the key (None: claimed now, by this request) or return the earlier request's record."""
    expired = timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL_SECONDS)
    try:
        with transaction.atomic():
            IdempotentRequest.objects.filter(
                organization=organization, endpoint=endpoint, key=key, created_at__lt=expired
            ).delete()
            IdempotentRequest.objects.create(organization=organization, endpoint=endpoint, key=key,
                                             request_hash=fingerprint)
            return None
    except IntegrityError:
        return IdempotentRequest.objects.filter(organization=organization, endpoint=endpoint, key=key).first()


def _earlier_answer(record: IdempotentRequest, *, fingerprint: str) -> tuple[int, Any]:
    if record.request_hash != fingerprint:
        raise ApplicationError(
            "This Idempotency-Key was used with a different request; use a new key for a new request.",
            code="idempotency_key_reused", status_code=422, details={"key": record.key},
        )
    deadline = time.monotonic() + WAIT_SECONDS
    while record.status_code is None:
        if time.monotonic() >= deadline:
            raise ApplicationError("A request with this Idempotency-Key is still running.",
                                   code="request_in_progress", status_code=409, retry_after=1)
        time.sleep(0.1)
        record.refresh_from_db()
    return record.status_code, record.response


def idempotent_call(
    *, organization: Organization, endpoint: str, key: str | None, fingerprint: Callable[[], str],
    call: Callable[[], tuple[int, Any]],
) -> tuple[int, Any, bool]:
    """Run `call` (returning status and JSON body) once per key; returns (status, body, replayed).
    `fingerprint` digests the request; it is computed only when a key is given (an upload is read for it)."""
    if key is None:
        return (*call(), False)
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ApplicationError(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters.",
                               code="invalid", details={"header": "Idempotency-Key"})
    digest = fingerprint()
    earlier = _claim(organization=organization, endpoint=endpoint, key=key, fingerprint=digest)
    if earlier is not None:
        return (*_earlier_answer(earlier, fingerprint=digest), True)
    mine = IdempotentRequest.objects.filter(organization=organization, endpoint=endpoint, key=key)
    try:
        status, body = call()
    except ApplicationError as exc:
        if exc.status_code >= 500:
            mine.delete()
        else:  # the same request would fail the same way: keep the answer
            mine.update(status_code=exc.status_code,
                        response={"code": exc.code, "message": exc.message, "details": exc.details})
        raise
    except BaseException:
        mine.delete()
        raise
    mine.update(status_code=status, response=body)
    return status, body, False
