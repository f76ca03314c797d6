"""Story clustering benchmark: accuracy (with a TF-IDF baseline and hard negatives) and speed.

    python benchmarks/cluster_bench.py accuracy [--data ../shared/data] [--check] [--semantic]
    python benchmarks/cluster_bench.py speed [--n 100000] [--per-day 3000] [--batch 5000]

accuracy: giveme5w1h news_cluster through the real pipeline (ingest, clean, dedup, cluster in a
temporary store), B-cubed P/R/F1 and ARI against newsCluster.EventId; in the same run a plain
TF-IDF + average-link agglomerative baseline on the same cleaned texts; the ceiling of a
clusterer that never links reports across G silent days (the gold events cut at such gaps), and
the score if the strays published within 3 days of their event's main story were placed in it;
then the hard-negative check set of cluster_hardneg.py (real same-kind giveme5w1h events,
synthetic same-kind events, recurring events in one place) and a dense synthetic feed (3,000
articles at 1,000 a day).
--check exits 1 when a pinned floor is not met. --semantic also scores ClusterConfig.semantic()
(MiniLM, needs storyline[semantic]) on the same sets, beside the default.

speed: synthetic events from cluster_synth.py fed to a store in batches (as a feed would), one
incremental `cluster` run per batch; reports docs/s of clustering, peak memory and the size of
the engine's active window.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from cluster_hardneg import bcubed, real_set, recurring_set, synthetic_set
from cluster_hardneg import score as hard_score
from cluster_oracle import cut_at_silences, place_near_main
from cluster_synth import generate_events
from storyline import pipeline
from storyline.cluster.batch import cluster_items
from storyline.cluster.features import tokenize
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.cluster.run import cluster_store
from storyline.config import IngestConfig
from storyline.models import Article
from storyline.store import Store

FLOORS = {
    "bcubed_f1": 0.945,
    "ari": 0.91,
    "hard_real_merged": 1,
    "hard_synthetic_merged": 0,
    "recurring_merged": 0,
}
BASELINE_THRESHOLD = 0.2  # fixed before looking at this set; the best of a grid is shown too
CEILING_GAPS = (14, 30, 60, 90)  # days of silence after which a windowed clusterer closes a story
NEAR_DAYS = 3  # strays published this close to their event's main story (see cluster_oracle.py)
RECURRING_GAPS = {"within_window": (0, 30, 60), "after_window": (0, 75, 150)}  # days apart
# The same within a week, reported and not pinned: the town, the country and the kind's words
# outweigh a new suspect and a new toll, so such events merge (a known limit, see the README).
RECURRING_SOON = (0, 4, 8)
STREAM_ARTICLES = 3000  # a dense synthetic feed (1,000 a day): precision where events crowd


def adjusted_rand(gold: dict[str, str], pred: dict[str, str]) -> float:
    """Return the adjusted Rand index of pred against gold."""
    n = len(gold)
    both = Counter((gold[a], pred.get(a, a)) for a in gold)
    pairs = sum(math.comb(v, 2) for v in both.values())
    ga = sum(math.comb(v, 2) for v in Counter(gold.values()).values())
    pa = sum(math.comb(v, 2) for v in Counter(pred.get(a, a) for a in gold).values())
    expected = ga * pa / math.comb(n, 2)
    top = (ga + pa) / 2
    return (pairs - expected) / (top - expected) if top != expected else 1.0


def metrics(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Return B-cubed P/R/F1 and ARI, rounded."""
    p, r, f = bcubed(gold, pred)
    return {
        "bcubed_p": round(p, 4),
        "bcubed_r": round(r, 4),
        "bcubed_f1": round(f, 4),
        "ari": round(adjusted_rand(gold, pred), 4),
    }


