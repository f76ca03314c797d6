"""Where clustering goes wrong on a labelled set: wrong joins and merges, and a split test offline.

    PYTHONPATH=src python -m benchmarks.cluster_diagnose --set ecbplus --part fit
    PYTHONPATH=src python -m benchmarks.cluster_diagnose --split 0.67 --min-part 3 --part fit
    PYTHONPATH=src python -m benchmarks.cluster_diagnose --split 0.8 --sim tfidf --part fit

Without --split: the engine places the set's articles in canonical order; every join of an
article into a story whose members are all of other gold events is listed (its position in the
order, the score, the names and words the link shares, the story's size and events), and so is
every merge of stories of different events; then the stories that mix events and the events
split over stories. Only public engine calls: what the engine decides, not why inside.

With --split T: each final story of 4 or more articles is cut in two along the Fiedler vector of
its members' pairwise similarity (the engine's own pair score, document frequencies of the whole
set) at the lowest normalised cut; the cut is applied when it is under T and each part has at
least --min-part articles. B-cubed F1 of every set's part, before and after, with the paired
interval of the change (an offline estimate of a split pass after incremental assignment;
benchmarks/results/cluster_issue20.md). --sim tfidf cuts on plain TF-IDF cosines of the set's
own counts instead of the engine's pair score (see tfidf_vectors).
"""

from __future__ import annotations

import argparse
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np

from benchmarks.eval.cluster import SETS  # isort: skip (sets sys.path)
from benchmarks.cluster_hardneg import bcubed
from benchmarks.eval.cluster import event_stat
from benchmarks.eval.core import bootstrap
from benchmarks.eval.data import Record
from storyline.cluster import ClusterConfig, ClusterItem, cluster_items
from storyline.cluster.batch import prepare_all
from storyline.cluster.engine import StoryEngine
from storyline.cluster.prepared import Prepared
from storyline.cluster.split import lowest_cut  # the engine's own cut, re-exported for the scripts
from storyline.cluster.story_state import Vecs, content_similarity
from storyline.cluster.vectors import ENTITY_PREFIX, weigh


def _items(records: Sequence[Record]) -> list[ClusterItem]:
    return [ClusterItem(r.id, r.text, r.title or "", r.published, r.source, r.url) for r in records]


def diagnose(records: Sequence[Record], config: ClusterConfig) -> None:
    """Print the wrong joins and merges, the mixed stories and the split events."""
    gold = {r.id: r.label for r in records}
    engine = StoryEngine(config)
    members: dict[str, list[str]] = defaultdict(list)
    prepared = sorted(prepare_all(_items(records), config, {}), key=lambda p: p.order_key)
    for position, item in enumerate(prepared):
        before = {s: list(m) for s, m in members.items()}
        assignment = engine.add(item)
        story = engine.resolve(assignment.story_id)
        joined = before.get(assignment.story_id, [])
        members[assignment.story_id].append(item.article_id)
        link = assignment.link
        events = Counter(gold[a] for a in joined)
        if link.kind == "similar" and events and gold[item.article_id] not in events:
            print(f"JOIN  #{position} {item.article_id} ({gold[item.article_id]}) -> story of "
                  f"{len(joined)} {dict(events)} score {link.score:.3f} names "
                  f"{list(link.shared_entities)} words {list(link.shared_terms[:6])}")  # fmt: skip
        for old in [s for s in members if s != story and engine.resolve(s) == story]:
            mine, theirs = (
                Counter(gold[a] for a in members[story]),
                Counter(gold[a] for a in members[old]),
            )
            if set(mine) != set(theirs) or len(mine) > 1:
                print(f"MERGE #{position} after {item.article_id}: {dict(mine)} + {dict(theirs)}")
            members[story] += members.pop(old)
    pred = {a: engine.resolve(s) for s, ms in members.items() for a in ms}
    print("B-cubed P/R/F1", tuple(round(x, 4) for x in bcubed(gold, pred)))
    by_story: dict[str, Counter[str]] = defaultdict(Counter)
    by_event: dict[str, Counter[str]] = defaultdict(Counter)
    for article, story in pred.items():
        by_story[story][gold[article]] += 1
        by_event[gold[article]][story] += 1
    for story, events in by_story.items():
        if len(events) > 1:
            print("MIXED", story, dict(events))
    for event, stories in sorted(by_event.items()):
        if len(stories) > 1:
            print("SPLIT", event, sorted(stories.values(), reverse=True))


