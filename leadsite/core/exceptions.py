"""One application error and one JSON error shape: {"code", "message", "details"}."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A business-rule failure with an HTTP status, a stable code and optional details."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str, *, code: str = "invalid", status_code: int | None = None, details: Any = None,
                 retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        if status_code is not None:
            self.status_code = status_code
        self.details = details or {}
        self.retry_after = retry_after  # seconds, sent as a Retry-After header


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            inner = _first_message(value)
            return inner if key == "non_field_errors" else f"{key}: {inner}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
        return Response({"code": exc.code, "message": exc.message, "details": exc.details}, status=exc.status_code,
                        headers=headers)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": _first_message(detail), "details": detail}
    elif isinstance(exc, exceptions.Throttled):
        body = {"code": "throttled", "message": _first_message(detail), "details": {"retry_after_seconds": exc.wait}}
    else:
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, exceptions.APIException) and hasattr(exc.detail, "code"):
            code = exc.detail.code or code
        body = {"code": code, "message": _first_message(detail), "details": {}}
    response.data = body
    return response