def giveme_store(data: Path, db: Path) -> tuple[Store, dict[str, str], float]:
    """Ingest, clean, dedup and cluster the giveme5w1h set; return store, gold, cluster seconds."""
    folder = data / "giveme5w1h-news-cluster" / "news_cluster" / "data"
    gold = {
        p.stem: str(json.loads(p.read_text(encoding="utf-8"))["newsCluster"]["EventId"])
        for p in folder.glob("*.json")
    }
    store = Store.open(db)
    pipeline.ingest(store, [str(folder)])
    pipeline.clean(store)
    dedup = getattr(pipeline, "dedup", None)
    if callable(dedup):
        dedup(store)
    start = time.perf_counter()
    pipeline.cluster(store)
    return store, gold, time.perf_counter() - start


def stored_stories(store: Store) -> dict[str, str]:
    """Return article id -> story id of every story in a store."""
    return {a: s["id"] for s in store.list_stories() for a in s["article_ids"]}


def cleaned_items(store: Store) -> list[ClusterItem]:
    """Return every stored article as a clustering item with its cleaned text."""
    out = []
    for article in store.iter_articles():
        cleaned = store.get_cleaned(article.id)
        out.append(ClusterItem.from_article(article, cleaned.text if cleaned else None))
    return out


def baseline(items: list[ClusterItem], thresholds: list[float]) -> dict[float, dict[str, str]]:
    """Plain TF-IDF (sublinear tf, smoothed idf, cosine) + average-link agglomerative."""
    docs = [
        Counter(w for w in tokenize(f"{i.title}\n{i.text}") if not w.startswith("#")) for i in items
    ]
    vocab = {w: k for k, w in enumerate(sorted({w for d in docs for w in d}))}
    df = np.zeros(len(vocab))
    for d in docs:
        df[[vocab[w] for w in d]] += 1
    idf = np.log((len(docs) + 1) / (df + 1)) + 1
    x = np.zeros((len(docs), len(vocab)))
    for row, d in enumerate(docs):
        for w, c in d.items():
            x[row, vocab[w]] = (1 + math.log(c)) * idf[vocab[w]]
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    sim = x @ x.T
    return {t: _average_link(sim, t, [i.id for i in items]) for t in thresholds}


def _average_link(sim: np.ndarray, threshold: float, ids: list[str]) -> dict[str, str]:
    """Merge the closest pair of clusters (mean pairwise cosine) until none reaches threshold."""
    n = len(ids)
    link = sim.astype(float).copy()
    np.fill_diagonal(link, -np.inf)
    size = np.ones(n)
    label = list(range(n))
    alive = np.ones(n, dtype=bool)
    while True:
        i, j = np.unravel_index(int(np.argmax(link)), link.shape)
        if link[i, j] < threshold:
            break
        link[i, :] = (link[i, :] * size[i] + link[j, :] * size[j]) / (size[i] + size[j])
        link[:, i] = link[i, :]
        link[i, i] = -np.inf
        link[j, :] = link[:, j] = -np.inf
        size[i] += size[j]
        alive[j] = False
        label = [i if lab == j else lab for lab in label]
    return {ids[k]: f"b{label[k]}" for k in range(n)}


