"""OpenAPI description of our token authentication (drf-spectacular cannot infer a custom class)."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension


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


class AutoSchema(openapi.AutoSchema):
    """Names a view's nested serializer after its view (ProcessApi.InputSerializer → ProcessInput), so the
    one-APIView-per-operation style with nested Input/Output serializers gives unique component names."""

    def get_serializer_name(self, serializer, direction) -> str:
        cls = serializer.__class__
        outer, _, inner = cls.__qualname__.rpartition(".")
        if outer and "<locals>" not in outer:
            return outer.removesuffix("Api") + inner
        return cls.__name__
