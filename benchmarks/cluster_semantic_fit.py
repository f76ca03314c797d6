"""Fit the semantic settings (ClusterConfig.semantic()) on the fit parts of every labelled set.

The same sets and objective as cluster_fit.py (mean B-cubed F1 over giveme5w1h, its titles-only
and no-dates variants and ECB+ train, FIT parts only), searched by coordinates from
the default settings (semantic weight 0), a move taken only if it merges no more synthetic
hard-negative or recurring pairs than the default and keeps the crowded synthetic feed's B-cubed
precision (cluster_bench.py's guards; within STREAM_SLACK). Each text is embedded once (MiniLM,
storyline[semantic]) and the vectors are reused by every trial. Prints every trial and the best
settings found.

    HF_HUB_OFFLINE=1 PYTHONPATH=src python -m benchmarks.cluster_semantic_fit [--rounds 1]
    ... --table default      # mean fit F1 over semantic weight x threshold, the rest default
    ... --pairs              # ECB+ train: how well each cosine tells same-kind incidents apart
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np
from scipy.stats import rankdata

from benchmarks.cluster_fit import MIN_GAIN, fit_sets, scores

from benchmarks.eval.data import Record, ecb_records  # isort: skip (sets sys.path)
from cluster_bench import RECURRING_GAPS, STREAM_ARTICLES
from cluster_hardneg import bcubed, recurring_set, synthetic_set
from cluster_hardneg import score as hard_score
from cluster_synth import generate_events
from storyline.cluster import ClusterConfig, ClusterItem, cluster_items, semantic

GRID: dict[str, list[Any]] = {
    "semantic_weight": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6],  # first: the channel alone
    "threshold": [0.08, 0.1, 0.12, 0.14, 0.16, 0.2, 0.24],
    "short_words": [0, 12],
    "short_threshold": [0.08, 0.12, 0.16, 0.2, 0.24],
    "entity_gate": [0.0, 0.15, 0.25, 0.35],
    "title_boost": [0.0, 0.18, 0.3],
    "subject_lifts_gate": [True, False],
    "dormant_margin": [0.0, 0.1, 0.2],
}

STREAM_SLACK = 0.01  # the feed's B-cubed precision may fall this much below the default's
_WORD = re.compile(r"\w+")
PAIR_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
PAIR_THRESHOLDS = (0.08, 0.1, 0.12, 0.14, 0.16)


def _text(item: ClusterItem) -> str:
    return f"{item.headline}\n{item.text}"


def fit_items(sets: dict[str, list[Record]]) -> list[ClusterItem]:
    """Return the records of every fit set as cluster items."""
    return [
        ClusterItem(r.id, r.text, r.title or "", r.published, r.source, r.url)
        for recs in sets.values()
        for r in recs
    ]


@dataclass(frozen=True)
class Guards:
    """Synthetic sets no setting may get worse on: same-kind events and a crowded feed."""

    # cluster_hardneg.synthetic_set (24 pairs of same-kind events), then the recurring sets:
    # same kind, same place, 0/30/60 and 0/75/150 days apart (each scored on its own)
    negatives: tuple[list[dict[str, str]], ...]
    stream: list[dict[str, str]]  # 3,000 reports at 1,000 a day (cluster_bench's feed)

    @classmethod
    def build(cls) -> Guards:
        """Draw the sets as cluster_bench.py does."""
        recurring = [recurring_set(gaps) for gaps in RECURRING_GAPS.values()]
        stream = list(generate_events(STREAM_ARTICLES, seed=1, per_day=1000.0))
        return cls((synthetic_set(), *recurring), stream)

    def items(self) -> list[ClusterItem]:
        """Return every guard report as a cluster item."""
        return [_item(r) for recs in (*self.negatives, self.stream) for r in recs]

    def score(self, config: ClusterConfig) -> dict[str, float]:
        """Return merged hard-negative pairs and the feed's B-cubed precision under config."""
        merged = 0
        for recs in self.negatives:
            story = {a: s.id for s in cluster_items([_item(r) for r in recs], config)
                     for a in s.article_ids}  # fmt: skip
            merged += int(str(hard_score(recs, story)["merged_pairs"]))
        stories = cluster_items([_item(r) for r in self.stream], config)
        pred = {a: s.id for s in stories for a in s.article_ids}
        precision = bcubed({r["id"]: r["event"] for r in self.stream}, pred)[0]
        return {"merged_pairs": merged, "stream_p": round(precision, 4)}


def _item(record: dict[str, str]) -> ClusterItem:
    return ClusterItem(
        record["id"], record["text"], record["title"], record["published"], record["source"]
    )


def holds(guard: dict[str, float], default: dict[str, float]) -> bool:
    """Tell whether a trial keeps every hard negative apart and the feed's precision."""
    return guard["merged_pairs"] <= default["merged_pairs"] and (
        guard["stream_p"] >= default["stream_p"] - STREAM_SLACK
    )


@contextmanager
def cached_embeddings(items: Sequence[ClusterItem]) -> Iterator[float]:
    """Embed every item once; serve the clustering from that cache; yield CPU s per 1,000."""
    texts = sorted({_text(i) for i in items})
    semantic.embed_texts(["warm up"])  # the model's load is not the embedding's cost
    started = time.process_time()
    cache = dict(zip(texts, semantic.embed_texts(texts), strict=True))
    spent = time.process_time() - started
    original = semantic.embed_items

    def lookup(chosen: Sequence[ClusterItem]) -> list[list[float]]:
        return [cache[_text(i)] for i in chosen]

    semantic.embed_items = lookup  # type: ignore[assignment]
    try:
        yield spent / len(texts) * 1000
    finally:
        semantic.embed_items = original  # type: ignore[assignment]