def accuracy(data: Path, *, semantic: bool = False) -> dict[str, Any]:
    """Run the accuracy benchmark and return its report."""
    with tempfile.TemporaryDirectory() as tmp:
        store, gold, seconds = giveme_store(data, Path(tmp) / "g.db")
        with store:
            pred = stored_stories(store)
            items = cleaned_items(store)
            if semantic:
                pipeline.cluster(store, semantic=True, full=True)
                semantic_pred = stored_stories(store)
    grid = [0.1, 0.15, 0.2, 0.25, 0.3]
    base = {t: metrics(gold, p) for t, p in baseline(items, grid).items()}
    best = max(grid, key=lambda t: base[t]["bcubed_f1"])
    by_id = {i.id: i for i in items}
    published = {i.id: i.published for i in items}
    real = real_set(data / "giveme5w1h-news-cluster")
    synthetic = synthetic_set()
    real_items = [by_id[r["id"]] for r in real]
    synth_items = _items(synthetic)
    recurring = {name: recurring_set(gaps) for name, gaps in RECURRING_GAPS.items()}
    real_pred, synth_pred = _stories(real_items), _stories(synth_items)
    stream = list(generate_events(STREAM_ARTICLES, seed=1, per_day=1000.0))
    stream_items = [
        ClusterItem(r["id"], r["text"], r["title"], r["published"], r["source"]) for r in stream
    ]
    stream_gold = {r["id"]: r["event"] for r in stream}
    base_real = baseline(real_items, [BASELINE_THRESHOLD])[BASELINE_THRESHOLD]
    base_synth = baseline(synth_items, [BASELINE_THRESHOLD])[BASELINE_THRESHOLD]
    report = {
        "giveme5w1h": {
            **metrics(gold, pred),
            "articles": len(gold),
            "events": len(set(gold.values())),
            "stories": len(set(pred.values())),
            "cluster_seconds": round(seconds, 2),
        },
        # What a perfect clusterer scores if it never links reports across G silent days:
        # the labels join reports months apart, which any time window must keep apart.
        "ceiling_by_silent_days": {
            str(days): _scored(gold, cut_at_silences(gold, published, days))
            for days in CEILING_GAPS
        },
        # Where the recall goes: the score if every stray of an event published within
        # NEAR_DAYS of its main story were placed in it (wrong merges left as they are).
        "strays_near_main_placed": _near_main(gold, pred, published),
        "baseline_tfidf_average_link": {
            "threshold": BASELINE_THRESHOLD,
            **base[BASELINE_THRESHOLD],
            "best_of_grid": {"threshold": best, **base[best]},
        },
        "hard_negatives_real": hard_score(real, real_pred),
        "hard_negatives_synthetic": hard_score(synthetic, synth_pred),
        # The same synthetic set through the whole pipeline: dedup's groups bind stories too.
        "hard_negatives_synthetic_pipeline": _brief(hard_score(synthetic, _pipeline(synthetic))),
        "recurring_same_place": _recurring(recurring),
        "recurring_same_place_days_apart": _recurring({"0_4_8": recurring_set(RECURRING_SOON)}),
        f"synthetic_stream_{STREAM_ARTICLES}": metrics(stream_gold, _stories(stream_items)),
        "baseline_hard_negatives": {
            "real": _brief(hard_score(real, base_real)),
            "synthetic": _brief(hard_score(synthetic, base_synth)),
        },
    }
    if semantic:
        config = ClusterConfig.semantic()
        report["semantic"] = {
            "config": {
                "semantic_weight": config.semantic_weight,
                "threshold": config.threshold,
                "dormant_margin": config.dormant_margin,
                "entity_gate": config.entity_gate,
                "title_boost": config.title_boost,
                "subject_lifts_gate": config.subject_lifts_gate,
            },
            "giveme5w1h": metrics(gold, semantic_pred),
            "strays_near_main_placed": _near_main(gold, semantic_pred, published),
            "hard_negatives_real": _brief(hard_score(real, _stories(real_items, config))),
            "hard_negatives_synthetic": _brief(
                hard_score(synthetic, _stories(synth_items, config))
            ),
            "recurring_same_place": _recurring(recurring, config),
            f"synthetic_stream_{STREAM_ARTICLES}": metrics(
                stream_gold, _stories(stream_items, config)
            ),
        }
    return report


def _scored(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    return {**metrics(gold, pred), "stories": len(set(pred.values()))}


def _near_main(
    gold: dict[str, str], pred: dict[str, str], published: dict[str, str | None]
) -> dict[str, Any]:
    placed, moved = place_near_main(gold, pred, published, NEAR_DAYS)
    return {"days": NEAR_DAYS, "strays": moved, **_scored(gold, placed)}


def _recurring(
    sets: dict[str, list[dict[str, str]]], config: ClusterConfig | None = None
) -> dict[str, dict[str, Any]]:
    """Score each recurring-events set (see cluster_hardneg.recurring_set)."""
    return {
        name: _brief(hard_score(recs, _stories(_items(recs), config)))
        for name, recs in sets.items()
    }


def _items(records: list[dict[str, str]]) -> list[ClusterItem]:
    return [ClusterItem(r["id"], r["text"], r["title"], r["published"]) for r in records]


def _brief(score: dict[str, Any]) -> dict[str, Any]:
    return {k: score[k] for k in ("event_pairs", "merged_pairs", "bcubed_f1")}


def _stories(items: list[ClusterItem], config: ClusterConfig | None = None) -> dict[str, str]:
    return {a: s.id for s in cluster_items(items, config) for a in s.article_ids}


def _pipeline(records: list[dict[str, str]]) -> dict[str, str]:
    """Store records, then clean, dedup and cluster them; return article id -> story id."""
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "h.db") as store:
        pipeline.store_records(store, [_article(r) for r in records], IngestConfig())
        pipeline.clean(store)
        pipeline.dedup(store)
        pipeline.cluster(store)
        return stored_stories(store)


