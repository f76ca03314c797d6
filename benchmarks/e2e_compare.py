"""Compare two engines' stage outputs of an e2e_bench run kept with --keep: are they equal?

    python benchmarks/e2e_bench.py --sizes 10k --engines single,dask2 --keep --work /tmp/e2e
    python benchmarks/e2e_compare.py /tmp/e2e/n10000 single dask2

For every stage the records of part-*.jsonl.gz are read from both engines' directories and
compared as sets of canonical JSON lines (the order of records across files may differ). The
cluster stage is also compared as a partition (story ids aside): pairwise precision, recall
and F1 of the second engine's stories against the first's, which is what differs when the
second ran with --cluster-blocks.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

STAGES = ("ingest", "clean", "dedup", "cluster", "analyze")


def lines(folder: Path) -> Counter[str]:
    """Return the stage's records as canonical JSON lines, counted."""
    out: Counter[str] = Counter()
    for path in sorted(folder.glob("part-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            out.update(json.dumps(json.loads(line), sort_keys=True) for line in handle)
    return out


def partition_f1(a: Counter[str], b: Counter[str]) -> dict[str, float]:
    """Compare the stories of two cluster outputs as partitions of the article ids."""

    def stories(counter: Counter[str]) -> dict[str, str]:
        return {r["id"]: r["story"] for r in map(json.loads, counter)}

    sa, sb = stories(a), stories(b)

    def pairs(labels: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in labels.values())

    both = pairs(Counter((sa[k], sb.get(k)) for k in sa))
    p = both / max(1, pairs(Counter(sb.values())))
    r = both / max(1, pairs(Counter(sa.values())))
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / max(1e-12, p + r), 4)}


def main() -> None:
    """Print, per stage, whether the two engines wrote the same records."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root")
    parser.add_argument("first")
    parser.add_argument("second")
    args = parser.parse_args()
    root = Path(args.root)
    failed = False
    for stage in STAGES:
        a, b = lines(root / args.first / stage), lines(root / args.second / stage)
        if not a and not b:
            print(f"{stage:8} no output")
            continue
        same = a == b
        failed |= not same
        extra = f" stories vs {args.first}: {partition_f1(a, b)}" if stage == "cluster" else ""
        print(f"{stage:8} records {sum(a.values())} / {sum(b.values())} equal={same}{extra}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
