"""First-publisher rows: is the article storyline names first the gold earliest of its event?

On giveme5w1h (publication dates from date_publish), each gold event of two or more dated
articles is looked up in the story that holds most of its articles. storyline's answer is the
stored analysis' first_published (article_id plus tied_with); the baseline names the earliest
date_publish of its own TF-IDF cluster (all articles sharing that instant shown as a tie). An
answer is right when the named article, or one shown tied with it, is a gold earliest article
(one of those whose date equals the event's earliest).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from .cluster import Run, baseline_clusters, run_pipeline
from .core import Row, bootstrap, skipped
from .data import Record, giveme_records


def instant(raw: str | None) -> datetime | None:
    """Parse a date_publish value as UTC (naive taken as UTC); None when unreadable."""
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def gold_first(records: Sequence[Record]) -> dict[str, set[str]]:
    """Return, per event with >= 2 dated articles, the ids of its earliest articles."""
    by_event: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for r in records:
        when = instant(r.published)
        if when is not None:
            by_event[r.label].append((when, r.id))
    out = {}
    for event, dated in by_event.items():
        if len(dated) >= 2:
            first = min(w for w, _ in dated)
            out[event] = {a for w, a in dated if w == first}
    return out


def majority_story(records: Sequence[Record], event: str, pred: dict[str, str]) -> str | None:
    """Return the story holding most of an event's articles (None if none is in a story)."""
    counts = Counter(pred[r.id] for r in records if r.label == event and r.id in pred)
    return counts.most_common(1)[0][0] if counts else None


def storyline_named(analysis: dict[str, Any] | None) -> set[str]:
    """Return the first publisher and the articles shown tied with it."""
    first = (analysis or {}).get("first_published") or {}
    named = {first.get("article_id"), *first.get("tied_with", [])}
    return {a for a in named if a}


def baseline_named(records: Sequence[Record], story: str, labels: dict[str, str]) -> set[str]:
    """Return the earliest-dated articles of a baseline cluster."""
    dated = [(instant(r.published), r.id) for r in records if labels[r.id] == story]
    known = [(w, a) for w, a in dated if w is not None]
    if not known:
        return set()
    first = min(w for w, _ in known)
    return {a for w, a in known if w == first}


def run(part: str, limit: int | None, runs: dict[tuple[str, str], Run]) -> list[Row]:
    """Score the first publisher on giveme5w1h's part (reusing the clustering run if made)."""
    records = giveme_records(part)
    if not records:
        return [skipped("provenance", "giveme5w1h", part, "missing")]
    if limit:
        keep = set(sorted({r.label for r in records})[:limit])
        records = [r for r in records if r.label in keep]
    ours = runs.get(("giveme5w1h", part))
    if ours is None or not ours.analyses:
        ours = run_pipeline(records, analyze=True)
    started = time.perf_counter()
    labels = baseline_clusters(records)
    base_s = time.perf_counter() - started
    gold = gold_first(records)
    events = sorted(gold)
    mine, theirs = [], []
    for event in events:
        story = majority_story(records, event, ours.pred)
        named = storyline_named(ours.analyses.get(story) if story else None)
        mine.append(float(bool(named & gold[event])))
        b_story = majority_story(records, event, labels)
        theirs.append(
            float(bool(b_story and baseline_named(records, b_story, labels) & gold[event]))
        )

    def share(values: list[float], idx: Sequence[int]) -> float:
        return sum(values[i] for i in idx) / len(idx) if idx else 0.0

    ci, dci = bootstrap(len(events), lambda i: share(mine, i), lambda i: share(theirs, i))
    every = range(len(events))
    return [
        Row(
            "provenance",
            "giveme5w1h",
            part,
            "first_named_ok",
            units=len(events),
            storyline=share(mine, every),
            baseline=share(theirs, every),
            ci=ci,
            delta_ci=dci,
            seconds=ours.seconds,
            baseline_seconds=base_s,
            note="events of >= 2 dated articles; time incl. clustering + analysis",
        )
    ]
