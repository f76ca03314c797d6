"""Blocked story assignment against the serial engine: same stories? how close to gold?

    python benchmarks/cluster_blocks_bench.py --blocks 2,8
    python benchmarks/cluster_blocks_bench.py --feeds giveme5w1h --blocks 8

Each feed is written as one JSONL file and clustered by the corpus engine
(storyline.cluster.dask_engine.cluster_corpus) in one process: once with one story engine
(--blocks 0, the serial stories) and once per --blocks value (independent blocks packed into
that many bins, cluster/blocks.py). Printed per run: the share of articles whose story (as a
set of articles) is the serial one, pairwise precision/recall/F1 of the blocked stories against
the serial ones, the story counts, the CPU seconds of the assignment and, where the feed has
gold events, B-cubed F1 against gold (giveme5w1h: its check part, benchmarks/splits.py).
Feeds: corpus (benchmarks/corpus_gen.py, dup_cluster = its copy clusters), synth
(benchmarks/cluster_synth.py's event stream, 1,000 a day), giveme5w1h (/work/shared/data).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cluster_hardneg import bcubed  # noqa: E402
from splits import part_of  # noqa: E402
from storyline.cluster.dask_engine import cluster_corpus  # noqa: E402
from storyline.dedup.partitions import plan_partitions, records  # noqa: E402

DATA = Path("/work/shared/data")


def corpus_feed(n: int) -> Iterator[dict[str, Any]]:
    """Yield the generated corpus with its copy clusters as duplicate groups."""
    from corpus_gen import generate

    for row in generate(n, seed=7):
        yield {**row, "dup_cluster": row["cluster"]}


def synth_feed(n: int) -> Iterator[dict[str, Any]]:
    """Yield the synthetic event stream (gold: event)."""
    from cluster_synth import generate_events

    for row in generate_events(n, seed=1, per_day=1000.0):
        yield {**row, "gold": row["event"]}


def giveme_feed(_: int) -> Iterator[dict[str, Any]]:
    """Yield every giveme5w1h article (gold: its event)."""
    for path in sorted((DATA / "giveme5w1h-news-cluster" / "news_cluster" / "data").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        yield {
            "id": doc["dId"],
            "title": doc.get("title") or "",
            "text": doc.get("text") or "",
            "published": doc.get("date_publish") or "",
            "source": doc.get("source_domain") or "",
            "gold": str(doc["newsCluster"]["EventId"]),
        }


FEEDS = {"corpus": corpus_feed, "synth": synth_feed, "giveme5w1h": giveme_feed}


def stories(path: Path, work: Path, blocks: int) -> tuple[dict[str, str], float]:
    """Cluster the feed file; return article -> story and the assignment's CPU seconds."""
    out = work / f"out-{blocks}"
    before = time.process_time()
    cluster_corpus(plan_partitions([str(path)]), str(work / "spill"), str(out), blocks=blocks)
    cpu = time.process_time() - before
    found: dict[str, str] = {}
    for part in plan_partitions([str(out)]):
        found.update({r["id"]: r["story"] for r in records(part)})
    return found, cpu


def pairwise(truth: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    """Return pairwise precision, recall and F1 of pred against truth."""

    def pairs(labels: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in labels.values())

    both = pairs(Counter((truth[a], pred[a]) for a in truth))
    p = both / max(1, pairs(Counter(pred.values())))
    r = both / max(1, pairs(Counter(truth.values())))
    return p, r, 2 * p * r / max(1e-12, p + r)


def same_story(truth: dict[str, str], pred: dict[str, str]) -> float:
    """Return the share of articles whose story holds exactly the same articles."""

    def members(labels: dict[str, str]) -> dict[str, frozenset[str]]:
        groups: dict[str, set[str]] = {}
        for a, s in labels.items():
            groups.setdefault(s, set()).add(a)
        frozen = {s: frozenset(m) for s, m in groups.items()}
        return {a: frozen[s] for a, s in labels.items()}

    t, p = members(truth), members(pred)
    return sum(t[a] == p[a] for a in truth) / max(1, len(truth))


def run(feed: str, n: int, blocks: list[int]) -> list[dict[str, Any]]:
    """Compare every blocking of one feed with its serial stories."""
    rows = list(FEEDS[feed](n))
    gold = {r["id"]: r["gold"] for r in rows if "gold" in r}
    if feed == "giveme5w1h":
        gold = {a: e for a, e in gold.items() if part_of("giveme5w1h", e) == "check"}
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "feed.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        serial, cpu0 = stories(path, work, 0)
        for b in [0, *blocks]:
            found, cpu = (serial, cpu0) if b == 0 else stories(path, work, b)
            p, r, f = pairwise(serial, found)
            row: dict[str, Any] = {
                "feed": feed,
                "articles": len(rows),
                "blocks": b,
                "same_story": same_story(serial, found),
                "p": p,
                "r": r,
                "f1": f,
                "stories": len(set(found.values())),
                "cpu_s": cpu,
            }
            if gold:
                row["gold_bcubed_f1"] = bcubed(gold, {a: found[a] for a in gold})[2]
            out.append(row)
            print(
                json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}),
                flush=True,
            )
    return out


def main() -> None:
    """Run the comparison on the chosen feeds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", default="corpus,synth,giveme5w1h")
    parser.add_argument("--docs", type=int, default=10_000, help="articles of generated feeds")
    parser.add_argument("--blocks", default="2,8", help="comma-separated bin counts")
    args = parser.parse_args()
    for feed in args.feeds.split(","):
        if feed == "giveme5w1h" and not DATA.is_dir():
            print("giveme5w1h: /work/shared/data is not available, skipped")
            continue
        run(feed, args.docs, [int(b) for b in args.blocks.split(",")])


if __name__ == "__main__":
    main()
