"""POST /api/validate: one contact validated synchronously (docs/validation.md)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from leadsite.core.tenancy import organization_for_user
from pipeline.api.fields import StrictCharField
from pipeline.validation.phones import SUPPORTED_REGIONS
from pipeline.validation.services import CREDITS_PER_CONTACT, contact_validate


class ValidateApi(APIView):
    class InputSerializer(serializers.Serializer):
        email = StrictCharField(required=False, allow_blank=True, max_length=320)
        phone = StrictCharField(required=False, allow_blank=True, max_length=64)
        country = StrictCharField(
            required=False, allow_blank=True, max_length=2,
            help_text="ISO 3166-1 alpha-2 region for the phone; default: the organisation's.",
        )

        def validate_country(self, value: str) -> str:
            value = value.strip().upper()
            if value and value not in SUPPORTED_REGIONS:
                raise serializers.ValidationError(f"'{value}' is not an ISO 3166-1 alpha-2 country code.")
            return value

        def validate(self, attrs):
            if not (attrs.get("email") or "").strip() and not (attrs.get("phone") or "").strip():
                raise serializers.ValidationError("Give an email, a phone, or both.")
            return attrs

    class OutputSerializer(serializers.Serializer):
        email = serializers.CharField()
        email_status = serializers.CharField()
        phone = serializers.CharField()
        phone_status = serializers.CharField()
        validation = serializers.JSONField()
        findings = serializers.ListField(child=serializers.DictField())
        credits_charged = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = organization_for_user(request.user)
        result = contact_validate(
            organization_id=organization.pk,
            default_country=organization.default_country,
            **serializer.validated_data,
        )
        data = {
            "email": result.email,
            "email_status": result.email_status.value,
            "phone": result.phone,
            "phone_status": result.phone_status.value,
            "validation": result.evidence,
            "findings": [{"code": code, "message": message} for code, message in result.findings],
            "credits_charged": CREDITS_PER_CONTACT,
        }
        return Response(self.OutputSerializer(data).data)
