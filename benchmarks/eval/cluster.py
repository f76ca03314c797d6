"""Clustering rows: storyline's real pipeline beside TF-IDF + average-link, B-cubed and ARI.

Each dataset part is written as one news-please JSON-lines file and run through storyline's
ingest -> clean -> dedup -> cluster into a temporary store (as cluster_bench.py does). The
baseline reads the same records' raw title and text: TF-IDF (sublinear tf, smoothed idf) and
scipy's average-link agglomerative clustering on cosine distance, cut at 0.7 (ECB+ SOURCE.md).
B-cubed is cluster_hardneg.bcubed (the semantics of ../shared/checks/bcubed.py: an article in
no story is a singleton); ARI is cluster_bench.adjusted_rand.

With semantic=True each set is also run with MiniLM similarity on (ClusterConfig.semantic(),
needs storyline[semantic]) and scored as the dataset `<set>+semantic`, whose baseline column is
the default storyline run on the same records: the delta and its interval are semantic - default.
"""

from __future__ import annotations

import json
import math
import re
import resource
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from benchmarks.cluster_bench import adjusted_rand
from benchmarks.cluster_hardneg import bcubed
from storyline import pipeline
from storyline.store import Store

from .core import Row, bootstrap, skipped
from .data import Record, ecb_records, giveme_records, scrapinghub_event_records

CUT = 0.7  # cosine distance at which the baseline's average-link tree is cut
_WORD = re.compile(r"\w+")

SETS: dict[str, Callable[[str], list[Record] | None]] = {
    "giveme5w1h": lambda part: giveme_records(part),
    "giveme5w1h-titles": lambda part: giveme_records(part, "titles"),
    "giveme5w1h-nodates": lambda part: giveme_records(part, "nodates"),
    "giveme5w1h-briefs": lambda part: giveme_records(part, "briefs"),
    "giveme5w1h-sentences": lambda part: giveme_records(part, "sentences"),
    "ecbplus": ecb_records,
    "scrapinghub-events": scrapinghub_event_records,
}


@dataclass
class Run:
    """One storyline pipeline run over a set of records: stories, timing, analyses if asked."""

    pred: dict[str, str]
    seconds: float
    analyses: dict[str, dict[str, Any]] = field(default_factory=dict)  # story id -> analysis
    cpu: float = 0.0  # CPU seconds (this process and its workers), ingest to clustering's end


def run_pipeline(
    records: Sequence[Record], *, analyze: bool = False, semantic: bool = False
) -> Run:
    """Ingest, clean, dedup and cluster the records in a temporary store (analyse if asked)."""
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "records.jsonl"
        texts = [r for r in records if r.html is None]
        feed.write_text("".join(json.dumps(r.to_json()) + "\n" for r in texts), "utf-8")
        pages = [r.html for r in records if r.html is not None]  # ids: the file names
        started, cpu = time.perf_counter(), cpu_seconds()
        with Store.open(Path(tmp) / "eval.db") as store:
            pipeline.ingest(store, [str(feed), *pages])
            pipeline.clean(store)
            pipeline.dedup(store)
            pipeline.cluster(store, semantic=True if semantic else None)
            cpu = cpu_seconds() - cpu  # before any analysis: the figure is up to clustering
            stories = store.list_stories()
            pred = {a: s["id"] for s in stories for a in s["article_ids"]}
            analyses: dict[str, dict[str, Any]] = {}
            if analyze:
                pipeline.analyze(store)
                for s in stories:
                    stored = store.get_analysis(s["id"])
                    if stored is not None:
                        analyses[s["id"]] = stored[1]
        return Run(pred, time.perf_counter() - started, analyses, cpu)


def cpu_seconds() -> float:
    """Return the CPU seconds of this process and its finished workers (user + system)."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def baseline_clusters(records: Sequence[Record], cut: float = CUT) -> dict[str, str]:
    """Cluster the records' raw title + text: TF-IDF, average link on cosine distance, cut."""
    docs = [
        Counter(w.lower() for w in _WORD.findall(f"{r.title or ''}\n{r.text}")) for r in records
    ]
    vocab = {w: k for k, w in enumerate(sorted({w for d in docs for w in d}))}
    x = np.zeros((len(docs), max(1, len(vocab))))
    df = np.zeros(x.shape[1])
    for d in docs:
        df[[vocab[w] for w in d]] += 1
    idf = np.log((len(docs) + 1) / (df + 1)) + 1
    for row, d in enumerate(docs):
        for w, c in d.items():
            x[row, vocab[w]] = (1 + math.log(c)) * idf[vocab[w]]
    full = np.flatnonzero(x.any(axis=1))  # empty texts stay singletons (cosine is undefined)
    labels = {r.id: f"b-single-{r.id}" for r in records}
    if len(full) > 1:
        tree = linkage(x[full], method="average", metric="cosine")
        for k, lab in zip(full, fcluster(tree, t=cut, criterion="distance"), strict=True):
            labels[records[k].id] = f"b{lab}"
    return labels


