"""Is the earliest article named first? On giveme5w1h events and on generated ms headline feeds.

    PYTHONPATH=src python benchmarks/first_publisher_check.py [--part check|fit|all]

For each story (a gold giveme5w1h event of the chosen part, or a generated feed of 70 headlines
stamped to the millisecond within 15 minutes, the earliest one from a page full of menus), the
provenance stage names a first publisher and its ties. Counted:

* strict: stories whose earliest article is surely earlier than every other one (no overlap at
  the declared precisions); right when exactly that article is named, with no tie;
* tied: stories whose earliest dates overlap (a day-only date against a time that day, or the
  same instant); right when the named one and its ties are exactly the articles that may be first.

Nothing here was fitted: the figures of both parts are given, the check part is the one reported.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from storyline.analyze.provenance import StoryArticle, first_publisher, publication_order

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from splits import part_of  # noqa: E402

DATA = HERE.parents[1] / "shared" / "data" / "giveme5w1h-news-cluster" / "news_cluster" / "data"
WORDS = [
    "quake",
    "strikes",
    "coast",
    "tsunami",
    "warning",
    "issued",
    "residents",
    "flee",
    "buildings",
    "damaged",
]


def events(part: str) -> list[list[StoryArticle]]:
    """Read the gold events of giveme5w1h (of one part) as stories."""
    grouped: dict[str, list[StoryArticle]] = defaultdict(list)
    for path in sorted(DATA.glob("*.json")):
        record = json.loads(path.read_text())
        event = str(record["newsCluster"]["EventId"])
        if part != "all" and part_of("giveme5w1h", event) != part:
            continue
        grouped[event].append(
            StoryArticle(
                id=path.stem,
                text=record.get("text") or "",
                source=record.get("source_domain"),
                published=record.get("date_publish"),
                title=record.get("title"),
                url=record.get("url"),
                raw_text=record.get("text"),
            )
        )
    return [story for story in grouped.values() if len(story) > 1]


def feed(seed: int, size: int = 70) -> list[StoryArticle]:
    """Generate one headline feed stamped to the millisecond, in five zones."""
    rng = random.Random(seed)
    start = datetime(2019, 11, 19, 22, 4, tzinfo=UTC)
    offsets = sorted(rng.sample(range(1, 15 * 60_000), size - 1))
    out = []
    for k, ms in enumerate([0, *offsets]):
        zone = timezone(timedelta(hours=rng.choice((0, -5, 1, 8, 9))))
        stamp = (start + timedelta(milliseconds=ms)).astimezone(zone)
        text = " ".join(rng.sample(WORDS, 6)).capitalize() + "."
        raw = "Menu Home Sign in Subscribe Share " + text if k == 0 else None
        out.append(
            StoryArticle(
                f"h{rng.randrange(10**9):09d}",
                text,
                published=stamp.isoformat(timespec="milliseconds"),
                title=text,
                raw_text=raw,
            )
        )
    rng.shuffle(out)
    return out


def interval(value: str | None) -> tuple[datetime, datetime] | None:
    """Read an ISO date as [start, end) in UTC, independently of storyline (the oracle).

    A day ("YYYY-MM-DD", or the naive midnight scrapers write for one) is the day; a time is
    exact to the digits it gives (seconds or milliseconds); a naive time is UTC.
    """
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if len(value) == 10 or (moment.tzinfo is None and value.endswith("T00:00:00")):
        day = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
        return day, day + timedelta(days=1)
    start = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    unit = timedelta(milliseconds=1) if "." in value else timedelta(seconds=1)
    return start, start + unit


def may_be_first(story: list[StoryArticle]) -> set[str]:
    """Return the ids no other article of the story is surely earlier than."""
    dates = {a.id: d for a in story if (d := interval(a.published)) is not None}
    return {a for a, (start, _) in dates.items() if not any(e <= start for _, e in dates.values())}


def score(stories: list[list[StoryArticle]]) -> dict[str, tuple[int, int]]:
    """Count right answers among strict and tied stories."""
    counts = {"strict": [0, 0], "tied": [0, 0]}
    for story in stories:
        truth = may_be_first(story)
        if not truth:
            continue
        first = first_publisher(publication_order(story))
        named = {first.article_id, *first.tied_with}
        kind = "strict" if len(truth) == 1 else "tied"
        counts[kind][1] += 1
        counts[kind][0] += named == truth
    return {k: (v[0], v[1]) for k, v in counts.items()}


def main() -> None:
    """Print the first-publisher figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["check", "fit", "all"], default="check")
    parser.add_argument("--feeds", type=int, default=100)
    args = parser.parse_args()
    sets = {
        f"giveme5w1h {args.part}": events(args.part),
        f"{args.feeds} ms headline feeds": [feed(s) for s in range(args.feeds)],
    }
    for name, stories in sets.items():
        result = score(stories)
        parts = ", ".join(f"{k} {r}/{n}" for k, (r, n) in result.items() if n)
        print(f"{name}: {len(stories)} stories; earliest named right: {parts}")


if __name__ == "__main__":
    main()
