"""JSON error pages for API paths; the site's own HTML pages (templates/404.html, 500.html) for the rest."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views.defaults import bad_request as html_bad_request
from django.views.defaults import page_not_found, permission_denied, server_error

API_PREFIXES = ("/api/", "/v1/")


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "details": {}}, status=status)


def bad_request(request, exception=None):
    """Django's 400 for suspicious requests (DisallowedHost, too many fields) and bodies over its memory limit."""
    if isinstance(exception, RequestDataTooBig):
        if request.path.startswith(API_PREFIXES):
            return _error("request_too_large", "Request body too large.", 413)
        response = html_bad_request(request, exception)
        response.status_code = 413
        return response
    if request.path.startswith(API_PREFIXES):
        return _error("bad_request", "Bad request.", 400)
    return html_bad_request(request, exception)


def forbidden(request, exception=None):
    if request.path.startswith(API_PREFIXES):
        return _error("permission_denied", "You do not have permission to perform this action.", 403)
    return permission_denied(request, exception)


def not_found(request, exception=None):
    if request.path.startswith(API_PREFIXES):
        return _error("not_found", f"No endpoint or object at {request.path}.", 404)
    return page_not_found(request, exception, template_name="404.html")


def server_failure(request):
    if request.path.startswith(API_PREFIXES):
        return _error("server_error", "Internal error; it has been logged.", 500)
    return server_error(request, template_name="500.html")
