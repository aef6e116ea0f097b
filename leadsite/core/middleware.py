"""Reject NUL characters in a request's path, query or page form fields before any view sees them.

PostgreSQL cannot store NUL in text, so such a value would otherwise surface as a 500 deep in a query (the
login lockout looks the username up before any form validation runs). API bodies are checked by their
parsers and serializers, which answer in JSON.
"""

from urllib.parse import unquote

from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse

from .error_views import API_PREFIXES

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _form_has_nul(request: HttpRequest) -> bool:
    if request.method not in ("POST", "PUT", "PATCH") or request.content_type not in FORM_TYPES:
        return False
    fields = request.POST
    return any("\x00" in key or any("\x00" in value for value in fields.getlist(key)) for key in fields) or any(
        "\x00" in (upload.name or "") for upload in request.FILES.values()
    )


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
        if not request.path.startswith(API_PREFIXES) and _form_has_nul(request):
            return HttpResponseBadRequest(
                "NUL characters are not allowed in form fields. Go back, remove them and send the form again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
