"""Scoring profile and re-scoring endpoints."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from leadsite.core.exceptions import ApplicationError
from leadsite.core.tenancy import organization_for_user
from pipeline import selectors
from pipeline.api.serializers import RescoreOutputSerializer
from pipeline.services.rescoring import batch_rescore
from pipeline.services.scoring_profiles import scoring_profile_get, scoring_profile_update


class ScoringProfileOutputSerializer(serializers.Serializer):
    profile = serializers.DictField()
    is_default = serializers.BooleanField()
    updated_at = serializers.DateTimeField(allow_null=True)


class ScoringProfileApi(APIView):
    """GET the effective profile; PUT a new one (partial: missing keys take the default; `{}` resets)."""

    @extend_schema(responses=ScoringProfileOutputSerializer)
    def get(self, request):
        data = scoring_profile_get(organization=organization_for_user(request.user))
        return Response(ScoringProfileOutputSerializer(data).data)

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses=ScoringProfileOutputSerializer,
        description="The profile as a JSON object (or `{\"profile\": {...}}`); missing keys take the default.",
    )
    def put(self, request):
        body = request.data
        if not isinstance(body, dict):
            raise ApplicationError("Send the profile as a JSON object.", code="invalid_profile")
        config = body["profile"] if set(body) == {"profile"} else body
        data = scoring_profile_update(organization=organization_for_user(request.user), config=config)
        return Response(ScoringProfileOutputSerializer(data).data)


class BatchRescoreApi(APIView):
    """Re-score a completed batch with the current profile; no credits are charged."""

    @extend_schema(request=None, responses=RescoreOutputSerializer)
    def post(self, request, batch_id):
        batch = selectors.batch_get(organization=organization_for_user(request.user), batch_id=batch_id)
        return Response(batch_rescore(batch=batch))
