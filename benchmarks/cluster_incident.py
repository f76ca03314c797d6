"""Which written facts tell two incidents of one kind apart at the moment the engine joins them?

    PYTHONPATH=src python -m benchmarks.cluster_incident --set ecbplus --part fit

The engine places the set's articles in canonical order. Every join of an article into a story
(kind "similar") is one decision; it is right when the article's gold event is the story's
majority event, wrong when the story holds none of its event. For each decision, each candidate
signal of a different incident is evaluated between the article and the story's members (text
as written, no model):

- places: names after "in", "at", "near", "outside" or "of" ("a supermarket in Wellington");
  a conflict when each side names such a place that the other never names;
- figures: numbers of two or more digits (tolls, scores, prices, magnitudes); a conflict when
  both sides write some and share none;
- years: four-digit years written in the text; a conflict when both write years, none shared;
- weekdays: as years, for weekday names;
- names: the engine's leading-name conflict (cluster/conflict.py) at 0.5 or more, on the raw
  name counts (each side's four strongest names, the smaller missing share);
- fullnames: each side names someone in full (a name of two words or more) no word of which
  the other names ("Tony Thompson" against "Hasim Rahman");
- any: one of the above.

A signal is worth a penalty only if it flags many wrong joins and few right ones; the table
gives, per signal, the flagged share of wrong and of right joins, split by the story's size at
the moment (one article, or more). With --pairs, the same signals over every within-topic
pair of an ECB+ part (the topic is the id's number), beside the engine's pair score's ROC AUC.
With --ceiling, what any clustering over the same similarities could reach at best: each gold
topic is given and cut in two (B-cubed F1).
Measured 2026-12-07 on ECB+ train: benchmarks/results/cluster_issue20.md, fourth pass.
"""

from __future__ import annotations

import argparse
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import partial

import numpy as np

from benchmarks.eval.cluster import SETS  # isort: skip (sets sys.path)
from benchmarks.cluster_diagnose import _items, _pair, _vectors, cosine, tfidf_vectors
from benchmarks.cluster_hardneg import bcubed
from benchmarks.eval.data import Record
from storyline.cluster import ClusterConfig
from storyline.cluster.batch import prepare_all
from storyline.cluster.conflict import name_conflict
from storyline.cluster.engine import StoryEngine
from storyline.cluster.features import extract_entities
from storyline.cluster.split import lowest_cut

# A capitalised run after a preposition of place; [ ] only: a line break ends the name.
_PLACE = re.compile(
    r"\b(?:in|at|near|outside|of)\s+(?:the\s+)?([A-Z][\w'’\-]*(?:[ ][A-Z][\w'’\-]*)*)"
)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-3]\d)\b")
_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_NOT_PLACE = frozenset({"the", "a", "an", "this", "his", "her", "their", "its"})


class Facts:
    """What one text writes that could tell its incident from another of the same kind."""

    def __init__(self, text: str) -> None:
        self.names = {k: round(v * 2) for k, v in extract_entities(text).items()}
        self.places = {
            words[-1]
            for m in _PLACE.finditer(text)
            if (words := [w.lower() for w in m.group(1).split() if w.lower() not in _NOT_PLACE])
        }
        self.figures = {f.replace(",", "") for f in _FIGURE.findall(text) if len(f) >= 2}
        self.years = set(_YEAR.findall(text))
        self.weekdays = set(_WEEKDAY.findall(text))


def _disjoint(a: set[str], b: set[str]) -> bool:
    return bool(a) and bool(b) and not a & b


def place_conflict(a: Facts, b: Facts) -> bool:
    """Each side names a place that the other never names ("in Surrey", "in Wellington")."""
    return bool(a.places - b.names.keys() - b.places) and bool(b.places - a.names.keys() - a.places)


def full_name_conflict(a: Facts, b: Facts) -> bool:
    """Each side names someone in full ("Tony Thompson", "Hasim Rahman") the other never names."""
    return _unshared_full(a, b) and _unshared_full(b, a)


