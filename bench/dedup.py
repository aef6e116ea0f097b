"""Dedup benchmark: labelled data in eight locales → pairwise precision, recall, F1, leads/s; Splink beside us.

Ours alone needs only the project's venv; `--splink` needs the bench extras (bench/requirements.txt) in a venv
of their own (never the project's .venv):

    python3.11 -m venv /work/benchvenv
    /work/benchvenv/bin/pip install -r requirements-dev.lock -r bench/requirements.txt
    /work/benchvenv/bin/python bench/dedup.py --splink            # all four sets, default sizes (~1 min)
    .venv/bin/python bench/dedup.py --sets person_id,business --size 20000 --examples 5

Data sets (bench/dedup_data.py): person_id (people with addresses and an id column), person_noid (the same
without it), two_source (two files, each person at most once per file, scored on cross pairs like FEBRL4),
business (a messy business directory). Colleagues, households, chain branches and firms in one building are
built in as negatives. `--size` is the number of original entities per set (duplicates are added).

Ours is `pipeline.dedup.link_records` (features, blocking, learning, scoring, clustering) on one core; Splink is
bench/dedup_splink.py's tutorial configuration on DuckDB. leads/s is rows per CPU second (generation excluded).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.dedup_data import SETS, Dataset, build, fixed_hash_seed  # noqa: E402
from bench.dedup_score import Score, causes, describe, score  # noqa: E402
from pipeline.dedup import DedupRecord, link_records  # noqa: E402

RECORD_FIELDS = frozenset(DedupRecord.__dataclass_fields__) - {"id", "extra", "recency", "history", "gated",
                                                               "cluster_id"}


def to_records(data: Dataset) -> list[DedupRecord]:
    """Rows as the pipeline hands them to dedup: known columns as fields, the rest as extra columns."""
    out = []
    for i, row in enumerate(data.rows):
        known = {k: v for k, v in row.items() if k in RECORD_FIELDS}
        extra = {k: v for k, v in row.items() if k not in RECORD_FIELDS}
        out.append(DedupRecord.from_mapping(known, id=i, recency=float(i), extra=extra))
    return out


def run_ours(data: Dataset) -> tuple[list[int], float]:
    records = to_records(data)
    started = time.process_time()
    result = link_records(records)
    return result.survivor.tolist(), time.process_time() - started


def report_errors(data: Dataset, result: Score, who: str, examples: int) -> None:
    if not examples:
        return
    for title, pairs in (("false merges", result.false_pairs), ("missed pairs", result.missed_pairs)):
        if not pairs:
            continue
        grouped = causes(data, pairs) if title == "false merges" else {"missed": pairs}
        for cause, members in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
            print(f"  {who} {title}: {cause}: {len(members)}")
            for pair in members[:examples]:
                print(f"      {describe(data, pair)}")


def colleague_merges(data: Dataset, result: Score) -> int:
    """False merges of two people with different first and last names (and e-mails): the 0 target."""
    return sum(1 for a, b in result.false_pairs
               if data.kind == "person" and _differ(data, a, b, "first_name") and _differ(data, a, b, "last_name")
               and _differ(data, a, b, "email"))


def _differ(data: Dataset, a: int, b: int, key: str) -> bool:
    va, vb = data.rows[a].get(key, "").strip().lower(), data.rows[b].get(key, "").strip().lower()
    return not (va and vb and va == vb)


def row(name: str, records: int, ours: Score, ours_speed: float, splink: Score | None,
        splink_speed: float | None, merged: int) -> str:
    theirs = splink.cell() if splink else "-"
    their_speed = f"{splink_speed:,.0f}" if splink_speed else "-"
    return (f"| {name} | {records:,} | {ours.cell()} | {theirs} | {ours_speed:,.0f} | {their_speed} | {merged} |")


HEADER = ("| data set | records | ours P/R/F1 | Splink P/R/F1 | ours leads/s | Splink leads/s | ours merges of "
          "different people |\n|---|---|---|---|---|---|---|")


def evaluate(data: Dataset, *, splink: bool, examples: int) -> str:
    assign, cpu = run_ours(data)
    ours = score(data, assign)
    print(f"{data.name}: ours P/R/F1 {ours.cell()} in {cpu:.1f} s CPU", flush=True)
    report_errors(data, ours, "ours", examples)
    theirs, their_speed = None, None
    if splink:
        from bench.dedup_splink import run_splink

        their_assign, their_cpu = run_splink(data)
        theirs, their_speed = score(data, their_assign), len(data.rows) / their_cpu
        print(f"{data.name}: Splink P/R/F1 {theirs.cell()} in {their_cpu:.1f} s CPU", flush=True)
        report_errors(data, theirs, "Splink", min(examples, 2))
    return row(data.name, len(data.rows), ours, len(data.rows) / cpu, theirs, their_speed,
               colleague_merges(data, ours))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--size", type=int, default=6_000, help="original entities per set (duplicates added)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--splink", action="store_true", help="run Splink on the same data (bench extras)")
    parser.add_argument("--examples", type=int, default=3, help="error examples printed per cause (0: none)")
    args = parser.parse_args(argv)
    fixed_hash_seed()
    lines = []
    for name in args.sets.split(","):
        data = build(name.strip(), args.size, args.seed)
        lines.append(evaluate(data, splink=args.splink, examples=args.examples))
    print()
    print(HEADER)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