def article_scores(gold: dict[str, str], pred: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Return each article's B-cubed precision and recall (absent from pred: a singleton)."""
    full = {a: pred.get(a, "single:" + a) for a in gold}
    gsize, psize = Counter(gold.values()), Counter(full.values())
    both = Counter((gold[a], full[a]) for a in gold)
    return {
        a: (both[(gold[a], full[a])] / psize[full[a]], both[(gold[a], full[a])] / gsize[gold[a]])
        for a in gold
    }


def event_stat(gold: dict[str, str], pred: dict[str, str], which: str) -> Callable[..., float]:
    """Return a statistic of resampled gold events: B-cubed precision, recall or F1."""
    per_event: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for a, (p, r) in article_scores(gold, pred).items():
        sums = per_event[gold[a]]
        sums[0], sums[1], sums[2] = sums[0] + p, sums[1] + r, sums[2] + 1
    table = np.array([per_event[e] for e in sorted(per_event)])

    def stat(idx: Sequence[int]) -> float:
        p_sum, r_sum, n = table[list(idx)].sum(axis=0)
        p, r = p_sum / n, r_sum / n
        return {"bcubed_p": p, "bcubed_r": r}.get(which, 2 * p * r / (p + r) if p + r else 0.0)

    return stat


def score_rows(
    name: str, part: str, gold: dict[str, str], ours: Run, base: dict[str, str], base_s: float
) -> list[Row]:
    """Return B-cubed F1/P/R with intervals, ARI and the story count, storyline vs baseline."""
    events = len(set(gold.values()))
    row = partial(Row, "cluster", name, part, units=events, seconds=ours.seconds,
                  baseline_seconds=base_s)  # fmt: skip
    mine, theirs = bcubed(gold, ours.pred), bcubed(gold, base)
    rows = []
    for k, metric in ((2, "bcubed_f1"), (0, "bcubed_p"), (1, "bcubed_r")):
        s_stat, b_stat = event_stat(gold, ours.pred, metric), event_stat(gold, base, metric)
        ci, dci = bootstrap(events, s_stat, b_stat)
        rows.append(row(metric, storyline=mine[k], baseline=theirs[k], ci=ci, delta_ci=dci))
    rows.append(row("ari", storyline=adjusted_rand(gold, ours.pred),
                    baseline=adjusted_rand(gold, base)))  # fmt: skip
    unplaced = sum(a not in ours.pred for a in gold)
    rows.append(row("stories", storyline=len({ours.pred.get(a, "single:" + a) for a in gold}),
                    baseline=len({base[a] for a in gold}),
                    note=f"gold events {events}; in no story: {unplaced}"))  # fmt: skip
    return rows


def run(
    part: str,
    limit: int | None,
    runs: dict[tuple[str, str], Run] | None = None,
    *,
    semantic: bool = False,
) -> list[Row]:
    """Score every clustering set's part (runs: a memo shared with the first-publisher rows)."""
    rows: list[Row] = []
    for name in SETS:
        rows += run_set(name, part, limit, runs, semantic=semantic)
    return rows


def run_set(
    name: str,
    part: str,
    limit: int | None,
    runs: dict[tuple[str, str], Run] | None = None,
    *,
    semantic: bool = False,
) -> list[Row]:
    """Score one clustering set's part: storyline's pipeline and the baseline on its records."""
    records = SETS[name](part)
    if not records:
        return [skipped("cluster", name, part, "missing")]
    records = limit_events(records, limit)
    gold = {r.id: r.label for r in records}
    ours = run_pipeline(records, analyze=name == "giveme5w1h" and runs is not None)
    if runs is not None:
        runs[(name, part)] = ours
    started = time.perf_counter()
    base = baseline_clusters(records)
    rows = score_rows(name, part, gold, ours, base, time.perf_counter() - started)
    if semantic:
        rows += semantic_rows(name, part, records, ours)
    return rows


def semantic_ready() -> str | None:
    """Load the MiniLM model once (so no set's timing pays for it); say why it cannot be."""
    from storyline.cluster import semantic
    from storyline.errors import UsageError

    try:
        semantic.embed_texts(["warm up"])
    except UsageError as exc:  # the extra is not installed: a skipped row, not a failure
        return str(exc)
    return None


def semantic_rows(name: str, part: str, records: Sequence[Record], default: Run) -> list[Row]:
    """Score the semantic configuration on the same records, the default run as its baseline."""
    missing = semantic_ready()
    if missing:
        return [skipped("cluster", f"{name}+semantic", part, missing)]
    gold = {r.id: r.label for r in records}
    sem = run_pipeline(records, semantic=True)
    rows = score_rows(f"{name}+semantic", part, gold, sem, default.pred, default.seconds)
    per_k = 1000 / max(1, len(records))
    note = (
        f"baseline = default storyline; CPU s per 1,000 articles (ingest..cluster): "
        f"semantic {sem.cpu * per_k:.1f}, default {default.cpu * per_k:.1f}"
    )
    return [replace(r, note=f"{r.note}; {note}" if r.note else note) for r in rows]


def limit_events(records: list[Record], limit: int | None) -> list[Record]:
    """Keep the records of the first `limit` gold events (sorted labels), all when None."""
    if not limit:
        return records
    keep = set(sorted({r.label for r in records})[:limit])
    return [r for r in records if r.label in keep]


def _main() -> None:
    """Print one set's rows: `python -m benchmarks.eval.cluster SET [--part fit|check|whole]`."""
    import argparse

    ap = argparse.ArgumentParser(description=_main.__doc__)
    ap.add_argument("set", choices=sorted(SETS))
    ap.add_argument("--part", choices=("fit", "check", "whole"), default="check")
    args = ap.parse_args()
    for r in run_set(args.set, None if args.part == "whole" else args.part, None):
        mine = "-" if r.storyline is None else f"{r.storyline:.3f}"
        base = "" if r.baseline is None else f"  baseline {r.baseline:.3f}"
        print(f"{r.dataset} {args.part} {r.metric}: {mine}{base}  {r.note or ''}")


if __name__ == "__main__":
    _main()
