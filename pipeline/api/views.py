"""Pipeline REST endpoints: thin views that validate, call one service and serialize."""

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from leadsite.core.exceptions import ApplicationError
from leadsite.core.pagination import StandardPagination
from leadsite.core.tenancy import organization_for_user
from pipeline import labels, selectors
from pipeline.api.fingerprints import request_fingerprint, upload_fingerprint
from pipeline.api.serializers import (
    BatchOutputSerializer,
    LeadDetailSerializer,
    LeadListItemSerializer,
    UploadCreatedSerializer,
    UploadInputSerializer,
    UploadOutputSerializer,
)
from pipeline.models import Batch
from pipeline.services.batches import batch_cancel, batch_retry, batch_start
from pipeline.services.idempotency import idempotent_call
from pipeline.services.leads_export import (
    QUALIFIED_COLUMNS,
    csv_lines,
    export_leads,
    extra_columns_of,
    extra_header,
    lead_to_row,
    lead_to_schema,
)
from pipeline.services.mapping import upload_mapping_update
from pipeline.services.uploads import upload_create

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="Makes a repeated request a replay of the first answer for a day.",
)


class UploadApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=UploadInputSerializer, responses={201: UploadCreatedSerializer}, parameters=[IDEMPOTENCY_KEY]
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise ApplicationError("Invalid Content-Length header.", code="invalid") from None
        if length > settings.UPLOAD_MAX_BYTES + 64 * 1024:
            raise ApplicationError(
                f"Request is {length} bytes; the upload limit is {settings.UPLOAD_MAX_BYTES} bytes.",
                code="file_too_large",
                status_code=413,
                details={"max_bytes": settings.UPLOAD_MAX_BYTES},
            )
        fileobj = request.FILES.get("file")
        if fileobj is None:
            raise ApplicationError(
                "Send the file as multipart form field 'file'.", code="missing_file", details={"field": "file"}
            )
        organization = organization_for_user(request.user)

        def create() -> tuple[int, dict]:
            upload = upload_create(organization=organization, user=request.user, fileobj=fileobj)
            data = UploadOutputSerializer(upload).data
            data["preview"] = getattr(upload, "preview", [])
            data["warnings"] = getattr(upload, "warnings", [])
            return status.HTTP_201_CREATED, data

        return _idempotent(request, organization, "upload", lambda: upload_fingerprint(fileobj), create)


class ProcessApi(APIView):
    class InputSerializer(serializers.Serializer):
        filename = serializers.CharField(required=False, max_length=255)
        file_path = serializers.CharField(required=False, max_length=255)
        options = serializers.DictField(required=False)
        column_mapping = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)

        def validate(self, attrs):
            if not attrs.get("filename") and not attrs.get("file_path"):
                raise serializers.ValidationError("Give 'filename' (your latest upload of that name) or 'file_path'.")
            return attrs

    @extend_schema(request=InputSerializer, responses={202: BatchOutputSerializer}, parameters=[IDEMPOTENCY_KEY])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = organization_for_user(request.user)
        if data.validated_data.get("file_path"):
            upload = selectors.upload_get(organization=organization, storage_key=data.validated_data["file_path"])
        else:
            upload = selectors.upload_latest_by_name(
                organization=organization, filename=data.validated_data["filename"]
            )
            if upload is None:
                raise ApplicationError(
                    f"No upload named '{data.validated_data['filename']}'.", code="not_found", status_code=404
                )
        def start() -> tuple[int, dict]:
            if data.validated_data.get("column_mapping"):
                upload_mapping_update(upload=upload, mapping=data.validated_data["column_mapping"])
            batch = batch_start(
                organization=organization, user=request.user, upload=upload,
                options=data.validated_data.get("options"),
            )
            batch.refresh_from_db()
            return status.HTTP_202_ACCEPTED, BatchOutputSerializer(batch).data

        return _idempotent(request, organization, "process", lambda: request_fingerprint(request.data), start)


def _idempotent(request, organization, endpoint: str, fingerprint, call) -> Response:
    """Answer with `call`, once per Idempotency-Key header (the first answer is replayed for a day)."""
    code, body, replayed = idempotent_call(
        organization=organization, endpoint=endpoint, key=request.headers.get("Idempotency-Key"),
        fingerprint=fingerprint, call=call,
    )
    response = Response(body, status=code)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _paginate(request, view, queryset):
    paginator = api_settings.DEFAULT_PAGINATION_CLASS()
    return paginator, paginator.paginate_queryset(queryset, request, view=view)


class BatchListApi(APIView):
    pagination_class = StandardPagination  # read by the schema; the view pages with the default class

    @extend_schema(responses=BatchOutputSerializer(many=True))
    def get(self, request):
        queryset = selectors.batch_list(organization=organization_for_user(request.user))
        paginator, page = _paginate(request, self, queryset)
        return paginator.get_paginated_response(BatchOutputSerializer(page, many=True).data)


