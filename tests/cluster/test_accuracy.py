"""Pinned accuracy floors on the shared giveme5w1h news clusters (skipped without ../shared).

The numbers come from benchmarks/cluster_bench.py; the floors sit a little below what it
measures so that an unrelated change does not trip them, while a real regression does.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.cluster.run import cluster_store, duplicate_groups
from storyline.store import Store

FLOOR_BCUBED_F1 = 0.945  # measured 0.950 (P 0.982, R 0.921)
FLOOR_ARI = 0.91  # measured 0.918


def bcubed_f1(gold: dict[str, str], pred: dict[str, str]) -> float:
    gsize, psize = Counter(gold.values()), Counter(pred.values())
    both = Counter((gold[a], pred[a]) for a in gold)
    p = sum(both[(gold[a], pred[a])] / psize[pred[a]] for a in gold) / len(gold)
    r = sum(both[(gold[a], pred[a])] / gsize[gold[a]] for a in gold) / len(gold)
    return 2 * p * r / (p + r)


def adjusted_rand(gold: dict[str, str], pred: dict[str, str]) -> float:
    pairs = sum(math.comb(v, 2) for v in Counter((gold[a], pred[a]) for a in gold).values())
    ga = sum(math.comb(v, 2) for v in Counter(gold.values()).values())
    pa = sum(math.comb(v, 2) for v in Counter(pred.values()).values())
    expected = ga * pa / math.comb(len(gold), 2)
    return (pairs - expected) / ((ga + pa) / 2 - expected)


@pytest.mark.slow
def test_giveme5w1h_floor(shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "giveme5w1h-news-cluster" / "news_cluster" / "data"
    gold = {
        p.stem: str(json.loads(p.read_text(encoding="utf-8"))["newsCluster"]["EventId"])
        for p in folder.glob("*.json")
    }
    with Store.open(tmp_path / "g.db") as store:
        pipeline.ingest(store, [str(folder)])
        pipeline.clean(store)
        cluster_store(store, duplicates=duplicate_groups(store))
        pred = {a: s["id"] for s in store.list_stories() for a in s["article_ids"]}
    assert set(pred) == set(gold)  # every article is in exactly one story
    assert bcubed_f1(gold, pred) >= FLOOR_BCUBED_F1
    assert adjusted_rand(gold, pred) >= FLOOR_ARI