def _unshared_full(a: Facts, b: Facts) -> bool:
    return any(" " in k and not set(k.split()) & b.names.keys() for k in a.names)


SIGNALS: dict[str, Callable[[Facts, Facts], bool]] = {
    "places": place_conflict,
    "figures": lambda a, b: _disjoint(a.figures, b.figures),
    "years": lambda a, b: _disjoint(a.years, b.years),
    "weekdays": lambda a, b: _disjoint(a.weekdays, b.weekdays),
    "names": lambda a, b: name_conflict(a.names, b.names) >= 0.5,
    "fullnames": full_name_conflict,
}
BASE = tuple(SIGNALS.values())
SIGNALS["any"] = lambda a, b: any(signal(a, b) for signal in BASE)


def merged(parts: Sequence[Facts]) -> Facts:
    """Return the union of several texts' facts (a story's members)."""
    out = Facts("")
    for p in parts:
        for key, count in p.names.items():
            out.names[key] = out.names.get(key, 0) + count
        out.places |= p.places
        out.figures |= p.figures
        out.years |= p.years
        out.weekdays |= p.weekdays
    return out


def join_table(records: Sequence[Record], config: ClusterConfig) -> Counter[tuple[str, ...]]:
    """Count, per signal, story size and right/wrong, the joins the signal flags (and all).

    Merges of two stories count too, under the size "merge" (right: the same majority event;
    wrong: no event in common).
    """
    gold = {r.id: r.label for r in records}
    facts = {r.id: Facts(f"{r.title or ''}\n{r.text}") for r in records}
    engine = StoryEngine(config)
    members: dict[str, list[str]] = defaultdict(list)
    table: Counter[tuple[str, ...]] = Counter()
    for item in sorted(prepare_all(_items(records), config, {}), key=lambda p: p.order_key):
        assignment = engine.add(item)
        joined = members.get(assignment.story_id, [])
        if assignment.link.kind == "similar" and joined:
            size = "lone" if len(joined) == 1 else "2+"
            _count(table, size, [item.article_id], joined, gold, facts)
        members[assignment.story_id].append(item.article_id)
        for old in [s for s in members if engine.resolve(s) != s]:
            root = engine.resolve(old)
            _count(table, "merge", members[root], members[old], gold, facts)
            members[root].extend(members.pop(old))
    return table


def _count(
    table: Counter[tuple[str, ...]],
    size: str,
    new: Sequence[str],
    story: Sequence[str],
    gold: Mapping[str, str],
    facts: Mapping[str, Facts],
) -> None:
    """Count one join (or merge) of new into story: right or wrong, and the signals it raises."""
    mine, theirs = Counter(gold[a] for a in new), Counter(gold[a] for a in story)
    if mine.most_common(1)[0][0] == theirs.most_common(1)[0][0]:
        verdict = "right"
    else:
        verdict = "mixed" if mine.keys() & theirs.keys() else "wrong"
    table[(verdict, size, "all")] += 1
    a, b = merged([facts[x] for x in new]), merged([facts[x] for x in story])
    for name, signal in SIGNALS.items():
        table[(verdict, size, name)] += signal(a, b)