class BatchDetailApi(APIView):
    @extend_schema(responses=BatchOutputSerializer)
    def get(self, request, batch_id):
        batch = selectors.batch_get(organization=organization_for_user(request.user), batch_id=batch_id)
        return Response(BatchOutputSerializer(batch).data)


class BatchCancelApi(APIView):
    @extend_schema(request=None, responses=BatchOutputSerializer)
    def post(self, request, batch_id):
        batch = selectors.batch_get(organization=organization_for_user(request.user), batch_id=batch_id)
        return Response(BatchOutputSerializer(batch_cancel(batch=batch)).data)


class BatchRetryApi(APIView):
    @extend_schema(request=None, responses={202: BatchOutputSerializer})
    def post(self, request, batch_id):
        batch = selectors.batch_get(organization=organization_for_user(request.user), batch_id=batch_id)
        batch = batch_retry(batch=batch)
        batch.refresh_from_db()
        return Response(BatchOutputSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


LEAD_STATUS_FILTERS = {"QUALIFIED", "REJECTED", "DUPLICATE", "ALL"}


LEAD_CODES_DESCRIPTION = "\n\n".join([
    "Qualified leads in the spec's schema; `?status=ALL|REJECTED|DUPLICATE` for the rest (with `reasons`, each "
    "`{phase, code, message, gate}`). The codes, with the names the pages show:",
    "**contact.email_status**\n" + labels.choices_description("email_status"),
    "**contact.phone_status**\n" + labels.choices_description("phone_status"),
    "**contact.seniority**\n" + labels.choices_description("seniority"),
    "**reasons[].code**\n" + labels.choices_description("reason"),
])


class BatchLeadsApi(APIView):
    """Qualified leads in the spec's schema; `?status=ALL|REJECTED|DUPLICATE` for the rest (with reasons)."""

    pagination_class = StandardPagination  # read by the schema; the view pages with the default class

    @extend_schema(
        description=LEAD_CODES_DESCRIPTION,
        parameters=[OpenApiParameter("status", str, enum=sorted(LEAD_STATUS_FILTERS), default="QUALIFIED")],
        responses=LeadListItemSerializer(many=True),
    )
    def get(self, request, batch_id):
        batch = selectors.batch_get(organization=organization_for_user(request.user), batch_id=batch_id)
        wanted = request.query_params.get("status", "QUALIFIED").upper()
        if wanted not in LEAD_STATUS_FILTERS:
            raise ApplicationError(f"status must be one of {sorted(LEAD_STATUS_FILTERS)}.", code="invalid")
        if wanted == "QUALIFIED":
            queryset = selectors.lead_list_qualified(batch=batch)
        else:
            queryset = selectors.lead_list_all(batch=batch)
            if wanted != "ALL":
                queryset = queryset.filter(status=wanted)
        paginator, ids = _paginate(request, self, queryset.values_list("id", flat=True))
        results = []
        for lead in selectors.leads_in_order(ids):
            item = lead_to_schema(lead)
            if wanted != "QUALIFIED":
                item["reasons"] = lead.reasons
                item["duplicate_of"] = lead.duplicate_of_id
            results.append(item)
        return paginator.get_paginated_response(results)


class DownloadApi(APIView):
    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The qualified leads as CSV.")}
    )
    def get(self, request, job_id):
        batch = selectors.batch_get(organization=organization_for_user(request.user), batch_id=job_id)
        if batch.status != Batch.STATUS_COMPLETED:
            raise ApplicationError(
                f"Batch is {batch.status}; results can be downloaded once it is completed.",
                code="not_ready",
                status_code=409,
                details={"status": batch.status},
            )
        leads = export_leads(selectors.lead_list_qualified(batch=batch))
        extras = extra_columns_of(batch.upload.column_mapping, batch.upload.columns)
        rows = (lead_to_row(lead, extra_columns=extras) for lead in leads)
        header = [*QUALIFIED_COLUMNS, *extra_header(extras)]
        response = StreamingHttpResponse(csv_lines(rows, header), content_type="text/csv; charset=utf-8")
        stem = batch.upload.filename.rsplit(".", 1)[0] or "leads"
        response["Content-Disposition"] = content_disposition_header(True, f"{stem}-qualified.csv")
        return response


class LeadDetailApi(APIView):
    @extend_schema(responses=LeadDetailSerializer)
    def get(self, request, lead_id: int):
        lead = selectors.lead_get(organization=organization_for_user(request.user), lead_id=lead_id)
        item = lead_to_schema(lead)
        item.update(
            {
                "batch_id": str(lead.batch_id),
                "reasons": lead.reasons,
                "validation": lead.validation,
                "enrichment": lead.enrichment,
                "dedup_cluster_id": lead.cluster_id,
                "duplicate_of": lead.duplicate_of_id,
                "dedup_reasons": lead.dedup_reasons,
                "input": lead.raw,
                "extra": lead.extra,
            }
        )
        return Response(item)
