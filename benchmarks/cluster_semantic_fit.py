"""Fit the semantic settings (ClusterConfig.semantic()) on the fit parts of every labelled set.

The same sets and objective as cluster_fit.py (mean B-cubed F1 over giveme5w1h, its titles-only
and no-dates variants and ECB+ train, FIT parts only), searched by coordinates from
ClusterConfig.semantic(). Each text is embedded once (MiniLM, storyline[semantic]) and the
vectors are reused by every trial. Prints the start, every trial and the best settings found.

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
from dataclasses import asdict, fields, replace
from typing import Any

import numpy as np
from scipy.stats import rankdata

from benchmarks.cluster_fit import MIN_GAIN, fit_sets, scores
from benchmarks.eval.data import Record, ecb_records
from storyline.cluster import ClusterConfig, ClusterItem, semantic

GRID: dict[str, list[Any]] = {
    "threshold": [0.08, 0.1, 0.12, 0.14, 0.16, 0.2, 0.24],
    "semantic_weight": [0.1, 0.2, 0.3, 0.45, 0.6, 0.8],
    "short_words": [0, 12],
    "short_threshold": [0.08, 0.12, 0.16, 0.2, 0.24],
    "entity_gate": [0.0, 0.15, 0.25, 0.35],
    "title_boost": [0.0, 0.18, 0.3],
    "subject_lifts_gate": [True, False],
    "dormant_margin": [0.0, 0.1, 0.2],
}

_WORD = re.compile(r"\w+")
PAIR_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
PAIR_THRESHOLDS = (0.08, 0.1, 0.12, 0.14, 0.16)


def _text(item: ClusterItem) -> str:
    return f"{item.headline}\n{item.text}"


@contextmanager
def cached_embeddings(sets: dict[str, list[Record]]) -> Iterator[float]:
    """Embed every record once; serve the clustering from that cache; yield the CPU seconds."""
    items = [
        ClusterItem(r.id, r.text, r.title or "", r.published, r.source, r.url)
        for recs in sets.values()
        for r in recs
    ]
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
    """Return the best semantic settings found on the grid and their per-set fit F1."""
    sets = fit_sets()
    names = {f.name for f in fields(ClusterConfig)}
    with cached_embeddings(sets) as per_k:
        print(f"embedding: {per_k:.1f} CPU s per 1,000 texts", flush=True)
        print("default (no semantic)", scores(ClusterConfig(), sets), flush=True)
        start = asdict(ClusterConfig.semantic())
        settings = {k: start[k] for k in GRID if k in names}
        best = scores(replace(ClusterConfig.semantic(), **settings), sets)
        print("start", settings, best, f"mean {_mean(best):.4f}", flush=True)
        for _ in range(rounds):
            for key, values in GRID.items():
                for value in values:
                    if value == settings[key]:
                        continue
                    trial = scores(
                        replace(ClusterConfig.semantic(), **{**settings, key: value}), sets
                    )
                    print(f"  {key}={value}: {_mean(trial):.4f} {trial}", flush=True)
                    if _mean(trial) - _mean(best) > MIN_GAIN:
                        settings[key], best = value, trial
                print(f"{key} -> {settings[key]} (mean F1 {_mean(best):.4f})", flush=True)
    return settings, best


def table(base: ClusterConfig) -> None:
    """Print mean fit F1 (and each set's) over semantic weight x threshold, the rest as base."""
    sets = fit_sets()
    with cached_embeddings(sets):
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
