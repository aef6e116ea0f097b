"""Build an upload, a batch and its leads straight in the database (no file, no pipeline run)."""

import uuid

from pipeline.models import Batch, Lead, Upload


def batch_with_leads(organization, rows: list[dict], *, status: str = Batch.STATUS_RUNNING, options=None) -> Batch:
    upload = Upload.objects.create(
        organization=organization, filename="leads.csv", storage_key=f"test/{uuid.uuid4()}.csv", size=1,
        sha256=uuid.uuid4().hex * 2, format=Upload.FORMAT_CSV,
    )
    batch = Batch.objects.create(organization=organization, upload=upload, status=status, options=options or {},
                                 leads_total=len(rows))
    Lead.objects.bulk_create(
        Lead(batch=batch, organization=organization, row_number=i, **row) for i, row in enumerate(rows, start=1)
    )
    return batch
