"""History cost: a file processed after another file in the same organisation, against the first file's time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/dedup_history.py [N [OVERLAP]]   # default N = 60000, OVERLAP = 0

Creates a fresh PostgreSQL database `bench_history` on DATABASE_URL's server (dropped first if it exists),
migrates it, generates two N-lead files (other seeds, the same kind of people and companies, so their blocking
keys overlap as two exports of one market would; with OVERLAP, that share of the second file's rows are the first
file's people again, some retyped) and runs `manage.py process_file` on the first,
then on the second with "remove duplicates of my earlier leads" on. It prints each run's seconds, its dedup
phase's seconds and the ratio second / first; the issue's goal is at most 1.3.
A third run, the second file again in a new database without history, tells how much of the ratio the file's
own content explains.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.tests.lead_files import row_corrupt, write_leads  # noqa: E402

DATABASE = "bench_history"


def fresh_database(url: str) -> str:
    """Drop and create DATABASE on `url`'s server; return its URL."""
    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return urlunsplit(parts._replace(path="/" + DATABASE))


def manage(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def dedup_seconds(summary: str) -> float:
    found = re.search(r"dedup ([\d.]+)s", summary)
    return float(found.group(1)) if found else float("nan")


def process(env: dict[str, str], source: Path, out: Path, *history: str) -> tuple[float, float, str]:
    """One run, on a cold cache (the enrichment cache would otherwise favour the later runs)."""
    if env.get("REDIS_URL"):
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    elapsed, summary = manage(env, "process_file", str(source), "--out", str(out), "--all", *history)
    return elapsed, dedup_seconds(summary), summary


def dedup_counters(url: str) -> str:
    """The newest batch's dedup timings and sizes, as its metrics record them."""
    with psycopg.connect(url) as conn:
        metrics = conn.execute("SELECT metrics FROM pipeline_batch ORDER BY created_at DESC LIMIT 1").fetchone()[0]
    dedup = metrics.get("dedup", {}) if isinstance(metrics, dict) else {}
    shown = [k for k in sorted(dedup) if k.startswith("seconds_")] + [
        "candidate_pairs", "history_keys_written", "duplicates", "duplicates_of_earlier_uploads"]
    return "  ".join(f"{k.removeprefix('seconds_')}={dedup.get(k)}" for k in shown)


def second_file(path: Path, first: Path, n: int, overlap: float) -> None:
    """`n` leads: a share `overlap` of the first file's rows (every other one, some retyped as a re-export
    would be) and the rest new (another seed)."""
    fresh = path.with_suffix(".new.csv")
    write_leads(fresh, n, seed=12)
    rng = random.Random(5)
    with first.open(newline="") as a, fresh.open(newline="") as b, path.open("w", newline="") as out:
        writer = csv.writer(out)
        old, new = csv.reader(a), csv.reader(b)
        writer.writerow(next(old))
        next(new)
        reused = int(n * overlap)
        for i, row in enumerate(itertools.islice(old, 0, None, 2)):
            if i >= reused:
                break
            writer.writerow(row_corrupt(row, rng) if rng.random() < 0.3 else row)
        writer.writerows(itertools.islice(new, n - reused))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    overlap = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL server: history uses its key index")
    base = {**os.environ, "EMAIL_DNS_CHECKS": "off", "EMAIL_SMTP_PROBE": "off", "LOG_LEVEL": "WARNING"}
    with tempfile.TemporaryDirectory() as tmp:
        first, second, out = Path(tmp) / "first.csv", Path(tmp) / "second.csv", Path(tmp) / "out.csv"
        write_leads(first, n, seed=11)
        second_file(second, first, n, overlap)

        env = {**base, "DATABASE_URL": fresh_database(url)}
        manage(env, "migrate", "--verbosity", "0")
        one, one_dedup, _ = process(env, first, out)
        print(f"first file   {n} leads: {one:6.1f} s (dedup {one_dedup:5.1f} s)\n"
              f"  {dedup_counters(env['DATABASE_URL'])}")
        two, two_dedup, summary = process(env, second, out)
        print(f"second file  {n} leads: {two:6.1f} s (dedup {two_dedup:5.1f} s) after the first, history on\n"
              f"  {dedup_counters(env['DATABASE_URL'])}\n  {summary}")

        env = {**base, "DATABASE_URL": fresh_database(url)}
        manage(env, "migrate", "--verbosity", "0")
        alone, alone_dedup, _ = process(env, second, out, "--no-dedup-history")
        print(f"second file  {n} leads: {alone:6.1f} s (dedup {alone_dedup:5.1f} s) alone, no history\n"
              f"  {dedup_counters(env['DATABASE_URL'])}")
        print(f"ratio second/first = {two / one:.2f} (goal <= 1.3); dedup ratio {two_dedup / one_dedup:.2f}")


if __name__ == "__main__":
    main()
