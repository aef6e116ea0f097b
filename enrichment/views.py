"""The /enrichment/ page: providers, dataset upload, cache and predictive figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from leadsite.core.exceptions import ApplicationError
from leadsite.core.tenancy import organization_for_user

from .selectors import enrichment_overview
from .services.datasets import company_dataset_import


@login_required
@require_http_methods(["GET", "POST"])
def enrichment_page(request):
    org = organization_for_user(request.user)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "Choose a CSV file.")
        else:
            try:
                dataset = company_dataset_import(organization_id=org.id, fh=upload.file, filename=upload.name)
            except ApplicationError as exc:
                messages.error(request, exc.message, extra_tags=exc.code)
            else:
                messages.success(request, f"Loaded {dataset.rows} companies from {dataset.filename}.")
        return redirect("enrichment:home")
    return render(request, "enrichment/overview.html", enrichment_overview(organization_id=org.id))
