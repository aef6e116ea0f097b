"""What a customer sees of a batch, shared by the API's representation and the pages: progress per phase,
percent complete, timings, the download link, the columns kept as extras and the rows not charged."""

from __future__ import annotations

from typing import Any

from pipeline.models import PHASES, Batch


def batch_progress(batch: Batch) -> dict[str, dict[str, Any]]:
    return {phase: batch.progress.get(phase, {"status": "pending"}) for phase in PHASES}


def batch_percent_complete(batch: Batch) -> float:
    if batch.status == Batch.STATUS_COMPLETED:
        return 100.0
    share = 0.0
    for phase in PHASES:
        entry = batch.progress.get(phase) or {}
        if entry.get("status") == "done":
            share += 1
        elif entry.get("total"):
            share += min(1.0, entry.get("done", 0) / entry["total"])
    return round(100.0 * share / len(PHASES), 1)


def batch_timings(batch: Batch) -> dict[str, Any]:
    per_phase = {p: (batch.progress.get(p) or {}).get("seconds") for p in PHASES}
    total = None
    if batch.started_at and batch.finished_at:
        total = round((batch.finished_at - batch.started_at).total_seconds(), 3)
    return {"phases": per_phase, "total_seconds": total}


def batch_download_url(batch: Batch) -> str | None:
    if batch.status != Batch.STATUS_COMPLETED:
        return None
    return f"/api/download/{batch.pk}"


def batch_extra_columns(batch: Batch) -> list[str]:
    """The file's columns kept unmapped: listed with each lead and in the download as `extra.<column>`."""
    mapping = batch.upload.column_mapping
    return [column for column in batch.upload.columns if not mapping.get(column)]


def batch_rows_free(batch: Batch) -> dict[str, int]:
    """Rows rejected at ingest and not charged: unreadable, or with neither e-mail nor phone."""
    ingest = batch.metrics.get("ingest") or {}
    return {"unreadable": ingest.get("rows_unreadable", 0), "without_contact": ingest.get("rows_without_contact", 0)}

