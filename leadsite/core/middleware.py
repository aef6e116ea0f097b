"""Reject requests whose path or query carries a NUL character before any view sees them.

PostgreSQL cannot store NUL in text, so such a value would otherwise surface as a 500 deep in a query.
"""

from urllib.parse import unquote

from django.http import HttpResponseBadRequest, JsonResponse

from .error_views import API_PREFIXES


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote(raw):
            if request.path.startswith(API_PREFIXES):
                return JsonResponse(
                    {"code": "invalid", "message": "NUL characters are not allowed in URLs.", "details": {}}, status=400
                )
            return HttpResponseBadRequest("NUL characters are not allowed in URLs.")
        return self.get_response(request)
