"""End-to-end pipeline benchmark: generate N leads, run `manage.py process_file`, print leads/s and peak RSS.

Usage: .venv/bin/python bench/pipeline.py [N ...]   (default: 100000)
Uses the configured database (DATABASE_URL, else the embedded SQLite) and cache (REDIS_URL, else the database
cache: slower for enrichment's writes); network checks are off.
On PostgreSQL the pipeline forks worker processes (PIPELINE_WORKERS): peak_rss_mb is the main process;
peak_pss_with_workers_mb is the proportional set size of the main process and its workers together (pages
a forked worker shares with its parent are counted once), the memory the whole run holds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.tests.lead_files import write_leads  # noqa: E402


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "leads.csv", Path(tmp) / "out.csv"
        write_leads(source, n)
        env = {**os.environ, "EMAIL_DNS_CHECKS": "off", "EMAIL_SMTP_PROBE": "off", "LOG_LEVEL": "WARNING"}
        started = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "process_file",
                str(source),
                "--out",
                str(out),
                "--all",
                "--no-dedup-history",
            ],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        peak = peak_tree = 0
        watched = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                rss = watched.memory_info().rss
                # PSS splits pages a forked worker shares with its parent, so the sum counts memory once
                tree = watched.memory_full_info().pss + sum(
                    c.memory_full_info().pss for c in watched.children(recursive=True)
                )
                peak, peak_tree = max(peak, rss), max(peak_tree, tree)
            except psutil.Error:
                pass  # a worker or the command ended between two readings
            time.sleep(0.1)
        proc.wait()
        elapsed = time.monotonic() - started
        summary = proc.stderr.read().strip().splitlines()
        if proc.returncode != 0:
            print("\n".join(summary[-20:]))
            raise SystemExit(f"process_file failed with {proc.returncode}")
        db = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
        cache = "redis" if os.environ.get("REDIS_URL") else "database"  # the enrichment cache's L2
        print(
            f"leads={n} db={db} cache={cache} seconds={elapsed:.1f} leads_per_s={n / elapsed:,.0f} "
            f"peak_rss_mb={peak / 2**20:.0f} peak_pss_with_workers_mb={peak_tree / 2**20:.0f} "
            f"input_mb={source.stat().st_size / 2**20:.1f}"
        )
        print("  " + summary[-1])


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["100000"]:
        run(int(arg))
