"""Run the evaluation suite and print one table (see benchmarks/eval/README.md).

python -m benchmarks.eval                                  # every stage, check parts
python -m benchmarks.eval --stage extraction --part fit    # one stage on its fit parts
python -m benchmarks.eval --limit 10 --json out.jsonl      # quick run, rows also as JSON
python -m benchmarks.eval --stage cluster --semantic       # MiniLM beside the default
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import cleaner, cluster, copies, extraction, goals, provenance, quotes, summary
from .cluster import Run
from .core import HEADER, Row, render, write_jsonl

STAGES = ("extraction", "cluster", "provenance", "copies", "quotes", "cleaner", "summary")


def stage_runner(
    name: str, limit: int | None, runs: dict[tuple[str, str], Run], *, semantic: bool = False
) -> Callable[[str], list[Row]]:
    """Return the function that scores one stage on a part."""
    runners: dict[str, Callable[[str], list[Row]]] = {
        "extraction": lambda part: extraction.run(part, limit),
        "cluster": lambda part: cluster.run(part, limit, runs, semantic=semantic),
        "provenance": lambda part: provenance.run(part, limit, runs),
        "copies": lambda part: copies.run(part, limit),
        "quotes": lambda part: quotes.run(part, limit),
        "cleaner": lambda part: cleaner.run(part, limit),
        "summary": lambda part: summary.run(part, limit),
    }
    return runners[name]


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.eval",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument(
        "--stage",
        default=",".join(STAGES),
        help=f"comma-separated stages (default all): {','.join(STAGES)}",
    )
    ap.add_argument("--part", choices=("fit", "check", "all"), default="check")
    ap.add_argument(
        "--limit",
        type=int,
        default=None,
        help="first N pages / events / documents per dataset part (quick runs)",
    )
    ap.add_argument(
        "--semantic",
        action="store_true",
        help="also score each cluster set with MiniLM similarity on (storyline[semantic]), "
        "as <set>+semantic rows whose baseline column is the default run",
    )
    ap.add_argument("--json", type=Path, default=None, help="append the rows as JSON lines here")
    args = ap.parse_args(argv)
    args.stages = [s.strip() for s in args.stage.split(",") if s.strip()]
    unknown = [s for s in args.stages if s not in STAGES]
    if unknown:
        ap.error(f"unknown stage(s) {','.join(unknown)}; known: {','.join(STAGES)}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the chosen stages on the chosen parts, printing each row as it is measured."""
    args = parse(argv)
    parts = ("fit", "check") if args.part == "all" else (args.part,)
    runs: dict[tuple[str, str], Run] = {}
    started = time.perf_counter()
    rows: list[Row] = []
    print(HEADER, flush=True)
    for name in args.stages:
        for part in parts:
            for row in stage_runner(name, args.limit, runs, semantic=args.semantic)(part):
                rows.append(row)
                print(render(row), flush=True)
    print(
        f"total wall time {time.perf_counter() - started:.0f} s; time s = storyline/baseline "
        "per dataset part; CI = seeded bootstrap 95% (1000 resamples of pages/events/docs)"
    )
    met = goals.check(rows)
    if met:
        print("\ngoals of issues 19 and 20 (check parts):")
        for goal, ok, figure in met:
            print(f"  {'met ' if ok else 'MISS'}  {goal}: {figure}")
    if args.json:
        write_jsonl(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
