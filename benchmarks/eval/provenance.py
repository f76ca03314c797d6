"""First-publisher rows: does storyline name an article that may really be the earliest?

On giveme5w1h, each gold event with two or more dated articles is looked up in the story that
holds most of its articles. A date_publish is an interval as its precision declares: a naive
midnight "T00:00:00" (how scrapers write a day-only date) covers its day, a time with seconds its
second (with a fraction: its millisecond). The gold first set of an event: its articles that no
other article of the event surely precedes (ends before it starts), so it holds one article
unless declared precisions overlap.

- first_ok: the named first publisher is in the gold first set, and every article of that
  set is shown (named or tied_with): ties only where precisions overlap, shown as ties;
- first_loose: the named first publisher is in the gold first set;
- first_ok_gold, first_loose_gold: the same with each gold event analysed as one story
  (clean_text + analyze_story), so provenance is judged without clustering's errors.

The goal of issue 20 is judged on the stories as clustered (each system's own stories), not on
gold events: within every story of >= 2 dated articles, the first set is its articles no other of
the story surely precedes; right when the named first publisher is in it and the articles shown
(named or tied_with) are exactly that set, no more (ties only where precisions overlap):

- first_timed: the goal's figure, stories whose dated articles all carry a time to the second or
  finer (on giveme5w1h; its titles-only variant, a headline feed with the same dates; and that
  feed with every time of day restated to the millisecond in one of five zones, ms-titles);
- first_story: every story of >= 2 dated articles (day-only dates tie with the times of their day).

storyline's answer is the stored analysis' first_published (article_id, tied_with); the
baseline's is the earliest date_publish of its TF-IDF cluster read as an instant, equal instants
shown tied.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from storyline.analyze.provenance import StoryArticle
from storyline.analyze.story import analyze_story
from storyline.clean import clean_text

from .cluster import Run, baseline_clusters, limit_events, run_pipeline
from .core import Row, bootstrap, skipped
from .data import Record, giveme_records

Answer = tuple[str | None, set[str]]  # (named first publisher, every article shown first)
Span = tuple[datetime, datetime]
# The clock a timestamp declares: minutes, seconds, and the digits of a fraction of a second.
_CLOCK = re.compile(r"T\d{2}:\d{2}(?::\d{2}(?:[.,](\d{1,9}))?)?")


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
    clock = _CLOCK.search(raw)
    if clock is None or (naive and raw.endswith("T00:00:00")):
        return start, start + timedelta(days=1)
    if clock.group(0).count(":") == 1:
        return start, start + timedelta(minutes=1)
    digits = len(clock.group(1) or "")
    return start, start + timedelta(seconds=10.0**-digits)


def first_set(dated: Sequence[tuple[Span, str]]) -> set[str]:
    """Return the articles that no other surely precedes (ends before it starts)."""
    return {a for (start, _), a in dated if not any(end <= start for (_, end), _ in dated)}


def timed(span: Span) -> bool:
    """Tell whether a date declares a time to the second or finer."""
    return span[1] - span[0] <= timedelta(seconds=1)


def gold_first(records: Sequence[Record]) -> dict[str, set[str]]:
    """Return, per event with >= 2 dated articles, the articles no other surely precedes."""
    by_event: dict[str, list[tuple[Span, str]]] = defaultdict(list)
    for r in records:
        span = interval(r.published)
        if span is not None:
            by_event[r.label].append((span, r.id))
    return {event: first_set(dated) for event, dated in by_event.items() if len(dated) >= 2}


def story_verdicts(
    records: Sequence[Record], stories: dict[str, str], answer: Callable[[str], Answer]
) -> list[tuple[bool, float]]:
    """Judge each story of >= 2 dated articles as clustered: (all dates timed, right).

    Right: the named first publisher no other article of the story surely precedes, and the
    articles shown first exactly those (ties only where declared precisions overlap).
    """
    members: dict[str, list[tuple[Span, str]]] = defaultdict(list)
    for r in records:
        span = interval(r.published)
        if span is not None and r.id in stories:
            members[stories[r.id]].append((span, r.id))
    out = []
    for story, dated in sorted(members.items()):
        if len(dated) >= 2:
            first = first_set(dated)
            named, shown = answer(story)
            out.append((all(timed(s) for s, _ in dated), float(named in first and shown == first)))
    return out


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
    """Score the first publisher on giveme5w1h's part: end to end, on the gold events, and on
    the stories as clustered (giveme5w1h, titles only, titles with millisecond times)."""
    records = giveme_records(part)
    if not records:
        return [skipped("provenance", "giveme5w1h", part, "missing")]
    records = limit_events(records, limit)
    gold = gold_first(records)
    rows = end_to_end(records, gold, part, runs) + on_gold_events(records, gold, part)
    rows += as_clustered(records, "giveme5w1h", part, runs)
    for variant in ("titles", "ms-titles"):
        feed = limit_events(giveme_records(part, variant) or [], limit)
        rows += as_clustered(feed, f"giveme5w1h-{variant}", part, runs)
    return rows


def as_clustered(
    records: list[Record], name: str, part: str, runs: dict[tuple[str, str], Run]
) -> list[Row]:
    """Judge the first publisher of every story as each system clustered it (issue 20's goal)."""
    ours = runs.get((name, part))
    if ours is None or not ours.analyses:
        ours = runs[(name, part)] = run_pipeline(records, analyze=True)
    started = time.perf_counter()
    labels = baseline_clusters(records)
    base_s = time.perf_counter() - started
    mine = story_verdicts(records, ours.pred, lambda s: storyline_answer(ours.analyses.get(s)))
    theirs = story_verdicts(records, labels, lambda s: baseline_answer(records, s, labels))
    rows = []
    for metric, keep in (("first_timed", True), ("first_story", False)):
        ok = [v for is_timed, v in mine if is_timed or not keep]
        base = [v for is_timed, v in theirs if is_timed or not keep]

        def share(idx: Sequence[int], ok: list[float] = ok) -> float:
            return sum(ok[k] for k in idx) / len(idx)

        ci, _ = bootstrap(len(ok), share)
        what = "every dated article timed to the second or finer" if keep else "any precision"
        rows.append(Row("provenance", name, part, metric, units=len(ok),
                        storyline=sum(ok) / len(ok) if ok else None, ci=ci if ok else None,
                        baseline=sum(base) / len(base) if base else None, seconds=ours.seconds,
                        baseline_seconds=base_s,
                        note=f"stories as clustered, >= 2 dated ({what}); baseline: its "
                        f"{len(base)} clusters"))  # fmt: skip
    return rows


def end_to_end(
    records: list[Record], gold: dict[str, set[str]], part: str, runs: dict[tuple[str, str], Run]
) -> list[Row]:
    """Judge the first publisher of each event's majority story, storyline's and the baseline's."""
    ours = runs.get(("giveme5w1h", part))
    if ours is None or not ours.analyses:
        ours = runs[("giveme5w1h", part)] = run_pipeline(records, analyze=True)
    started = time.perf_counter()
    labels = baseline_clusters(records)
    base_s = time.perf_counter() - started
    mine, theirs = [], []
    for event in sorted(gold):
        story = majority_story(records, event, ours.pred)
        analysis = ours.analyses.get(story) if story else None
        mine.append(judge(storyline_answer(analysis), gold[event]))
        b_story = majority_story(records, event, labels)
        b_answer: Answer = (None, set())
        if b_story is not None:
            b_answer = baseline_answer(records, b_story, labels)
        theirs.append(judge(b_answer, gold[event]))
    note = "events of >= 2 dated articles; time incl. clustering"
    return _rows(part, "", mine, theirs, (ours.seconds, base_s), note)


def on_gold_events(records: list[Record], gold: dict[str, set[str]], part: str) -> list[Row]:
    """Judge analyze_story on each gold event as one story (provenance alone, no clustering)."""
    started = time.perf_counter()
    mine = []
    for event in sorted(gold):
        members = [r for r in records if r.label == event]
        articles = [
            StoryArticle(r.id, clean_text(r.text).text, source=r.source, published=r.published,
                         title=r.title, url=r.url, raw_text=r.text)
            for r in members
        ]  # fmt: skip
        result = analyze_story(event, articles).to_json()
        mine.append(judge(storyline_answer(result), gold[event]))
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    labels = {r.id: r.label for r in records}
    theirs = [judge(baseline_answer(records, event, labels), gold[event]) for event in sorted(gold)]
    note = "each gold event analysed as one story (clean_text + analyze_story)"
    return _rows(part, "_gold", mine, theirs, (seconds, time.perf_counter() - started), note)


def _rows(
    part: str,
    suffix: str,
    mine: list[tuple[float, float]],
    theirs: list[tuple[float, float]],
    seconds: tuple[float, float],
    note: str,
) -> list[Row]:
    """Return the strict and loose rows with bootstrap intervals over events."""
    rows = []
    for k, metric in enumerate(("first_ok", "first_loose")):

        def share(values: list[tuple[float, float]], idx: Sequence[int], k: int = k) -> float:
            return sum(values[i][k] for i in idx) / len(idx) if idx else 0.0

        ci, dci = bootstrap(len(mine), lambda i: share(mine, i), lambda i: share(theirs, i))
        every = range(len(mine))
        rows.append(Row("provenance", "giveme5w1h", part, metric + suffix, units=len(mine),
                        storyline=share(mine, every), baseline=share(theirs, every), ci=ci,
                        delta_ci=dci, seconds=seconds[0], baseline_seconds=seconds[1],
                        note=note))  # fmt: skip
    return rows
