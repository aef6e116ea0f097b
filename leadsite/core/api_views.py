"""API tokens for integrators: create (raw key shown once), list, revoke."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import ApiToken
from .services import api_token_create, api_token_revoke


class TokenOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]


class TokenCreatedSerializer(TokenOutputSerializer):
    key = serializers.CharField(help_text="The raw key, shown this once.")

    class Meta(TokenOutputSerializer.Meta):
        fields = [*TokenOutputSerializer.Meta.fields, "key"]


class TokenListApi(APIView):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100, required=False, default="default")

    @extend_schema(responses=TokenOutputSerializer(many=True))
    def get(self, request):
        tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
        return Response(TokenOutputSerializer(tokens, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: TokenCreatedSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, raw = api_token_create(user=request.user, name=data.validated_data["name"])
        body = TokenOutputSerializer(token).data
        body["key"] = raw
        return Response(body, status=status.HTTP_201_CREATED)


class TokenDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, token_id: int):
        token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
        api_token_revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
