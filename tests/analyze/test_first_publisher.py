"""First publisher on headline feeds with millisecond times: the clock decides, ties are real."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

from storyline.analyze.provenance import StoryArticle, first_publisher, publication_order
from storyline.analyze.story import analyze_story

_OUTLETS = ["reuters.com", "apnews.com", "bbc.co.uk", "cnn.com", "dw.com", "nhk.or.jp"]
_WORDS = [
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


def headline_story(seed: int, size: int = 70) -> list[StoryArticle]:
    """Build a story of headlines stamped within minutes of each other, to the millisecond.

    The earliest one comes from a reposting-style page (its raw text carries menus that cleaning
    removed) and sits among many others in the same minutes: only the clock can name it.
    """
    rng = random.Random(seed)
    start = datetime(2019, 11, 19, 22, 4, tzinfo=UTC)
    offsets = sorted(rng.sample(range(1, 15 * 60_000), size - 1))
    stamps = [start, *(start + timedelta(milliseconds=ms) for ms in offsets)]
    zones = [timedelta(hours=h) for h in (0, -5, 1, 8, 9)]
    out = []
    for k, stamp in enumerate(stamps):
        local = stamp.astimezone(timezone(rng.choice(zones)))
        words = rng.sample(_WORDS, 6)
        text = " ".join(words).capitalize() + "."
        raw = ("Menu Home Sign in Subscribe Share " + text) if k == 0 else None
        out.append(
            StoryArticle(
                id=f"h{rng.randrange(10**9):09d}",
                text=text,
                source=rng.choice(_OUTLETS),
                published=local.isoformat(timespec="milliseconds"),
                title=text,
                raw_text=raw,
            )
        )
    rng.shuffle(out)
    return out


def earliest(articles: list[StoryArticle]) -> str:
    return min(articles, key=lambda a: datetime.fromisoformat(a.published or "")).id


def test_the_earliest_millisecond_headline_is_named_first_in_every_story() -> None:
    right = 0
    for seed in range(40):
        story = headline_story(seed)
        first = first_publisher(publication_order(story))
        right += first.article_id == earliest(story) and first.tied_with == ()
    assert right == 40


def test_millisecond_times_order_exactly_and_alone() -> None:
    story = headline_story(7)
    blocks = publication_order(story)
    assert all(len(block) == 1 for block in blocks)  # no two share a millisecond
    stamps = [datetime.fromisoformat(b[0].published or "") for b in blocks]
    assert stamps == sorted(stamps)


def test_a_day_only_date_ties_only_with_the_first_time_of_its_day() -> None:
    story = headline_story(3, size=12)
    day = StoryArticle("a-day-only", "Quake strikes coast.", published="2019-11-19")
    first = first_publisher(publication_order([*story, day]))
    pair = {first.article_id, *first.tied_with}
    assert pair == {earliest(story), "a-day-only"}


def test_the_same_millisecond_is_a_tie_and_shown_as_one() -> None:
    a = StoryArticle("x1", "Quake strikes coast.", published="2019-11-19T22:04:00.125Z")
    b = StoryArticle("x2", "Tsunami warning issued.", published="2019-11-19T23:04:00.125+01:00")
    c = StoryArticle("x3", "Residents flee.", published="2019-11-19T22:04:00.126Z")
    first = first_publisher(publication_order([c, b, a]))
    assert {first.article_id, *first.tied_with} == {"x1", "x2"}
    assert "tied with 1" in first.basis and first.precision == "millisecond"


def test_story_analysis_names_the_earliest_headline() -> None:
    story = headline_story(11)
    analysis = analyze_story("s1", story)
    assert analysis.first_published.article_id == earliest(story)
    assert analysis.articles[0].id == earliest(story)


def test_a_day_only_date_does_not_go_first_as_if_it_were_midnight() -> None:
    timed = StoryArticle("b-timed", "Quake strikes coast.", published="2019-11-19T22:04:00.125Z")
    later = StoryArticle("c-later", "Residents flee.", published="2019-11-19T23:10:00Z")
    day = StoryArticle("a-day", "Tsunami warning issued.", published="2019-11-19")
    order = [a.id for block in publication_order([day, later, timed]) for a in block]
    assert order == ["b-timed", "c-later", "a-day"]
    first = first_publisher(publication_order([day, later, timed]))
    assert (first.article_id, first.tied_with) == ("b-timed", ("a-day",))
