"""First-publisher rows: does storyline name an article that may really be the earliest?

On giveme5w1h, each gold event with two or more dated articles is looked up in the story that
holds most of its articles. A date_publish is an interval as its precision declares: a naive
midnight "T00:00:00" (how scrapers write a day-only date) covers its day, a time with seconds its
second (with a fraction: its millisecond). The gold first set of an event: its articles that no
other article of the event surely precedes (ends before it starts), so it holds one article
unless declared precisions overlap.

- first_named_ok: the named first publisher is in the gold first set, and every article of that
  set is shown (named or tied_with): ties only where precisions overlap, shown as ties;
- first_named_loose: the named first publisher is in the gold first set.

storyline's answer is the stored analysis' first_published (article_id, tied_with); the
baseline's is the earliest date_publish of its TF-IDF cluster read as an instant, equal instants
shown tied.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from .cluster import Run, baseline_clusters, run_pipeline
from .core import Row, bootstrap, skipped
from .data import Record, giveme_records

Answer = tuple[str | None, set[str]]  # (named first publisher, every article shown first)


def interval(raw: str | None) -> tuple[datetime, datetime] | None:
    """Return the [start, end) a date_publish value declares (naive taken as UTC), or None."""
    if not raw:
        return None
    try:
        start = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    naive = start.tzinfo is None
    start = start.replace(tzinfo=UTC) if naive else start.astimezone(UTC)
    if len(raw) <= 10 or (naive and raw.endswith("T00:00:00")):
        return start, start + timedelta(days=1)
    return start, start + (timedelta(milliseconds=1) if start.microsecond else timedelta(seconds=1))


def gold_first(records: Sequence[Record]) -> dict[str, set[str]]:
    """Return, per event with >= 2 dated articles, the articles no other surely precedes."""
    by_event: dict[str, list[tuple[tuple[datetime, datetime], str]]] = defaultdict(list)
    for r in records:
        span = interval(r.published)
        if span is not None:
            by_event[r.label].append((span, r.id))
    return {
        event: {a for (start, _), a in dated if not any(end <= start for (_, end), _ in dated)}
        for event, dated in by_event.items()
        if len(dated) >= 2
    }


def majority_story(records: Sequence[Record], event: str, pred: dict[str, str]) -> str | None:
    """Return the story holding most of an event's articles (None if none is in a story)."""
    counts = Counter(pred[r.id] for r in records if r.label == event and r.id in pred)
    return counts.most_common(1)[0][0] if counts else None


def storyline_answer(analysis: dict[str, Any] | None) -> Answer:
    """Return the first publisher a stored analysis names and the articles shown with it."""
    first = (analysis or {}).get("first_published") or {}
    named = first.get("article_id")
    return named, {a for a in (named, *first.get("tied_with", [])) if a}


def baseline_answer(records: Sequence[Record], story: str, labels: dict[str, str]) -> Answer:
    """Return the earliest-dated article of a baseline cluster, equal instants tied."""
    known = [(span[0], r.id) for r in records if labels[r.id] == story
             if (span := interval(r.published)) is not None]  # fmt: skip
    if not known:
        return None, set()
    first = min(w for w, _ in known)
    shown = {a for w, a in known if w == first}
    return min(shown), shown


def judge(answer: Answer, first: set[str]) -> tuple[float, float]:
    """Return (strict, loose) correctness of an answer against the gold first set."""
    named, shown = answer
    loose = named is not None and named in first
    return float(loose and first <= shown), float(loose)


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
        mine.append(
            judge(storyline_answer(ours.analyses.get(story) if story else None), gold[event])
        )
        b_story = majority_story(records, event, labels)
        b_answer: Answer = (None, set())
        if b_story is not None:
            b_answer = baseline_answer(records, b_story, labels)
        theirs.append(judge(b_answer, gold[event]))
    rows = []
    for k, metric in enumerate(("first_named_ok", "first_named_loose")):

        def share(values: list[tuple[float, float]], idx: Sequence[int], k: int = k) -> float:
            return sum(values[i][k] for i in idx) / len(idx) if idx else 0.0

        ci, dci = bootstrap(len(events), lambda i: share(mine, i), lambda i: share(theirs, i))
        every = range(len(events))
        rows.append(Row("provenance", "giveme5w1h", part, metric, units=len(events),
                        storyline=share(mine, every), baseline=share(theirs, every), ci=ci,
                        delta_ci=dci, seconds=ours.seconds, baseline_seconds=base_s,
                        note="events of >= 2 dated articles; time incl. clustering"))  # fmt: skip
    return rows
