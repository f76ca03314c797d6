"""Would a learned same-story model beat the hand-built score? A logistic model over the channels.

Every time the engine places an article, each open story it retrieves is one pair: features are
the channel cosines (terms, names, title) with the entity gate, the headline-only factor, the
time penalty, the name and figure conflicts (cluster/conflict.py) and whether the article is a
brief; the label is whether the article's gold event is the story's majority event. A logistic
regression is fitted on the FIT parts of every set jointly (giveme5w1h, titles only, no dates,
ECB+ train; each set weighs the same), and scored on every part beside the engine's own score
(content minus penalties) by ROC AUC: how well each ranks same-story pairs above the others.

    PYTHONPATH=src python -m benchmarks.cluster_learned

A model that does not rank the check parts' pairs better is unlikely to place better from the
same channels. Measured 2026-12-07: the model's AUC is at or below the engine's on every part
(ECB+ dev 0.917 vs 0.932, giveme5w1h titles 0.937 vs 0.947, the others equal), so it was not
taken (the name and figure conflicts get negative weights, yet the model ranks no better).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import numpy as np
from scipy.optimize import minimize

from benchmarks.eval.cluster import SETS  # isort: skip (sets sys.path)
from benchmarks.eval.data import Record
from storyline.cluster import ClusterConfig, ClusterItem
from storyline.cluster.batch import prepare_all
from storyline.cluster.conflict import name_conflict, number_conflict
from storyline.cluster.engine import StoryEngine
from storyline.cluster.prepared import Prepared
from storyline.cluster.story_state import StoryState, Verdict
from storyline.cluster.vectors import ENTITY_PREFIX, weigh

FEATURES = ("terms*gate", "names*gate", "title*gate", "title", "time", "names conflict",
            "figures conflict", "brief", "brief*title", "gate")  # fmt: skip
L2 = 1e-3  # ridge on the weights: ~6,000 fit pairs, 10 features


def pair_features(records: list[Record], config: ClusterConfig) -> tuple[np.ndarray, np.ndarray]:
    """Run the engine over records; return (features, same-event label) of every scored pair.

    The pairs are those placing scores: each open story the index retrieves for the article.
    """
    gold = {r.id: r.label for r in records}
    items = [
        ClusterItem(r.id, r.text, r.title or "", r.published, r.source, r.url) for r in records
    ]
    engine = StoryEngine(config)
    labels: dict[str, Counter[str]] = {}
    rows: list[list[float]] = []
    truth: list[bool] = []
    for item in sorted(prepare_all(items, config, {}), key=lambda p: p.order_key):
        probe = StoryEngine.from_json(config, engine.to_json())  # judging counts words: a copy
        for story_id, story in list(probe.stories.items()):
            majority = labels.get(story_id)
            verdict = probe.judge(item, story_id)
            probe.df.docs -= 1  # uncount the article: every story is judged as placing would
            probe.df.counts.subtract(item.features.df_keys())
            if verdict.retrieved and majority:
                rows.append(_features(probe, item, story, verdict))
                truth.append(majority.most_common(1)[0][0] == gold[item.article_id])
        _add(engine, item, labels, gold)
    return np.array(rows).reshape(-1, len(FEATURES) + 1), np.array(truth, dtype=float)


def _add(
    engine: StoryEngine, item: Prepared, labels: dict[str, Counter[str]], gold: dict[str, str]
) -> None:
    """Place the article and keep each story's gold events (merged stories pool theirs)."""
    story = engine.resolve(engine.add(item).story_id)
    for old in [s for s in labels if engine.resolve(s) != s]:
        labels.setdefault(engine.resolve(old), Counter()).update(labels.pop(old))
    labels.setdefault(story, Counter())[gold[item.article_id]] += 1


def _features(
    engine: StoryEngine, item: Prepared, story: StoryState, verdict: Verdict
) -> list[float]:
    """Return the pair's features and, last, the engine's own score."""
    cfg, feats, df = engine.config, item.features, engine.df
    parts = verdict.parts
    df.add(feats.df_keys())  # weigh the article's words as judge() did
    prior = df.fits(feats.terms or feats.title)
    names = weigh(feats.entities, df, prefix=ENTITY_PREFIX, top=cfg.top_entities, prior=prior)
    terms_vec = weigh(feats.terms, df, top=cfg.top_terms, prior=prior)
    df.docs -= 1
    df.counts.subtract(feats.df_keys())
    brief = feats.words < cfg.short_words and (feats.headline_only or not cfg.brief_is_headline)
    terms, name_cos, title = parts.means[:3]
    factor = parts.gate_factor * parts.headline_factor
    return [
        terms * factor,
        name_cos * factor,
        title * factor,
        title,
        verdict.time_penalty / cfg.time_penalty if cfg.time_penalty else 0.0,
        name_conflict(names, story.sums[1]),
        number_conflict(terms_vec, story.sums[0]),
        float(brief),
        float(brief) * title,
        parts.gate_factor,
        verdict.score,
    ]


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Return weighted, ridge-regularised logistic regression coefficients (bias last)."""
    xb = np.column_stack([x, np.ones(len(x))])

    def loss(b: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-(xb @ b)))
        ll = y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)
        grad = xb.T @ (weight * (p - y)) / weight.sum()
        grad[:-1] += 2 * L2 * b[:-1]
        return float(-(weight * ll).sum() / weight.sum() + L2 * (b[:-1] ** 2).sum()), grad

    return np.asarray(minimize(loss, np.zeros(xb.shape[1]), jac=True, method="L-BFGS-B").x)


def auc(score: np.ndarray, y: np.ndarray) -> float:
    """Return the ROC AUC of scores against 0/1 labels (rank form; ties broken by order)."""
    ranks = np.empty(len(score))
    ranks[np.argsort(score, kind="stable")] = np.arange(1, len(score) + 1)
    pos = float(y.sum())
    neg = len(y) - pos
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg)) if pos and neg else 0.0


def main() -> None:
    """Fit on the fit parts, print the coefficients and every part's AUC: engine vs model."""
    started = time.perf_counter()
    config = ClusterConfig()
    pairs: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    for name, read in SETS.items():
        for part in ("fit", "check"):
            records = read(part)
            if records:
                pairs[(name, part)] = pair_features(records, config)
    fit_keys = [k for k in pairs if k[1] == "fit"]
    x = np.vstack([pairs[k][0][:, :-1] for k in fit_keys])
    y = np.concatenate([pairs[k][1] for k in fit_keys])
    weight = np.concatenate([np.full(len(pairs[k][1]), 1.0 / len(pairs[k][1])) for k in fit_keys])
    coef = fit(x, y, weight)
    report: dict[str, Any] = dict(zip((*FEATURES, "bias"), np.round(coef, 3).tolist(), strict=True))
    print("coefficients (fit parts of every set):", report)
    print(f"{'set':20} {'part':6} {'pairs':>6} {'same':>5} {'engine AUC':>10} {'model AUC':>10}")
    for (name, part), (feats, truth) in sorted(pairs.items(), key=lambda kv: kv[0][::-1]):
        model = np.column_stack([feats[:, :-1], np.ones(len(feats))]) @ coef
        print(
            f"{name:20} {part:6} {len(truth):6d} {truth.mean():5.2f} "
            f"{auc(feats[:, -1], truth):10.3f} {auc(model, truth):10.3f}"
        )
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
