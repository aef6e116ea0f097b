"""OpenAPI description of our token authentication (drf-spectacular cannot infer a custom class)."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "leadsite.core.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` — create keys on the API tokens page or with `manage.py createcustomer`.",
        }


class ErrorSerializer(serializers.Serializer):
    """Every API error (leadsite.core.exceptions)."""

    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()


ERROR_RESPONSES = {
    "400": "Invalid input (`code` names the problem, `details` the fields).",
    "401": "No or invalid credentials.",
    "404": "No such object in your organisation.",
    "413": "Request body too large.",
    "429": "Rate limit; see the Retry-After header.",
}


class AutoSchema(openapi.AutoSchema):
    """Documents the shared JSON error responses on every operation, and names a view's nested serializer after
    its view (ProcessApi.InputSerializer → ProcessInput), so the one-APIView-per-operation style with nested
    Input/Output serializers gives unique component names."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        public = not any(self.get_auth())  # [] or [{}]: no credentials needed
        for code, description in ERROR_RESPONSES.items():
            if code == "401" and public:
                continue
            responses.setdefault(
                code, self._get_response_for_code(OpenApiResponse(ErrorSerializer, description), code,
                                                  direction=direction)
            )
        return responses

    def get_serializer_name(self, serializer, direction) -> str:
        cls = serializer.__class__
        outer, _, inner = cls.__qualname__.rpartition(".")
        if outer and "<locals>" not in outer:
            return outer.removesuffix("Api") + inner
        return cls.__name__
