"""JSON error pages for API paths; the site's own HTML pages (templates/404.html, 500.html) for the rest."""

from django.http import JsonResponse
from django.views.defaults import page_not_found, server_error

API_PREFIXES = ("/api/", "/v1/")


def not_found(request, exception=None):
    if request.path.startswith(API_PREFIXES):
        return JsonResponse(
            {"code": "not_found", "message": f"No endpoint or object at {request.path}.", "details": {}}, status=404
        )
    return page_not_found(request, exception, template_name="404.html")


def server_failure(request):
    if request.path.startswith(API_PREFIXES):
        return JsonResponse(
            {"code": "server_error", "message": "Internal error; it has been logged.", "details": {}}, status=500
        )
    return server_error(request, template_name="500.html")
