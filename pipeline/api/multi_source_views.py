"""GET /v1/validation/multi-source?email=: what each enrichment source says about one of the caller's leads."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from leadsite.core.tenancy import organization_for_user
from pipeline.services.multi_source import lead_multi_source_validate


class MultiSourceValidationApi(APIView):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()

    @extend_schema(
        parameters=[OpenApiParameter("email", str, required=True)],
        responses=OpenApiResponse(OpenApiTypes.OBJECT, description="Each source's answer and their agreement."),
    )
    def get(self, request):
        org = organization_for_user(request.user)
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        return Response(lead_multi_source_validate(organization_id=org.id, email=data.validated_data["email"]))
