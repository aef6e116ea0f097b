"""Batch progress bookkeeping. Writes touch only the progress columns (and the heartbeat that shows the attempt is
alive: pipeline.services.batch_recovery), never the status a user may change."""

from __future__ import annotations

import resource
from collections import Counter
from typing import Any

from django.utils import timezone

from pipeline.models import Batch


def _now_iso() -> str:
    return timezone.now().isoformat()


def phase_started(*, batch: Batch, phase: str, total: int) -> None:
    batch.progress[phase] = {"status": "running", "done": 0, "total": total, "started_at": _now_iso()}
    Batch.objects.filter(pk=batch.pk).update(current_phase=phase, progress=batch.progress, heartbeat_at=timezone.now())


def phase_advanced(*, batch: Batch, phase: str, done: int, counters: Counter | None = None, **extra: Any) -> None:
    entry = batch.progress.setdefault(phase, {})
    entry["done"] = done
    entry.update(extra)
    fields: dict[str, Any] = {"progress": batch.progress, "heartbeat_at": timezone.now()}
    if counters is not None:
        batch.metrics[phase] = dict(counters)
        fields["metrics"] = batch.metrics
    Batch.objects.filter(pk=batch.pk).update(**fields)


def _peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports KiB): shows which phase raised it."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def phase_finished(*, batch: Batch, phase: str, seconds: float, counters: Counter | None = None) -> None:
    entry = batch.progress.setdefault(phase, {})
    entry.update(
        {"status": "done", "finished_at": _now_iso(), "seconds": round(seconds, 3), "peak_rss_mb": _peak_rss_mb()}
    )
    if entry.get("total") is not None:
        entry["done"] = max(entry.get("done", 0), entry.get("total", 0))
    if counters is not None:
        batch.metrics[phase] = dict(counters)
    Batch.objects.filter(pk=batch.pk).update(
        progress=batch.progress, metrics=batch.metrics, heartbeat_at=timezone.now()
    )


def phase_marked_failed(progress: dict[str, Any], *, phase: str, error: str) -> None:
    """Mark `phase` failed in a batch's progress (the caller saves it with the failed status)."""
    progress.setdefault(phase, {}).update({"status": "failed", "finished_at": _now_iso(), "error": error[:500]})


def phase_stopped(*, batch: Batch, phase: str) -> None:
    """The attempt stopped in `phase` because the batch was cancelled or retried (what it wrote stays)."""
    entry = batch.progress.setdefault(phase, {})
    if entry.get("status") == "running":
        entry.update({"status": "stopped", "finished_at": _now_iso()})
    Batch.objects.filter(pk=batch.pk).update(progress=batch.progress)