def _vectors(prepared: Sequence[Prepared], config: ClusterConfig) -> dict[str, Vecs]:
    """Weigh every article by the document frequencies of the whole set (as the engine does)."""
    df = StoryEngine(config).df
    for p in prepared:
        df.add(p.features.df_keys())
    out: dict[str, Vecs] = {}
    for p in prepared:
        f = p.features
        prior = df.fits(f.terms or f.title)
        out[p.article_id] = (
            weigh(f.terms, df, top=config.top_terms, prior=prior),
            weigh(f.entities, df, prefix=ENTITY_PREFIX, top=config.top_entities, prior=prior),
            weigh(f.title, df, top=config.top_terms, prior=prior),
            {},
        )
    return out


def _pair(
    config: ClusterConfig,
    vecs: dict[str, Vecs],
    counts: dict[str, tuple[int, ...]],
    a: str,
    b: str,
) -> float:
    """Return the engine's content score of two articles (0 for an article with itself)."""
    if a == b:
        return 0.0
    return content_similarity(config, vecs[a], counts[a], vecs[b], counts[b])[0]


def tfidf_vectors(prepared: Sequence[Prepared], power: int = 1) -> dict[str, dict[str, float]]:
    """Return unit TF-IDF vectors over terms and names, idf**power from the set's own counts.

    Unlike the engine's vectors: one vector (no channels, no gate), no background counts, so a
    word every report of a topic writes ("Waitrose", "Teixeira") weighs less than the words
    only one incident's reports write ("Wellington", "Red Sox").
    """
    df: Counter[str] = Counter()
    for p in prepared:
        df.update(p.features.df_keys())
    docs = len(prepared)
    out: dict[str, dict[str, float]] = {}
    for p in prepared:
        f = p.features
        pairs = [*f.terms.items(), *((ENTITY_PREFIX + k, c) for k, c in f.entities.items())]
        raw = {
            key: (1 + math.log(count)) * math.log(docs / df[key]) ** power
            for key, count in pairs
            if count > 0 and df[key]
        }
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        out[p.article_id] = {k: w / norm for k, w in raw.items()}
    return out


def cosine(vectors: Mapping[str, Mapping[str, float]], a: str, b: str) -> float:
    """Return the cosine of two unit vectors (0 for an article with itself)."""
    if a == b:
        return 0.0
    va, vb = vectors[a], vectors[b]
    return sum(w * vb.get(k, 0.0) for k, w in va.items())


def split_test(
    records: Sequence[Record], config: ClusterConfig, bar: float, min_part: int, sim: str = "engine"
) -> str:
    """Return B-cubed F1 before and after cutting every story whose lowest cut is under bar.

    sim: the similarity the cut is made on, "engine" (the engine's pair score) or "tfidf"
    (tfidf_vectors). With the paired 95% interval of the change (gold events resampled).
    """
    gold = {r.id: r.label for r in records}
    items = _items(records)
    prepared = prepare_all(items, config, {})
    if sim == "tfidf":
        pair = partial(cosine, tfidf_vectors(prepared))
    else:
        vecs = _vectors(prepared, config)
        counts = {a: tuple(1 if v else 0 for v in vecs[a]) for a in vecs}
        pair = partial(_pair, config, vecs, counts)
    stories = cluster_items(items, config)
    pred = {a: s.id for s in stories for a in s.article_ids}
    after = dict(pred)
    for story in stories:
        ids = list(story.article_ids)
        if len(ids) < 2 * min_part:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):  # a part no member is close to
            cut, part_a, part_b = lowest_cut(np.array([[pair(a, b) for b in ids] for a in ids]))
        if cut < bar and min(len(part_a), len(part_b)) >= min_part:
            for k in part_b:
                after[ids[k]] = "split-" + story.id
    events = len(set(gold.values()))
    stat_after, stat_before = event_stat(gold, after, "f1"), event_stat(gold, pred, "f1")
    _, delta = bootstrap(events, stat_after, stat_before)
    low, high = delta or (float("nan"), float("nan"))
    return (
        f"{bcubed(gold, pred)[2]:.4f} -> {bcubed(gold, after)[2]:.4f} "
        f"(paired 95% CI of the change [{low:+.3f}, {high:+.3f}])"
    )


def main() -> None:
    """Diagnose one set, or run the offline split test on every set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="ecbplus", choices=sorted(SETS))
    parser.add_argument("--part", default="fit", choices=["fit", "check"])
    parser.add_argument("--split", type=float, help="normalised-cut bar of the split test")
    parser.add_argument("--min-part", type=int, default=3)
    parser.add_argument("--sim", default="engine", choices=["engine", "tfidf"])
    args = parser.parse_args()
    config = ClusterConfig()
    if args.split is None:
        diagnose(SETS[args.set](args.part) or [], config)
        return
    for name, read in SETS.items():
        records = read(args.part) or []
        print(
            name,
            args.part,
            split_test(records, config, args.split, args.min_part, args.sim),
            flush=True,
        )


if __name__ == "__main__":
    main()
