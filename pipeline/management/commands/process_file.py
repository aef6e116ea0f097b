"""Operators: run every stage in this process over a local file and write the result CSV."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from leadsite.core.exceptions import ApplicationError
from leadsite.core.models import Organization
from leadsite.core.services import organization_create
from pipeline.models import PHASES
from pipeline.services.batches import batch_start
from pipeline.services.leads_file import leads_csv_write
from pipeline.services.uploads import upload_create
from pipeline.stages.runner import batch_run_sync

OPERATOR_ORG_SLUG = "leadsite-operators"


def _operator_organization() -> Organization:
    org = Organization.objects.filter(slug=OPERATOR_ORG_SLUG).first()
    return org or organization_create(name="Leadsite operators")


class Command(BaseCommand):
    help = "Process INPUT (CSV or JSON) through every stage; write OUTPUT (qualified leads, or every row with --all)."

    def add_arguments(self, parser):
        parser.add_argument("input")
        parser.add_argument("--out", required=True)
        parser.add_argument("--all", action="store_true", help="write every input row with status, reasons and dedup")
        parser.add_argument("--customer", help="run as this customer's organisation (charged in credits)")
        parser.add_argument("--no-dedup-history", action="store_true", help="dedup only inside this file")

    def handle(self, *args, **opts):
        path = Path(opts["input"])
        if not path.is_file():
            raise CommandError(f"{path} is not a readable file")
        user = None
        if opts.get("customer"):
            user = (
                get_user_model().objects.filter(username=opts["customer"].lower()).select_related("membership").first()
            )
            if user is None or not hasattr(user, "membership"):
                raise CommandError(f"no customer {opts['customer']}")
            organization, charge = user.membership.organization, True
        else:
            organization, charge = _operator_organization(), False
        started = time.monotonic()
        options = {"dedup_history": False} if opts["no_dedup_history"] else {}
        try:
            with path.open("rb") as handle:
                upload = upload_create(
                    organization=organization, user=user, fileobj=File(handle, name=path.name), max_bytes=2**62
                )
            batch = batch_start(
                organization=organization, user=user, upload=upload, options=options, charge=charge, enqueue=False
            )
        except ApplicationError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        batch = batch_run_sync(batch=batch)
        leads_csv_write(batch, Path(opts["out"]), all_rows=opts["all"])
        elapsed = time.monotonic() - started
        done = {p: batch.progress.get(p) or {} for p in PHASES}
        timings = ", ".join(f"{p} {e.get('seconds', 0):.2f}s peak {e.get('peak_rss_mb')} MB" for p, e in done.items())
        self.stderr.write(
            f"batch {batch.pk} {batch.status}: {batch.leads_processed} rows, {batch.leads_qualified} qualified, "
            f"{batch.leads_rejected} rejected, {batch.leads_duplicate} duplicate in {elapsed:.1f}s ({timings})"
        )
        if batch.status != "completed":
            raise CommandError(f"batch {batch.status} in phase {batch.failed_phase}: {batch.error}")
