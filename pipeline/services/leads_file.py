"""Write a batch's leads to a CSV file on disk (operators' `process_file`), in parallel where allowed.

Every row of a large batch (`all_rows`) is cut into ranges of row numbers; forked workers each write one
range to a part file and the parts are joined in order, so the file is the same as one process writes.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

from django.db.models import Max, Min

from pipeline import selectors
from pipeline.bulk.gc_tuning import bulk_allocation
from pipeline.bulk.process_pool import fork_pool, pool_size
from pipeline.models import Batch, Lead
from pipeline.services.leads_export import ALL_ROWS_COLUMNS, QUALIFIED_COLUMNS, export_leads, lead_to_row

PARALLEL_ROWS = 20_000
# Set in a forked writer by the pool's initializer (the parent never sets it).
_job: tuple[Batch, Path] | None = None


def _job_init(batch: Batch, out: Path) -> None:
    global _job
    _job = (batch, out)


def _write_rows(handle, leads, *, all_rows: bool) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")
    if all_rows:
        writer.writerows(lead_to_row(lead, all_rows=True, duplicate_row=lead.dup_row) for lead in leads)
    else:
        writer.writerows(lead_to_row(lead) for lead in leads)


def _write_range(bounds: tuple[int, int]) -> str:
    """One worker's part: every lead with low <= row_number < high, in row order."""
    batch, out = _job
    part = out.with_name(f"{out.name}.part{bounds[0]}")
    queryset = selectors.lead_list_all(batch=batch).filter(row_number__gte=bounds[0], row_number__lt=bounds[1])
    with part.open("w", encoding="utf-8", newline="") as handle:
        _write_rows(handle, export_leads(queryset, with_duplicate_row=True), all_rows=True)
    return str(part)


def leads_csv_write(batch: Batch, out: Path, *, all_rows: bool) -> None:
    """The qualified leads (or with `all_rows` every row) of `batch` as CSV at `out`, replaced atomically."""
    with bulk_allocation():
        try:
            _csv_write(batch, out, all_rows=all_rows)
        finally:
            out.with_name(out.name + ".part").unlink(missing_ok=True)  # left only when writing failed


def _csv_write(batch: Batch, out: Path, *, all_rows: bool) -> None:
    tmp = out.with_name(out.name + ".part")
    header = ALL_ROWS_COLUMNS if all_rows else QUALIFIED_COLUMNS
    workers = pool_size() if all_rows and (batch.leads_total or 0) >= PARALLEL_ROWS else 1
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerow(header)
        if workers <= 1:
            if all_rows:
                leads = export_leads(selectors.lead_list_all(batch=batch), with_duplicate_row=True)
            else:
                leads = export_leads(selectors.lead_list_qualified(batch=batch))
            _write_rows(handle, leads, all_rows=all_rows)
        else:
            span = Lead.objects.filter(batch=batch).aggregate(low=Min("row_number"), high=Max("row_number"))
            low, high = span["low"], span["high"] + 1
            step = -(-(high - low) // (workers * 2))
            ranges = [(start, min(start + step, high)) for start in range(low, high, step)]
            parts = [out.with_name(f"{out.name}.part{start}") for start, _ in ranges]
            try:
                with fork_pool(workers, initializer=_job_init, initargs=(batch, out)) as pool:
                    list(pool.map(_write_range, ranges))
                handle.flush()
                for part in parts:
                    with part.open(encoding="utf-8", newline="") as source:
                        shutil.copyfileobj(source, handle, 1 << 20)
            finally:
                for part in parts:
                    part.unlink(missing_ok=True)
    os.replace(tmp, out)
