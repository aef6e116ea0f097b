"""The batch page for customers: a readable name, the phase table, counters, warnings, staff telemetry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from pipeline import labels, selectors
from pipeline.batch_figures import batch_download_url, batch_percent_complete, batch_timings
from pipeline.models import PHASES, Batch


def when(value) -> str:
    """A moment as people read it: "29 Nov 2026, 21:07" in the site's time zone."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "j M Y, H:i")


def batch_display_name(batch: Batch) -> str:
    """Tells uploads of the same file apart: "leads.csv · 29 Nov 2026, 21:07 · 1,234 rows"."""
    rows = batch.leads_total or batch.upload.row_count
    return f"{batch.upload.filename} · {when(batch.created_at)} · {rows:,} row{'s' if rows != 1 else ''}"


def number(value: Any) -> str:
    """Counts with thousands separators; fractions to at most three significant decimals."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1:
            return f"{int(value):,}"
        return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, dict):
        return ", ".join(f"{labels.spelled_out(k).lower()} {number(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(number(v) for v in value) or "none"
    return str(value)


def seconds_text(value: Any) -> str:
    if not isinstance(value, int | float):
        return ""
    if value < 0.05:
        return "< 0.1 s"
    return f"{value:.1f} s" if value < 60 else f"{int(value // 60)} min {int(value % 60)} s"


@dataclass
class PhaseRow:
    code: str
    name: str
    status: str
    status_label: str
    done: str
    seconds: str


def phase_rows(batch: Batch) -> list[PhaseRow]:
    """One row per phase, from the same progress document the API (and the page's polling) reads."""
    rows = []
    for code in PHASES:
        entry = (batch.progress or {}).get(code) or {}
        status = entry.get("status", "pending")
        done, total = entry.get("done"), entry.get("total")
        count = f"{number(done or 0)} of {number(total)}" if total is not None else ""
        rows.append(PhaseRow(code, labels.label("phase", code), status, labels.label("phase_status", status), count,
                             seconds_text(entry.get("seconds"))))
    return rows


def check_warnings(batch: Batch) -> list[str]:
    """Checks that were skipped or could not run, said plainly: their leads were not rejected for it."""
    metrics = batch.metrics or {}
    validate, enrich = metrics.get("validate") or {}, metrics.get("enrich") or {}
    warnings = []
    unknown = int(validate.get("email_unknown", 0) or 0)
    if unknown:
        unavailable = int(validate.get("dns_resolver_unavailable", 0) or 0)
        looked_up = int(validate.get("dns_lookups", 0) or 0) + int(validate.get("dns_cache_hits", 0) or 0)
        if unavailable:
            why = "the DNS resolver was unavailable while this batch ran"
        elif not looked_up:
            why = "email DNS checks are switched off on this service"
        else:
            why = "their mail domains did not answer in time"
        warnings.append(
            f"{number(unknown)} email address{'es' if unknown != 1 else ''} could not be checked: {why}. "
            "They are marked “Unknown (not checked)”, were not rejected for it, and may still bounce."
        )
    errors = int(enrich.get("provider_errors", 0) or 0)
    if errors:
        warnings.append(f"{number(errors)} company lookup{'s' if errors != 1 else ''} failed at the provider; "
                        "those companies were not enriched. Retrying the batch asks again.")
    carrier_errors = int(validate.get("carrier_errors", 0) or 0)
    if carrier_errors:
        warnings.append(f"{number(carrier_errors)} carrier lookup{'s' if carrier_errors != 1 else ''} failed; "
                        "those phones were typed from their numbering plan only.")
    return warnings


@dataclass
class Counter:
    field: str
    label: str
    value: str
    hint: str = ""


def customer_counters(data: dict[str, Any]) -> list[Counter]:
    """The figures a customer reads on the batch page; `field` names the API field the polling updates."""
    return [
        Counter("leads_total", "rows in the file", number(data.get("leads_total") or 0)),
        Counter("leads_qualified", "qualified", number(data.get("leads_qualified") or 0)),
        Counter("leads_rejected", "rejected", number(data.get("leads_rejected") or 0)),
        Counter("leads_duplicate", "duplicates", number(data.get("leads_duplicate") or 0)),
        Counter("credits_consumed", "credits used", number(data.get("credits_consumed") or 0),
                f"{number(data.get('credits_estimated') or 0)} reserved"),
    ]


def rejection_rows(counts: list[tuple[str, int]]) -> list[tuple[str, str]]:
    return [(labels.reason_label(code), number(count)) for code, count in counts]


def staff_telemetry(batch: Batch) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every counter the phases recorded, per phase, in words (staff only)."""
    sections = []
    for phase, counters in sorted((batch.metrics or {}).items(), key=lambda item: item[0]):
        if phase == "scoring_profile" or not isinstance(counters, dict):
            continue
        rows = [(labels.spelled_out(name), number(value)) for name, value in sorted(counters.items())]
        sections.append((labels.PHASE.get(phase) or labels.spelled_out(phase), rows))
    for code in PHASES:
        entry = (batch.progress or {}).get(code) or {}
        if entry.get("peak_rss_mb") is not None:
            sections.append((f"{labels.label('phase', code)} (process)", [
                ("Peak memory", f"{number(entry['peak_rss_mb'])} MB"),
                ("Started", when(_parse(entry.get("started_at")))),
                ("Finished", when(_parse(entry.get("finished_at")))),
            ]))
    return sections


def _parse(value: Any):
    return parse_datetime(value) if isinstance(value, str) else None


def batch_data(batch: Batch) -> dict[str, Any]:
    """The batch's figures under the names of the API's fields (the page's polling updates them in place)."""
    return {
        "batch_id": batch.pk,
        "status": batch.status,
        "filename": batch.upload.filename,
        "percent_complete": batch_percent_complete(batch),
        "download_url": batch_download_url(batch),
        "timings": batch_timings(batch),
        "error": batch.error,
        "failed_phase": batch.failed_phase,
        "leads_total": batch.leads_total,
        "leads_qualified": batch.leads_qualified,
        "leads_rejected": batch.leads_rejected,
        "leads_duplicate": batch.leads_duplicate,
        "credits_estimated": batch.credits_estimated,
        "credits_consumed": batch.credits_consumed,
    }


def batch_summary(batch: Batch, *, staff: bool) -> dict[str, Any]:
    """Everything above the batch page's lead table."""
    data = batch_data(batch)
    finished = batch.status in Batch.FINAL_STATUSES
    return {
        "batch": batch,
        "data": data,
        "name": batch_display_name(batch),
        "took": seconds_text((data.get("timings") or {}).get("total_seconds")),
        "status_label": labels.label("batch_status", batch.status),
        "failed_phase_label": labels.label("phase", batch.failed_phase) if batch.failed_phase else "",
        "phases": phase_rows(batch),
        "phase_status_labels": {**labels.PHASE_STATUS, **labels.BATCH_STATUS},
        "counters": customer_counters(data),
        "rejections": rejection_rows(selectors.batch_rejection_reasons(batch=batch)) if finished else [],
        "warnings": check_warnings(batch),
        "telemetry": staff_telemetry(batch) if staff else [],
    }


def batch_list_rows(batches: list[Batch]) -> list[dict[str, Any]]:
    """The batches list: each batch by file and start time, statuses and counts in words."""
    return [
        {
            "data": batch_data(batch),
            "created": when(batch.created_at),
            "status": labels.label("batch_status", batch.status),
            "phase": labels.label("phase", batch.current_phase) if batch.current_phase else "",
            "rows": number(batch.leads_total),
            "qualified": number(batch.leads_qualified),
        }
        for batch in batches
    ]
