"""The /v1 endpoints: cache stats, predictive status, dataset and waterfall."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from leadsite.core.exceptions import ApplicationError
from leadsite.core.tenancy import organization_for_user

from ..models import CompanyDataset
from ..selectors import cache_stats, predictive_status
from ..services.datasets import company_dataset_delete, company_dataset_import
from ..services.profiles import enrichment_waterfall_set
from ..services.waterfall import providers_for, waterfall_order


class CacheStatsApi(APIView):
    @extend_schema(responses=OpenApiResponse(OpenApiTypes.OBJECT, description="L1/L2 hit rates and provider calls."))
    def get(self, request):
        org = organization_for_user(request.user)
        return Response(cache_stats(organization_id=org.id))


class PredictiveStatusApi(APIView):
    @extend_schema(responses=OpenApiResponse(OpenApiTypes.OBJECT, description="Patterns learnt and pre-enriched."))
    def get(self, request):
        org = organization_for_user(request.user)
        return Response(predictive_status(organization_id=org.id))


class DatasetOutputSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=["customer", "demo", "none"])
    filename = serializers.CharField()
    rows = serializers.IntegerField()
    rows_rejected = serializers.IntegerField(required=False)
    version = serializers.IntegerField(required=False)
    uploaded_at = serializers.DateTimeField(required=False)


class DatasetInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV of companies.")
    mode = serializers.ChoiceField(choices=["replace", "merge"], default="replace")


class WaterfallOutputSerializer(serializers.Serializer):
    waterfall = serializers.ListField(child=serializers.CharField())
    configured = serializers.ListField(child=serializers.CharField(), help_text="Providers with credentials.")


def _dataset_body(dataset: CompanyDataset | None) -> dict:
    if dataset is None:
        return {"source": "demo" if settings.ENRICHMENT_DEMO_DATASET else "none", "filename": "", "rows": 0}
    return {
        "source": "customer",
        "filename": dataset.filename,
        "rows": dataset.rows,
        "rows_rejected": dataset.rows_rejected,
        "version": dataset.version,
        "uploaded_at": dataset.uploaded_at,
    }


class CompanyDatasetApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=DatasetOutputSerializer)
    def get(self, request):
        org = organization_for_user(request.user)
        return Response(_dataset_body(CompanyDataset.objects.filter(organization=org).first()))

    @extend_schema(request=DatasetInputSerializer, responses={201: DatasetOutputSerializer})
    def post(self, request):
        org = organization_for_user(request.user)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError("Send the CSV as multipart field 'file'.", code="file_missing")
        replace = request.data.get("mode", "replace") != "merge"
        dataset = company_dataset_import(organization_id=org.id, fh=upload.file, filename=upload.name, replace=replace)
        return Response(_dataset_body(dataset), status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request):
        org = organization_for_user(request.user)
        company_dataset_delete(organization_id=org.id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WaterfallApi(APIView):
    class InputSerializer(serializers.Serializer):
        waterfall = serializers.ListField(child=serializers.ChoiceField(choices=list(settings.ENRICHMENT_PROVIDERS)))

    def _body(self, org_id: int) -> dict:
        configured = {p.name for p in providers_for(organization_id=org_id)}
        order = waterfall_order(organization_id=org_id)
        return {"waterfall": order, "configured": [n for n in order if n in configured]}

    @extend_schema(responses=WaterfallOutputSerializer)
    def get(self, request):
        return Response(self._body(organization_for_user(request.user).id))

    @extend_schema(request=InputSerializer, responses=WaterfallOutputSerializer)
    def put(self, request):
        org = organization_for_user(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrichment_waterfall_set(organization_id=org.id, waterfall=data.validated_data["waterfall"])
        return Response(self._body(org.id))
