"""Server-rendered pages: upload with mapping preview, batches with live progress, batch and lead detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from billing.selectors import subscription_summary
from billing.services.credits import credits_batch_estimate
from leadsite.core.exceptions import ApplicationError
from leadsite.core.models import ApiToken
from leadsite.core.services import api_token_create, api_token_revoke
from leadsite.core.tenancy import organization_for_user
from pipeline import labels, selectors
from pipeline.batch_figures import batch_extra_columns, batch_rows_free
from pipeline.forms import LEAD_FIELD_CHOICES, ProcessForm, UploadForm
from pipeline.models import Upload
from pipeline.presenters import batch as batch_presenter
from pipeline.presenters.lead import lead_page as lead_page_build
from pipeline.presenters.lead import lead_rows
from pipeline.services.batches import batch_cancel, batch_retry, batch_start
from pipeline.services.mapping import upload_mapping_update
from pipeline.services.uploads import upload_create, upload_review


def home(request):
    return redirect("pages:batches" if request.user.is_authenticated else "login")


@login_required
@require_http_methods(["GET", "POST"])
def upload_page(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = upload_create(
                organization=organization_for_user(request.user), user=request.user, fileobj=form.cleaned_data["file"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message, extra_tags=exc.code)
            return redirect("pages:upload")
        else:
            return redirect("pages:upload-detail", upload_id=upload.pk)
    uploads = selectors.upload_list(organization=organization_for_user(request.user))[:10]
    return render(request, "pipeline/upload.html", {"form": form, "uploads": uploads})


@login_required
@require_http_methods(["GET", "POST"])
def upload_detail_page(request, upload_id):
    upload = get_object_or_404(Upload, pk=upload_id, organization=organization_for_user(request.user))
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mapping = {col: request.POST.get(f"map:{i}", "") for i, col in enumerate(upload.columns)}
        try:
            upload_mapping_update(upload=upload, mapping=mapping)
            batch = batch_start(
                organization=upload.organization,
                user=request.user,
                upload=upload,
                options={"dedup_history": form.cleaned_data["dedup_history"]},
            )
        except ApplicationError as exc:
            messages.error(request, exc.message, extra_tags=exc.code)
            return redirect("pages:upload-detail", upload_id=upload.pk)
        messages.success(request, f"Processing started for {upload.filename}.")
        return redirect("pages:batch", batch_id=batch.pk)
    samples, warnings = upload_review(upload=upload)
    columns = [
        {"index": i, "name": col, "mapped": upload.column_mapping.get(col, ""), "samples": samples.get(col, [])}
        for i, col in enumerate(upload.columns)
    ]
    return render(
        request,
        "pipeline/upload_detail.html",
        {
            "upload": upload,
            "columns": columns,
            "choices": LEAD_FIELD_CHOICES,
            "form": form,
            "credits_needed": credits_batch_estimate(rows=upload.row_count),
            "credits_remaining": subscription_summary(organization_id=upload.organization_id)["credits_remaining"],
            "warnings": warnings,
        },
    )


@login_required
def batches_page(request):
    batches = selectors.batch_list(organization=organization_for_user(request.user))
    page = Paginator(batches, 25).get_page(request.GET.get("page"))
    rows = batch_presenter.batch_list_rows(list(page))
    status_labels = {**labels.PHASE_STATUS, **labels.BATCH_STATUS, **labels.PHASE}
    return render(request, "pipeline/batches.html", {"page": page, "rows": rows, "status_labels": status_labels})


BATCH_LEAD_FILTERS = (("QUALIFIED", "Qualified"), ("ALL", "All rows"), ("REJECTED", "Rejected"),
                      ("DUPLICATE", "Duplicates"))


@login_required
def batch_page(request, batch_id):
    batch = selectors.batch_get(organization=organization_for_user(request.user), batch_id=batch_id)
    wanted = request.GET.get("status", "QUALIFIED").upper()
    leads = (
        selectors.lead_list_qualified(batch=batch) if wanted == "QUALIFIED" else selectors.lead_list_all(batch=batch)
    )
    if wanted not in ("QUALIFIED", "ALL"):
        leads = leads.filter(status=wanted)
    page = Paginator(leads.values_list("id", flat=True), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.leads_in_order(list(page.object_list))
    context = {
        **batch_presenter.batch_summary(batch, staff=request.user.is_staff),
        "rows": lead_rows(page.object_list),
        "filters": BATCH_LEAD_FILTERS,
        "page": page,
        "wanted": wanted,
        "extra_columns": batch_extra_columns(batch),
        "rows_free": batch_rows_free(batch),
    }
    return render(request, "pipeline/batch.html", context)


@login_required
@require_POST
def batch_action(request, batch_id, action):
    batch = selectors.batch_get(organization=organization_for_user(request.user), batch_id=batch_id)
    try:
        if action == "cancel":
            batch_cancel(batch=batch)
            messages.success(request, "Batch cancelled; credits for unprocessed leads were released.")
        elif action == "retry":
            batch_retry(batch=batch)
            messages.success(request, "Batch restarted from the phase where it stopped.")
        else:
            raise Http404("Unknown action.")
    except ApplicationError as exc:
        messages.error(request, exc.message, extra_tags=exc.code)
    return redirect("pages:batch", batch_id=batch.pk)


@login_required
def lead_page(request, lead_id: int):
    lead = selectors.lead_get(organization=organization_for_user(request.user), lead_id=lead_id)
    view = lead_page_build(lead, duplicates=selectors.lead_duplicates(lead=lead))
    return render(request, "pipeline/lead.html", {"lead": lead, "view": view})


NEW_TOKEN_SESSION_KEY = "new_api_token"


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request):
    """Post/redirect/get: a new key is kept in the session for the one page view that shows it."""
    if request.method == "POST":
        if request.POST.get("revoke"):
            if not request.POST["revoke"].isdigit():
                raise Http404("No such token.")
            token = get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user)
            api_token_revoke(token=token)
            messages.success(request, f"Token {token.prefix}… revoked.")
        else:
            _, new_key = api_token_create(user=request.user, name=(request.POST.get("name") or "default")[:100])
            request.session[NEW_TOKEN_SESSION_KEY] = new_key
        return redirect("pages:tokens")
    new_key = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "pipeline/tokens.html", {"tokens": tokens, "new_key": new_key})