def _mean(figures: dict[str, float]) -> float:
    return sum(figures.values()) / len(figures)


def search(rounds: int) -> tuple[dict[str, Any], dict[str, float]]:
    """Return the best guarded settings found on the grid (from the default) and their fit F1."""
    sets, guards = fit_sets(), Guards.build()
    names = {f.name for f in fields(ClusterConfig)}
    with cached_embeddings(fit_items(sets) + guards.items()) as per_k:
        print(f"embedding: {per_k:.1f} CPU s per 1,000 texts", flush=True)
        floor = guards.score(ClusterConfig())
        start = asdict(ClusterConfig())  # the channel must earn its weight from zero
        settings = {k: start[k] for k in GRID if k in names}
        best = scores(ClusterConfig(), sets)
        print("start (default)", settings, best, f"mean {_mean(best):.4f}", floor, flush=True)
        for _ in range(rounds):
            for key, values in GRID.items():
                for value in values:
                    if value == settings[key]:
                        continue
                    config = replace(ClusterConfig(), **{**settings, key: value})
                    trial, guard = scores(config, sets), guards.score(config)
                    ok = holds(guard, floor)
                    print(f"  {key}={value}: {_mean(trial):.4f} {trial} {guard}"
                          f"{'' if ok else ' (fails the guards)'}", flush=True)  # fmt: skip
                    if ok and _mean(trial) - _mean(best) > MIN_GAIN:
                        settings[key], best = value, trial
                print(f"{key} -> {settings[key]} (mean F1 {_mean(best):.4f})", flush=True)
    return settings, best


def table(base: ClusterConfig) -> None:
    """Print mean fit F1 (and each set's) over semantic weight x threshold, the rest as base."""
    sets = fit_sets()
    with cached_embeddings(fit_items(sets)):
        for weight in PAIR_WEIGHTS:
            for threshold in PAIR_THRESHOLDS:
                config = replace(base, semantic_weight=weight, threshold=threshold)
                trial = scores(config, sets)
                print(
                    f"weight {weight} threshold {threshold}: {_mean(trial):.4f} {trial}", flush=True
                )


def pair_auc() -> None:
    """Print how well MiniLM and TF-IDF cosines tell ECB+ train's same-kind incidents apart.

    Pairs of documents of one topic: same incident (positive) or the topic's other incident
    (negative); AUC = the chance a positive pair scores above a negative one.
    """
    records = ecb_records("fit") or []
    emb = np.array(semantic.embed_texts([r.text for r in records]))
    lexical = _tfidf_rows([r.text for r in records])
    topic = [r.label.rstrip("abcdefghijklmnopqrstuvwxyz") for r in records]
    upper = np.triu(np.ones((len(records),) * 2, dtype=bool), 1)
    same_topic = upper & (np.array(topic)[:, None] == np.array(topic)[None, :])
    labels = np.array([r.label for r in records])
    same = (labels[:, None] == labels[None, :])[same_topic]
    sem, lex = (emb @ emb.T)[same_topic], (lexical @ lexical.T)[same_topic]
    print(f"{len(records)} docs; {same.sum()} same-incident, {(~same).sum()} other-incident pairs")
    for name, score in (
        ("MiniLM", sem),
        ("TF-IDF", lex),
        *((f"TF-IDF + {a} x MiniLM", lex + a * sem) for a in (0.1, 0.3, 1.0)),
    ):
        print(f"{name}: mean same {score[same].mean():.3f}, other {score[~same].mean():.3f}, "
              f"AUC {_auc(score[same], score[~same]):.3f}")  # fmt: skip


def _tfidf_rows(texts: Sequence[str]) -> np.ndarray:
    """Return unit TF-IDF rows (sublinear tf, smoothed idf) of the texts' lowercased words."""
    docs = [Counter(w.lower() for w in _WORD.findall(t)) for t in texts]
    vocab = {w: k for k, w in enumerate(sorted({w for d in docs for w in d}))}
    rows = np.zeros((len(docs), len(vocab)))
    for row, d in enumerate(docs):
        for w, c in d.items():
            rows[row, vocab[w]] = 1 + math.log(c)
    rows *= np.log((len(docs) + 1) / ((rows > 0).sum(axis=0) + 1)) + 1
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Return P(pos > neg) + half P(pos == neg), from ranks (Mann-Whitney U)."""
    ranks = rankdata(np.concatenate([pos, neg]))  # ties share their mean rank
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def main() -> None:
    """Run the search and print the result (--table: the weight x threshold table instead)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--table",
        choices=("default", "semantic"),
        help="weight x threshold around ClusterConfig() or ClusterConfig.semantic()",
    )
    parser.add_argument("--pairs", action="store_true", help="ECB+ train pair AUCs only")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.pairs:
        pair_auc()
    elif args.table:
        table(ClusterConfig() if args.table == "default" else ClusterConfig.semantic())
    else:
        settings, best = search(args.rounds)
        print(json.dumps({"settings": settings, "fit_bcubed_f1": best}, indent=2))
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
