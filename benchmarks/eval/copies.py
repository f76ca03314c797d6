"""Copy-graph rows: does storyline say who copied whom?

No public set labels which news article copied which, so the copies are made here, from real
articles, the way they are made on the web: each giveme5w1h event of the part gets derived
articles, each with one known parent, published after it (or undated, or on the parent's day
when the parent has a day only, so that the direction must come from the texts):

- repost: a content farm's verbatim copy with an unrelated press release or sign-up lines
  appended (seed 001's case);
- excerpt: the first paragraphs, then "Read the full story at <outlet>";
- spun: a spinner's copy: one word replaced in a third of the sentences, a paragraph dropped,
  two paragraphs swapped;
- copy of a copy: an excerpt of a spun copy (its rewording tells it from the original);
- update: the same outlet's later version, one or two paragraphs of another article of the
  event added.

Each event (real articles and derived ones) is analysed as one story (clean_text +
analyze_story); the real articles keep their own dates, outlets and whatever copies they
really are of each other, which no label records.

- parent_right: a derived article's copy edge names its parent (or an article whose cleaned
  text is the parent's, 5-gram Jaccard >= 0.9);
- kind_right: that edge's kind is the expected one (update for updates, copy or rewrite for a
  spun copy, copy otherwise);
- backwards: the share of derived articles whose own descendant (or derived sibling) is named as
  their source, or that are named as a source by their own ancestor;
- words_added_wrongly: words the analysis lists as added by a made article that adds no news
  (a repost, excerpt, spun copy or copy of one), per such article: glued-on press releases and
  other stories, sign-up lines, link lines.

Baseline: each derived article's source is the earlier-or-tied article holding the largest
share of its word 5-grams (the plain containment reading), the order being storyline's own.
Units for intervals: events.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from storyline.analyze.provenance import StoryArticle
from storyline.analyze.story import analyze_story
from storyline.clean import clean_text

from .cluster import limit_events
from .core import Row, bootstrap, skipped
from .data import Record, giveme_records

SHINGLE = 5
_WORD = re.compile(r"\w+")
_SIGNUP = (
    "Sign up for our daily newsletter and never miss a story.",
    "Share this article on Facebook and Twitter.",
    "Copyright 2017 NewsWire Media Group. All rights reserved.",
)


@dataclass(frozen=True)
class Derived:
    """One made article with its known parent and how it was made."""

    record: Record
    parent: str
    how: str  # repost | excerpt | spun | copy2 | update


def paragraphs(text: str) -> list[str]:
    """Return a text's non-empty lines."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def later(published: str | None, rng: random.Random) -> str | None:
    """Return a publication date after (or, for a day-only date, on) the given one."""
    if not published or rng.random() < 0.1:
        return None
    moment = datetime.fromisoformat(published)
    if moment.tzinfo is None and moment.time() == datetime.min.time():
        if rng.random() < 0.5:
            return published  # the same day, day only: a tie the texts must break
        moment = moment + timedelta(days=1, hours=rng.randint(0, 12))
    moment = moment + timedelta(minutes=rng.randint(7, 36 * 60), seconds=rng.randint(0, 59))
    return moment.isoformat()


