"""Pipeline rows made directly (no upload, no phases) for tests of one step."""

import uuid

from pipeline.models import Batch, Lead, Upload


def batch_with_leads(*, organization, leads: list[dict]) -> Batch:
    upload = Upload.objects.create(
        organization=organization,
        filename="leads.csv",
        storage_key=f"test/{uuid.uuid4()}",
        size=1,
        sha256="0" * 64,
        format=Upload.FORMAT_CSV,
    )
    batch = Batch.objects.create(organization=organization, upload=upload, status=Batch.STATUS_RUNNING)
    Lead.objects.bulk_create(
        [Lead(batch=batch, organization=organization, row_number=i + 1, **values) for i, values in enumerate(leads)]
    )
    return batch
