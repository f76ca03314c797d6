"""Score the copy graph on generated copy families, whose every copy knows its parent.

A second check of who-copied-whom beside the eval suite's `copies` stage, on data made by
another hand: `corpus_gen.py`'s v2 profile (pseudo-word news; copies drop, insert, reorder,
truncate and spin, wrap in an outlet's header, footer and promo, glue on spam; copies of
copies; dates are days, so most of a family ties and the texts must give the direction). No
setting was chosen on it. Each family (an original and its copies, 2-40 articles) is cleaned
and analysed as one story (clean_text + analyze_story).

- parent_right: a copy's edge names its parent, or an article whose cleaned text is the
  parent's (word 5-gram Jaccard >= 0.9);
- backwards: a copy named as the source of one of its own ancestors.

    python benchmarks/copy_graph_gen.py --docs 4000 --seed 2
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus_gen import generate
from benchmarks.eval.copies import grams, jaccard
from storyline.analyze.provenance import StoryArticle
from storyline.analyze.story import analyze_story
from storyline.clean import clean_text


def families(docs: int, seed: int) -> dict[str, list[dict[str, str]]]:
    """Return the generated records grouped by copy family (2-40 articles).

    The generator numbers articles in the order it makes them, and ties fall back on ids: ids
    are replaced by hashes so that they tell nothing of the order.
    """
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in generate(docs, seed, parents=True):
        for key in ("id", "parent"):
            if record.get(key):
                record[key] = hashlib.sha1(f"{seed}:{record[key]}".encode()).hexdigest()[:12]
        groups[record["cluster"]].append(record)
    return {k: v for k, v in groups.items() if 2 <= len(v) <= 40}


def ancestors(records: list[dict[str, str]]) -> dict[str, set[str]]:
    """Return each article's ancestors within its family."""
    parent = {r["id"]: r.get("parent") for r in records}
    out: dict[str, set[str]] = {}
    for r in records:
        up, node = set(), parent[r["id"]]
        while node:
            up.add(node)
            node = parent.get(node)
        out[r["id"]] = up
    return out


def score_family(records: list[dict[str, str]]) -> tuple[int, int, int]:
    """Analyse one family as a story; return (copies, parents named right, backwards)."""
    texts = {r["id"]: clean_text(r["text"], title=r["title"]).text for r in records}
    articles = [
        StoryArticle(r["id"], texts[r["id"]], source=r["source"], published=r["published"],
                     title=r["title"], raw_text=r["text"])
        for r in records
    ]  # fmt: skip
    edges = {e.copy: e.source for e in analyze_story(records[0]["cluster"], articles).copy_edges}
    sets = {k: grams(v) for k, v in texts.items()}
    up = ancestors(records)
    copies = right = backwards = 0
    for r in records:
        me, parent = r["id"], r.get("parent")
        if parent:
            copies += 1
            same = {o for o in sets if o == parent or jaccard(sets[o], sets[parent]) >= 0.9}
            right += edges.get(me) in same
        backwards += any(edges.get(a) == me for a in up[me])
    return copies, right, backwards


def main() -> None:
    """Generate, analyse every family, print the shares."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    totals = [0, 0, 0]
    groups = families(args.docs, args.seed)
    for records in groups.values():
        for k, v in enumerate(score_family(records)):
            totals[k] += v
    copies, right, backwards = totals
    print(
        f"{len(groups)} families, {copies} copies: parent_right {right / max(1, copies):.3f}, "
        f"backwards {backwards / max(1, copies):.3f} ({time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
