"""Report story clustering on giveme5w1h's upstream train/test split and the hard negatives.

    python benchmarks/cluster_tune.py [--data ../shared/data] [--config '{"threshold": 0.1}']

Cleaned texts and duplicate groups come from the real pipeline (cached in a temporary store per
run); each split (train, test, all) is clustered on its own, so test articles never shape the
stories of train articles. Prints one JSON report: B-cubed P/R/F1 and ARI per split, merged
hard-negative pairs (real, synthetic, synthetic of other seeds) and the seeds' story sizes.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from cluster_bench import cleaned_items, metrics
from cluster_hardneg import real_set, synthetic_set
from cluster_hardneg import score as hard_score
from storyline import pipeline
from storyline.cluster.batch import cluster_items
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.cluster.run import duplicate_groups
from storyline.store import Store

OTHER_SEEDS = range(1, 9)  # held-out synthetic hard-negative sets (the bench uses seed 11)


def load(folder: Path, db: Path) -> tuple[list[ClusterItem], dict[str, str]]:
    """Ingest, clean and dedup a folder; return cleaned items and duplicate groups."""
    with Store.open(db) as store:
        pipeline.ingest(store, [str(folder)])
        pipeline.clean(store)
        pipeline.dedup(store)
        return cleaned_items(store), duplicate_groups(store)


def run(data: Path, config: ClusterConfig) -> dict[str, Any]:
    """Score config on every split, the hard negatives and the seeds."""
    base = data / "giveme5w1h-news-cluster" / "news_cluster"
    with tempfile.TemporaryDirectory() as tmp:
        items, dups = load(base / "data", Path(tmp) / "g.db")
        seeds, seed_dups = load(data / "seeds", Path(tmp) / "s.db")
    gold = {
        p.stem: str(json.loads(p.read_text(encoding="utf-8"))["newsCluster"]["EventId"])
        for p in (base / "data").glob("*.json")
    }
    split = json.loads((base / "sampling.json").read_text(encoding="utf-8"))
    parts = {
        "train": {Path(f).stem for f in split["training"]},
        "test": {Path(f).stem for f in split["test"]},
        "all": set(gold),
    }
    report: dict[str, Any] = {}
    for name, ids in parts.items():
        chosen = [i for i in items if i.id in ids]
        pred = _stories(chosen, config, dups)
        report[name] = {"articles": len(chosen), **metrics({a: gold[a] for a in ids}, pred)}
    by_id = {i.id: i for i in items}
    real = real_set(data / "giveme5w1h-news-cluster")
    synthetic = synthetic_set()
    synth_items = [ClusterItem(r["id"], r["text"], r["title"], r["published"]) for r in synthetic]
    for name, records, chosen in (
        ("hard_real", real, [by_id[r["id"]] for r in real]),
        ("hard_synthetic", synthetic, synth_items),
    ):
        scored = hard_score(records, _stories(chosen, config, dups))
        keys = ("event_pairs", "merged_pairs", "merged", "bcubed_f1")
        report[name] = {k: scored[k] for k in keys}
    report["hard_synthetic_other_seeds"] = _other_seeds(config)
    sizes = sorted(len(s.article_ids) for s in cluster_items(seeds, config, duplicates=seed_dups))
    report["seeds_story_sizes"] = sizes
    return report


def _other_seeds(config: ClusterConfig) -> dict[int, int]:
    """Return merged same-kind event pairs per synthetic seed other than the tuned-on 11."""
    merged = {}
    for seed in OTHER_SEEDS:
        records = synthetic_set(seed)
        chosen = [ClusterItem(r["id"], r["text"], r["title"], r["published"]) for r in records]
        merged[seed] = int(hard_score(records, _stories(chosen, config, {}))["merged_pairs"])
    return merged


def _stories(
    items: list[ClusterItem], config: ClusterConfig, dups: dict[str, str]
) -> dict[str, str]:
    return {a: s.id for s in cluster_items(items, config, duplicates=dups) for a in s.article_ids}


def main() -> None:
    """Parse arguments, score the configuration, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--config", default="{}", help="ClusterConfig overrides as JSON")
    args = parser.parse_args()
    known = {f.name for f in fields(ClusterConfig)}
    overrides = json.loads(args.config)
    unknown = set(overrides) - known
    if unknown:
        parser.error(f"unknown ClusterConfig fields: {sorted(unknown)}")
    print(json.dumps(run(args.data, ClusterConfig(**overrides)), indent=1))


if __name__ == "__main__":
    main()