def spin(paras: list[str], rng: random.Random) -> list[str]:
    """Replace a word in a third of the sentences, drop a paragraph, swap two."""
    vocab = sorted({w for p in paras for w in _WORD.findall(p) if len(w) >= 5 and w.islower()})
    out = []
    for p in paras:
        sentences = re.split(r"(?<=[.!?])\s+", p)
        for k, s in enumerate(sentences):
            words = [w for w in _WORD.findall(s) if len(w) >= 5 and w.islower()]
            if words and vocab and rng.random() < 0.34:
                old = rng.choice(words)
                sentences[k] = re.sub(rf"\b{old}\b", rng.choice(vocab), s, count=1)
        out.append(" ".join(sentences))
    if len(out) > 3:
        del out[rng.randrange(1, len(out))]
        i = rng.randrange(1, len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


def derive(
    parent: Record, how: str, rng: random.Random, n: int, *, other: Sequence[Record]
) -> Record:
    """Make one article from its parent the way `how` says; other: articles to borrow from."""
    paras = paragraphs(parent.text)
    source, url = f"newsfeed{n}.info", f"https://newsfeed{n}.info/{parent.id[:8]}"
    if how == "repost":
        extra = paragraphs(rng.choice(other).text)[:3] if rng.random() < 0.6 else list(_SIGNUP)
        paras = paras + extra
    elif how in ("excerpt", "copy2"):
        keep = max(2, round(len(paras) * rng.uniform(0.4, 0.7)))
        paras = [*paras[:keep], f"Read the full story at {parent.source or 'the source'}."]
    elif how == "spun":
        paras = spin(paras, rng)
    elif how == "update":
        paras = paras + paragraphs(rng.choice(other).text)[-2:]
        source, url = parent.source or source, parent.url
    return Record(
        f"{parent.id[:10]}-{how}{n}",
        parent.title,
        "\n\n".join(paras),
        later(parent.published, rng),
        source,
        url,
        parent.label,
    )


def derive_event(
    members: Sequence[Record], others: Sequence[Record], rng: random.Random
) -> list[Derived]:
    """Make the derived articles of one event (its members' own for updates, others' for spam)."""
    made: list[Derived] = []
    base = [m for m in members if len(paragraphs(m.text)) >= 4]
    for parent in rng.sample(base, min(2, len(base))):
        for how in ("repost", "excerpt", "spun"):
            made.append(Derived(derive(parent, how, rng, len(made), other=others), parent.id, how))
        spun = made[-1].record
        made.append(Derived(derive(spun, "copy2", rng, len(made), other=others), spun.id, "copy2"))
        peers = [m for m in members if m.id != parent.id] or [parent]
        update = derive(parent, "update", rng, len(made), other=peers)
        made.append(Derived(update, parent.id, "update"))
    return made


def grams(text: str) -> frozenset[tuple[str, ...]]:
    """Return a text's casefolded word 5-grams."""
    words = [w.casefold() for w in _WORD.findall(text)]
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Return the Jaccard similarity of two sets (0 when both are empty)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def kin(made: Sequence[Derived]) -> dict[str, set[str]]:
    """Return, for each derived article, the derived articles it must not name as its source."""
    parent = {d.record.id: d.parent for d in made}
    ancestors: dict[str, set[str]] = {}
    for d in made:
        up, node = set(), d.parent
        while node in parent:
            up.add(node)
            node = parent[node]
        up.add(node)
        ancestors[d.record.id] = up
    banned: dict[str, set[str]] = {}
    for d in made:
        me = d.record.id
        down = {o for o, up in ancestors.items() if me in up}
        siblings = {o.record.id for o in made if o.parent == d.parent and o.record.id != me}
        banned[me] = down | (siblings - ancestors[me])
    return banned


def event_scores(members: Sequence[Record], made: Sequence[Derived]) -> dict[str, float]:
    """Analyse an event with its derived articles as one story; return the counts it scores."""
    records = [*members, *(d.record for d in made)]
    texts = {r.id: clean_text(r.text, title=r.title).text for r in records}
    articles = [
        StoryArticle(r.id, texts[r.id], source=r.source, published=r.published, title=r.title,
                     url=r.url, raw_text=r.text)
        for r in records
    ]  # fmt: skip
    analysis = analyze_story(members[0].label, articles)
    edges = {e.copy: e for e in analysis.copy_edges}
    order = [a.id for a in analysis.articles]
    sets = {r.id: grams(texts[r.id]) for r in records}
    banned = kin(made)
    out = {"derived": float(len(made)), "right": 0.0, "kind": 0.0, "backwards": 0.0, "base": 0.0}
    out |= {"plain": 0.0, "added": 0.0}
    added = dict(analysis.additions)
    for d in made:
        me = d.record.id
        if d.how != "update":  # these add no news: what is listed as added is wrong
            out["plain"] += 1
            out["added"] += sum(len(s.split()) for s in added.get(me, ()))
        same = {r for r in sets if r == d.parent or jaccard(sets[r], sets[d.parent]) >= 0.9}
        edge = edges.get(me)
        if edge is not None and edge.source in same:
            out["right"] += 1
            out["kind"] += edge.kind == expected_kind(d.how) or (
                d.how == "spun" and edge.kind == "rewrite"
            )
        named_back = edge is not None and edge.source in banned[me]
        ancestor_named_me = any(edges[o].source == me for o in edges if me in banned.get(o, set()))
        out["backwards"] += named_back or ancestor_named_me
        out["base"] += baseline_source(me, order, sets) in same
    return out


def expected_kind(how: str) -> str:
    """Return the edge kind a derived article of this making should get."""
    return "update" if how == "update" else "copy"


def baseline_source(me: str, order: Sequence[str], sets: dict[str, frozenset]) -> str | None:
    """Return the earlier article holding the largest share of me's 5-grams."""
    mine = sets[me]
    earlier = order[: order.index(me)] if me in order else []
    if not mine or not earlier:
        return None
    return max(earlier, key=lambda o: (len(mine & sets[o]) / len(mine), o))


def run(part: str, limit: int | None) -> list[Row]:
    """Score the copy graphs of giveme5w1h's events of a part, with derived articles added."""
    records = giveme_records(part)
    if not records:
        return [skipped("copies", "giveme5w1h+derived", part, "missing")]
    records = limit_events(records, limit)
    started = time.perf_counter()
    scores = []
    for event in sorted({r.label for r in records}):
        members = [r for r in records if r.label == event]
        rng = random.Random(f"copies:{event}")
        made = derive_event(members, [r for r in records if r.label != event], rng)
        if made:
            scores.append(event_scores(members, made))
    seconds = time.perf_counter() - started
    metrics = ("right", "kind", "backwards", "added")
    return [_row(part, scores, metric, seconds) for metric in metrics]


def _row(part: str, scores: list[dict[str, float]], metric: str, seconds: float) -> Row:
    """Return one metric's row: a share of (or words per) derived articles, pooled over events."""
    per = "plain" if metric == "added" else "derived"

    def share(key: str):  # type: ignore[no-untyped-def]
        return lambda idx: (
            sum(scores[i][key] for i in idx) / max(1.0, sum(scores[i][per] for i in idx))
        )

    base = share("base") if metric == "right" else None
    ci, delta = bootstrap(len(scores), share(metric), base)
    name = {
        "right": "parent_right", "kind": "kind_right", "backwards": "backwards",
        "added": "words_added_wrongly",
    }[metric]  # fmt: skip
    derived = int(sum(s["derived"] for s in scores))
    return Row(
        "copies", "giveme5w1h+derived", part, name, len(scores),
        share(metric)(range(len(scores))), ci,
        None if base is None else base(range(len(scores))), delta, seconds, 0.0,
        f"{derived} derived articles; baseline: most contained earlier article",
    )  # fmt: skip
