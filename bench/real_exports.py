"""Run the realistic export fixtures (pipeline/tests/ingest/fixtures/) end to end and print what came out.

Usage: .venv/bin/python bench/real_exports.py   (uses DATABASE_URL; network checks off)
Per file: columns mapped, leads, qualified / rejected, leads with an email, credits charged, upload warnings,
or the error that refused the file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadsite.settings.base")
os.environ.update({"EMAIL_DNS_CHECKS": "off", "EMAIL_SMTP_PROBE": "off", "LOG_LEVEL": "WARNING",
                   "PIPELINE_WORKERS": "1"})

import django  # noqa: E402

django.setup()

from django.core.files import File  # noqa: E402

from billing.services.credits import credits_grant  # noqa: E402
from leadsite.core.exceptions import ApplicationError  # noqa: E402
from leadsite.core.services import customer_create  # noqa: E402
from pipeline.models import Lead  # noqa: E402
from pipeline.services.batches import batch_start  # noqa: E402
from pipeline.services.uploads import upload_create  # noqa: E402
from pipeline.stages.runner import batch_run_sync  # noqa: E402

FIXTURES = ROOT / "pipeline" / "tests" / "ingest" / "fixtures"


def main() -> None:
    import uuid

    user = customer_create(email=f"bench-{uuid.uuid4().hex[:8]}@example.org", password="pw-123456789")
    org = user.membership.organization
    credits_grant(organization_id=org.pk, amount=100_000, reference=f"bench:{org.pk}", kind="grant")
    print(f"{'file':30} {'mapped':>7} {'leads':>5} {'qual':>4} {'rej':>4} {'email':>5} {'phone':>5} {'credits':>7}")
    for path in sorted(FIXTURES.iterdir()):
        try:
            with path.open("rb") as handle:
                upload = upload_create(organization=org, user=user, fileobj=File(handle, name=path.name))
            batch = batch_start(organization=org, user=user, upload=upload, enqueue=False)
        except ApplicationError as exc:
            print(f"{path.name:30} refused: {exc.status_code} {exc.code}: {exc.message}")
            continue
        batch = batch_run_sync(batch=batch)
        leads = Lead.objects.filter(batch=batch)
        mapped = sum(1 for v in upload.column_mapping.values() if v)
        with_email = leads.exclude(email="").exclude(email_status="invalid_syntax").count()
        with_phone = leads.exclude(phone="").exclude(phone_status__in=["invalid", "missing"]).count()
        print(
            f"{path.name:30} {mapped:>3}/{len(upload.columns):<3} {batch.leads_processed:>5} "
            f"{batch.leads_qualified:>4} {batch.leads_rejected:>4} {with_email:>5} {with_phone:>5} "
            f"{batch.credits_consumed:>7}"
        )
        for warning in getattr(upload, "warnings", None) or []:
            print(f"{'':30} warning: {warning}")


if __name__ == "__main__":
    main()