def check(report: dict[str, Any]) -> list[str]:
    """Return the pinned floors the report misses."""
    g = report["giveme5w1h"]
    failures = [f"{k} {g[k]} < {FLOORS[k]}" for k in ("bcubed_f1", "ari") if g[k] < FLOORS[k]]
    for part, key in (
        ("hard_negatives_real", "hard_real_merged"),
        ("hard_negatives_synthetic", "hard_synthetic_merged"),
    ):
        if report[part]["merged_pairs"] > FLOORS[key]:
            failures.append(f"{part}: {report[part]['merged_pairs']} merged pairs > {FLOORS[key]}")
    for name, part in report["recurring_same_place"].items():
        if part["merged_pairs"] > FLOORS["recurring_merged"]:
            failures.append(f"recurring {name}: {part['merged_pairs']} merged pairs > 0")
    return failures


def speed(n: int, per_day: float, batch: int) -> dict[str, Any]:
    """Feed n synthetic articles to a store in batches, clustering after each; time it."""
    records = generate_events(n, seed=1, per_day=per_day)
    config = IngestConfig(batch_size=batch)
    cluster_seconds = ingest_seconds = 0.0
    gold: dict[str, str] = {}
    runs = 0
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "speed.db") as store:
        while chunk := [r for _, r in zip(range(batch), records, strict=False)]:
            gold.update({r["id"]: r["event"] for r in chunk})
            start = time.perf_counter()
            pipeline.store_records(store, [_article(r) for r in chunk], config)
            ingest_seconds += time.perf_counter() - start
            start = time.perf_counter()
            report = cluster_store(store)
            cluster_seconds += time.perf_counter() - start
            runs += 1
            print(
                f"  {len(gold):>7} articles  cluster {cluster_seconds:7.1f}s  {report.summary()}",
                file=sys.stderr,
                flush=True,
            )
        pred = stored_stories(store)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return {
        "articles": n,
        "per_day": per_day,
        "batch": batch,
        "runs": runs,
        "cluster_seconds": round(cluster_seconds, 1),
        "docs_per_second": round(n / cluster_seconds),
        "ingest_seconds": round(ingest_seconds, 1),
        "peak_rss_mb": rss,
        **metrics(gold, pred),
    }


def _article(record: dict[str, str]) -> Article:
    return Article(
        id=record["id"],
        text=record["text"],
        title=record["title"],
        published=record["published"],
        source=record["source"],
        content_hash=hashlib.blake2b(record["text"].encode(), digest_size=8).hexdigest(),
    )


def main() -> None:
    """Parse arguments, run the chosen benchmark, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("accuracy", "speed"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--check", action="store_true", help="exit 1 below the pinned floors")
    parser.add_argument("--semantic", action="store_true", help="also score the MiniLM settings")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--per-day", type=float, default=3000.0)
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()
    if args.what == "accuracy":
        report = accuracy(args.data, semantic=args.semantic)
        print(json.dumps(report, indent=2))
        failures = check(report)
        for failure in failures:
            print(f"below floor: {failure}", file=sys.stderr)
        sys.exit(1 if args.check and failures else 0)
    print(json.dumps(speed(args.n, args.per_day, args.batch), indent=2))


if __name__ == "__main__":
    main()
