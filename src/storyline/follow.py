"""The follow recipe: fetch a round of pages, then clean, dedup, cluster and analyze them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyline import pipeline
from storyline.config import FollowConfig
from storyline.errors import UsageError
from storyline.ingest.follow import Fetcher, RoundFetch, add_sources, fetch_round
from storyline.ingest.follow.urls import normalise
from storyline.store import Store

__all__ = [
    "FollowReport",
    "add_sources",
    "follow",
    "follow_round",
    "follow_urls",
    "followed",
]


@dataclass
class FollowReport:
    """What one round did: fetching, each stage, and what changed in the stories."""

    fetch: RoundFetch
    cleaned: int = 0
    stage_lines: list[str] = field(default_factory=list)
    new_stories: list[dict[str, Any]] = field(default_factory=list)
    joined: list[dict[str, Any]] = field(default_factory=list)  # articles into older stories
    copies: list[dict[str, Any]] = field(default_factory=list)  # articles that copy another
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per step

    def summary(self) -> str:
        """Render what changed, then one line per step."""
        f = self.fetch
        lines = [
            f"fetched {f.pages} pages and {f.sources} sources ({f.requests} requests): "
            f"stored {f.stored}, unchanged {f.unchanged}, failed {f.failed}, retry later "
            f"{f.retry}, blocked by robots.txt {f.blocked}; {f.found} new URLs found",
            f"new stories {len(self.new_stories)}, articles joined {len(self.joined)}, "
            f"copies found {len(self.copies)}",
        ]
        shown = 20  # a first round may place thousands: the counts above cover the rest
        lines += [
            f"  new story {s['story']}: {_plain(s['title'])} ({s['size']} articles)"
            for s in self.new_stories[:shown]
        ]
        lines += [
            f"  {j['article']} joined {j['story']}: {_plain(j['title'])}"
            for j in self.joined[:shown]
        ]
        lines += [f"  {c['article']} copies {c['copy_of']}" for c in self.copies[:shown]]
        lines += [f"  error {_plain(e, 200)}" for e in f.errors[:5]]
        times = ", ".join(f"{k} {v:.2f}s" for k, v in self.seconds.items())
        return "\n".join([*lines, *self.stage_lines, f"time: {times}"])

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        fetch = {k: v for k, v in vars(self.fetch).items() if k != "article_ids"}
        return {
            "fetch": fetch,
            "articles": list(self.fetch.article_ids),
            "new_stories": self.new_stories,
            "joined": self.joined,
            "copies": self.copies,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def follow_round(store: Store, fetcher: Fetcher, config: FollowConfig) -> FollowReport:
    """Run one round: fetch, then the incremental pipeline over what it stored."""
    clock = _Clock()
    report = FollowReport(fetch_round(store, fetcher, config))
    report.seconds["fetch"] = clock.lap()
    # The stages run even when nothing new came: they finish what a killed round left.
    report.cleaned = pipeline.clean(store)
    report.seconds["clean"] = clock.lap()
    stages: list[Any] = [pipeline.dedup(store)]
    report.seconds["dedup"] = clock.lap()
    stages.append(pipeline.cluster(store))
    report.seconds["cluster"] = clock.lap()
    stages.append(pipeline.analyze(store))
    report.seconds["analyze"] = clock.lap()
    report.stage_lines = [f"cleaned {report.cleaned}", *(s.summary() for s in stages)]
    _changes(store, report)
    return report


def _changes(store: Store, report: FollowReport) -> None:
    """Say where this round's articles went: new stories, older stories, copies."""
    fresh = set(report.fetch.article_ids)
    stories: dict[str, list[str]] = {}
    for article_id in report.fetch.article_ids:
        group = store.duplicate_group_of(article_id)
        if group is not None and group[1]:
            report.copies.append({"article": article_id, "copy_of": group[0]})
        story_id = store.story_of_article(article_id)
        if story_id is not None:
            stories.setdefault(story_id, []).append(article_id)
    for story_id, members in stories.items():
        story = store.get_story(story_id) or {}
        title = story.get("title") or ""
        if set(story.get("article_ids") or ()) <= fresh:
            report.new_stories.append({"story": story_id, "title": title, "size": len(members)})
        else:
            report.joined += [{"article": a, "story": story_id, "title": title} for a in members]


def follow(
    db: str | None,
    sources: list[str] | tuple[str, ...],
    config: FollowConfig,
    *,
    every: float | None = None,
    rounds: int | None = None,
    announce: Callable[[FollowReport], None] = lambda _r: None,
) -> int:
    """Follow sources (and those followed before) round after round; return rounds run."""
    config.check()
    done = 0
    with Store.open(db) as store, Fetcher(config) as fetcher:
        if sources:
            add_sources(store, sources)
        elif not store.follow_stats():
            raise UsageError("nothing followed yet: give a feed, sitemap or URL list to follow")
        while rounds is None or done < rounds:
            start = time.monotonic()
            announce(follow_round(store, fetcher, config))
            done += 1
            if every is None or (rounds is not None and done >= rounds):
                break
            time.sleep(max(0.0, every - (time.monotonic() - start)))
    return done


def follow_urls(
    store: Store, urls: list[str], config: FollowConfig, *, fetch_now: bool = False
) -> dict[str, Any]:
    """Follow http(s) sources only (no local files: for callers from the network).

    With fetch_now, run one round over every followed source and report it too.
    """
    bad = [url for url in urls if normalise(url) is None]
    if bad:
        raise UsageError(f"not an http(s) URL: {bad[0][:200]!r}")
    result: dict[str, Any] = {"sources": add_sources(store, urls)}
    if fetch_now:
        with Fetcher(config.check()) as fetcher:
            result["round"] = follow_round(store, fetcher, config).as_dict()
    return result


def followed(store: Store) -> dict[str, Any]:
    """Return the followed sources with last fetch, errors and article counts, and totals."""
    items = store.follow_stats()
    return {"items": items, "total": len(items), "frontier": store.frontier_counts()}


_CONTROLS = dict.fromkeys([*range(32), *range(127, 160)], " ")


def _plain(text: str, size: int = 120) -> str:
    """Return page text fit for one terminal line: no control characters, bounded."""
    line = text.translate(_CONTROLS)
    return line if len(line) <= size else line[: size - 1] + "…"


class _Clock:
    """Time consecutive steps."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def lap(self) -> float:
        """Return the seconds since the last lap."""
        now = time.monotonic()
        seconds, self.last = now - self.last, now
        return seconds