def print_joins(table: Mapping[tuple[str, ...], int]) -> None:
    """Print the flagged share of wrong and right joins per signal and story size."""
    print("signal    | story | wrong joins flagged | right joins flagged")
    for name in SIGNALS:
        for size in ("lone", "2+", "merge"):
            cells = []
            for verdict in ("wrong", "right"):
                total = table.get((verdict, size, "all"), 0)
                hit = table.get((verdict, size, name), 0)
                cells.append(f"{hit}/{total} ({hit / total:.0%})" if total else "0/0")
            print(f"{name:9} | {size:5} | {cells[0]:19} | {cells[1]}")


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Return the ROC AUC of scores for labels (ties count half)."""
    pos = np.array([s for s, y in zip(scores, labels, strict=True) if y])
    neg = np.array([s for s, y in zip(scores, labels, strict=True) if not y])
    if not len(pos) or not len(neg):
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def pair_table(records: Sequence[Record], config: ClusterConfig) -> None:
    """Print each signal's rate over within-topic pairs of one incident and of two."""
    gold = {r.id: r.label for r in records}
    topic = {r.id: r.id.split("_", 1)[0] for r in records}
    facts = {r.id: Facts(f"{r.title or ''}\n{r.text}") for r in records}
    vecs = _vectors(prepare_all(_items(records), config, {}), config)
    counts = {a: tuple(1 if v else 0 for v in vecs[a]) for a in vecs}
    pairs = [(a, b) for a, b in itertools.combinations(sorted(gold), 2) if topic[a] == topic[b]]
    same = [gold[a] == gold[b] for a, b in pairs]
    scores = [_pair(config, vecs, counts, a, b) for a, b in pairs]
    print(
        f"{len(pairs)} pairs, {sum(same)} of one incident; engine score AUC {auc(scores, same):.3f}"
    )
    for name, signal in SIGNALS.items():
        flags = [signal(facts[a], facts[b]) for a, b in pairs]
        one = sum(f for f, s in zip(flags, same, strict=True) if s) / max(sum(same), 1)
        two = sum(f for f, s in zip(flags, same, strict=True) if not s) / max(
            len(same) - sum(same), 1
        )
        print(f"{name:9} flags {one:.1%} of one-incident pairs, {two:.1%} of two-incident pairs")


def ceiling(records: Sequence[Record], config: ClusterConfig) -> None:
    """Print B-cubed when each gold topic is given and cut in two at its lowest normalised cut.

    An upper bound for any clustering over the same pair similarity: it is told which
    articles are of one kind and that there are two incidents of it. Similarities: the
    engine's pair score, and plain TF-IDF cosines (terms and names, idf to the power 1 or 2).
    """
    gold = {r.id: r.label for r in records}
    topics: dict[str, list[str]] = defaultdict(list)
    for r in records:
        topics[r.id.split("_", 1)[0]].append(r.id)
    prepared = prepare_all(_items(records), config, {})
    vecs = _vectors(prepared, config)
    counts = {a: tuple(1 if v else 0 for v in vecs[a]) for a in vecs}
    print(f"topics given, not cut: B-cubed F1 {bcubed(gold, _topic_of(topics))[2]:.3f}")
    engine_score = partial(_pair, config, vecs, counts)
    print(f"topics cut in two, engine pair score: F1 {_cut_topics(topics, gold, engine_score):.3f}")
    for power in (1, 2):
        cos = partial(cosine, tfidf_vectors(prepared, power))
        print(f"topics cut in two, TF-IDF idf^{power}: F1 {_cut_topics(topics, gold, cos):.3f}")


def _topic_of(topics: Mapping[str, list[str]]) -> dict[str, str]:
    return {a: t for t, ids in topics.items() for a in ids}


def _cut_topics(
    topics: Mapping[str, list[str]], gold: Mapping[str, str], sim: Callable[[str, str], float]
) -> float:
    """Return B-cubed F1 after cutting every topic in two along its Fiedler vector."""
    pred: dict[str, str] = {}
    for topic, ids in topics.items():
        matrix = np.array([[0.0 if a == b else sim(a, b) for b in ids] for a in ids])
        _, part_a, _ = lowest_cut(matrix)
        for k, a in enumerate(ids):
            pred[a] = topic + ("a" if k in part_a else "b")
    return bcubed(gold, pred)[2]


def main() -> None:
    """Print the join table (or, with --pairs, the within-topic pair table) of one set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="ecbplus", choices=sorted(SETS))
    parser.add_argument("--part", default="fit", choices=["fit", "check"])
    parser.add_argument("--pairs", action="store_true", help="within-topic pairs (ECB+ only)")
    parser.add_argument("--ceiling", action="store_true", help="topics given, cut in two (ECB+)")
    args = parser.parse_args()
    records = SETS[args.set](args.part) or []
    if args.ceiling:
        ceiling(records, ClusterConfig())
    elif args.pairs:
        pair_table(records, ClusterConfig())
    else:
        print_joins(join_table(records, ClusterConfig()))


if __name__ == "__main__":
    main()
