"""First publisher, publication order, copy graph and roles."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze.align import align
from storyline.analyze.provenance import (
    StoryArticle,
    build_provenance,
    first_publisher,
    parse_published,
    publication_order,
)


@pytest.fixture
def bridge(fixtures: Path) -> list[StoryArticle]:
    """Return the three-article bridge story: an original, a wrapped copy, a rewrite."""
    return [StoryArticle(**d) for d in json.loads((fixtures / "story_bridge.json").read_text())]


def _provenance(articles: list[StoryArticle]):  # type: ignore[no-untyped-def]
    return build_provenance(articles, align({a.id: a.text for a in articles}))


@pytest.mark.parametrize(
    ("value", "precision", "start", "end"),
    [
        ("2024-04-26", "day", "2024-04-26T00:00:00+00:00", "2024-04-27T00:00:00+00:00"),
        ("2017-09-15T00:00:00", "day", "2017-09-15T00:00:00+00:00", "2017-09-16T00:00:00+00:00"),
        (
            "2024-04-26T10:15:30+02:00",
            "second",
            "2024-04-26T08:15:30+00:00",
            "2024-04-26T08:15:31+00:00",
        ),
        ("2024-04-26T08:32:00", "second", "2024-04-26T08:32:00+00:00", "2024-04-26T08:32:01+00:00"),
        ("2024-04-26T08:32", "minute", "2024-04-26T08:32:00+00:00", "2024-04-26T08:33:00+00:00"),
        (
            "2024-04-26T08:32:00.125Z",
            "millisecond",
            "2024-04-26T08:32:00.125000+00:00",
            "2024-04-26T08:32:00.126000+00:00",
        ),
        ("2024-12", "month", "2024-12-01T00:00:00+00:00", "2025-01-01T00:00:00+00:00"),
        ("2024", "year", "2024-01-01T00:00:00+00:00", "2025-01-01T00:00:00+00:00"),
    ],
)
def test_parse_published_reads_the_interval(
    value: str, precision: str, start: str, end: str
) -> None:
    date = parse_published(value)
    assert date.precision == precision
    assert date.start is not None and date.start.isoformat() == start
    assert date.end is not None and date.end.isoformat() == end


@pytest.mark.parametrize("value", [None, "", "yesterday", "2024-13-45", "April 27"])
def test_unreadable_dates_are_unknown(value: str | None) -> None:
    assert parse_published(value).precision == "unknown"
    assert not parse_published(value).known


def test_a_day_only_date_ties_with_a_time_that_day() -> None:
    day, noon, next_day = (
        parse_published(v) for v in ("2024-04-26", "2024-04-26T12:00", "2024-04-27")
    )
    assert not day.before(noon) and not noon.before(day)
    assert day.before(next_day) and noon.before(next_day)


def test_first_publisher_is_the_earliest_date_not_the_ingestion_order() -> None:
    late = StoryArticle("late", "text one", published="2024-05-02")
    early = StoryArticle("early", "text two", published="2024-05-01T23:00:00Z")
    first = first_publisher(publication_order([late, early]))
    assert (first.article_id, first.date, first.tied_with) == ("early", "2024-05-01T23:00:00Z", ())


def test_undated_articles_come_last_and_are_never_first() -> None:
    blocks = publication_order(
        [
            StoryArticle("a-undated", "x"),
            StoryArticle("z-dated", "y", published="2030-01-01"),
        ]
    )
    assert [[a.id for a in b] for b in blocks] == [["z-dated"], ["a-undated"]]
    assert first_publisher(blocks).article_id == "z-dated"


def test_no_first_publisher_without_any_date() -> None:
    first = first_publisher(publication_order([StoryArticle("a", "x"), StoryArticle("b", "y")]))
    assert first.article_id is None and first.date is None
    assert "no article has a publication date" in first.basis


def test_ties_are_reported_and_broken_towards_the_cleaner_unwrapped_text(
    bridge: list[StoryArticle],
) -> None:
    # farm-7 is dated the same day (day only) and starts earlier, but it wraps the herald's text
    # in boilerplate that cleaning removed: the herald comes first, the tie is reported.
    first = first_publisher(publication_order(bridge))
    assert first.article_id == "herald-1"
    assert first.tied_with == ("farm-7",)
    assert first.precision == "second"


def test_tie_conventions_never_override_a_sure_date_order() -> None:
    body = "The council closed the old bridge for repairs after finding corrosion in the supports."
    junky = StoryArticle(
        "b-junky",
        body,
        published="2024-05-01T06:47:00Z",
        raw_text="Menu Home Share Subscribe Login Sign up Follow us " + body,
    )
    clean = StoryArticle("c-clean", body, published="2024-05-01T08:15:00Z")
    day = StoryArticle("a-day", body, published="2024-05-01")
    order = [a.id for block in publication_order([clean, junky, day]) for a in block]
    assert order.index("b-junky") < order.index("c-clean")


def test_copy_graph_roles_and_evidence(bridge: list[StoryArticle]) -> None:
    prov = _provenance(bridge)
    assert prov.order == ("herald-1", "farm-7", "times-3")
    assert dict(prov.roles) == {"herald-1": "original", "farm-7": "copy", "times-3": "rewrite"}
    copy = prov.edge_of("farm-7")
    assert copy is not None and copy.source == "herald-1" and copy.kind == "copy"
    assert copy.containment > 0.9 and copy.similarity > 0.9
    assert any("Old Mill Bridge" in p for p in copy.shared_passages)
    rewrite = prov.edge_of("times-3")
    assert rewrite is not None and rewrite.source == "herald-1" and rewrite.containment < 0.2
    assert prov.edge_of("herald-1") is None


def test_same_outlet_later_version_is_an_update(bridge: list[StoryArticle]) -> None:
    herald = bridge[0]
    later = replace(
        herald,
        id="herald-2",
        published="2023-05-04",
        text=herald.text + "\nThe council later delayed the start of works to June.",
        raw_text=None,
    )
    prov = _provenance([herald, later])
    assert prov.role("herald-2") == "update"
    edge = prov.edge_of("herald-2")
    assert edge is not None and edge.source == "herald-1"


def test_same_outlet_follow_up_with_its_own_text_is_a_rewrite(bridge: list[StoryArticle]) -> None:
    herald, _, times = bridge
    follow_up = replace(
        times,
        id="herald-9",
        source=herald.source,
        title="Shops fear bridge works",
        published="2023-05-05",
    )
    prov = _provenance([herald, follow_up])
    assert prov.role("herald-9") == "rewrite"
    retitled = replace(follow_up, title=herald.title)
    assert _provenance([herald, retitled]).role("herald-9") == "update"


def test_unrelated_articles_are_all_originals() -> None:
    prov = _provenance(
        [
            StoryArticle(
                "a", "The orchestra played Mahler in the new hall.", published="2024-01-01"
            ),
            StoryArticle("b", "Farmers expect a record wheat harvest.", published="2024-01-02"),
        ]
    )
    assert dict(prov.roles) == {"a": "original", "b": "original"}
    assert prov.edges == ()


def test_a_rewrite_credits_the_source_not_a_copy_that_explains_little_more(
    bridge: list[StoryArticle],
) -> None:
    herald, farm, times = bridge
    extra = "\nResidents can find detour maps on the city website."
    farm = replace(farm, text=farm.text + extra)
    times = replace(times, text=times.text + extra)
    edge = _provenance([herald, farm, times]).edge_of("times-3")
    assert edge is not None and edge.source == "herald-1"


_DATES = st.one_of(
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(range(4)), _DATES), min_size=1, max_size=6))
def test_edges_point_back_in_publication_order(items: list[tuple[int, str | None]]) -> None:
    bodies = [
        "The council closed the old bridge for repairs after finding corrosion in the supports.",
        "Farmers expect a record wheat harvest this summer after heavy spring rains.",
        "The council closed the old bridge for repairs after finding corrosion. Shops fear losses.",
        "A new museum of modern art opened downtown with works by local painters.",
    ]
    articles = [StoryArticle(f"a{i}", bodies[k], published=d) for i, (k, d) in enumerate(items)]
    prov = _provenance(articles)
    rank = {a: i for i, a in enumerate(prov.order)}
    assert sorted(prov.order) == sorted(a.id for a in articles)
    assert len({e.copy for e in prov.edges}) == len(prov.edges)
    for edge in prov.edges:
        assert rank[edge.source] < rank[edge.copy]
    dates = {a.id: parse_published(a.published) for a in articles}
    for i, earlier in enumerate(prov.order):
        for later in prov.order[i + 1 :]:
            assert not dates[later].before(dates[earlier])
    if prov.first.article_id is not None:
        first_date = dates[prov.first.article_id]
        assert not any(d.before(first_date) for d in dates.values())


DATES = st.sampled_from(
    [
        "2024-05-01",
        "2024-05-02",
        "2024-05-01T23:00:00Z",
        "2024-05-02T01:30:00+02:00",
        "2024-05-01T12:00:00.250Z",
        "2024-05-01T12:00:00Z",
        "2024-05-01T12:00Z",
        "2024-05-03T09:00:00-05:00",
        "not a date",
        None,
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(DATES, min_size=1, max_size=9))
def test_tie_blocks_are_the_overlap_components_of_the_dates(dates: list[str | None]) -> None:
    articles = [StoryArticle(f"a{i}", f"text {i}", published=d) for i, d in enumerate(dates)]
    pubs = {a.id: parse_published(a.published) for a in articles}
    dated = [a.id for a in articles if pubs[a.id].known]
    component = {i: {i} for i in dated}  # overlap components, by brute force
    for i in dated:
        for j in dated:
            a, b = pubs[i], pubs[j]
            if a.start < b.end and b.start < a.end:  # type: ignore[operator]
                merged = component[i] | component[j]
                for k in merged:
                    component[k] = merged
    blocks = publication_order(articles)
    got = [frozenset(a.id for a in block) for block in blocks]
    want = {frozenset(c) for c in component.values()}
    undated = frozenset(a.id for a in articles if not pubs[a.id].known)
    assert set(got) - {undated} == want
    starts = [min(pubs[a.id].start for a in block) for block in blocks if block[0].id in dated]
    assert starts == sorted(starts)  # blocks in publication order, the undated last
    assert sum(len(block) for block in blocks) == len(articles)


def _excerpt_pair(herald: StoryArticle, published: str | None) -> list[StoryArticle]:
    """Return a content farm's excerpt of the herald's story (its lead, then a link line)."""
    lead = "\n".join(herald.text.split("\n")[:3])
    raw = lead + "\nRead the full story at riverton-herald.example."
    excerpt = StoryArticle(
        "digest-2", lead, source="digest.example", published=published, raw_text=raw
    )
    return [excerpt, replace(herald, published=published)]


@pytest.mark.parametrize("published", ["2023-05-02", None])
def test_an_excerpt_tied_with_its_original_is_the_copy(
    bridge: list[StoryArticle], published: str | None
) -> None:
    # Same day, day only (or no date at all): the dates cannot order the two. The herald
    # carries all of the excerpt and more real text: that is the article it was cut from, not a
    # wrap of it (a wrap adds junk, which cleaning removes).
    prov = _provenance(_excerpt_pair(bridge[0], published))
    edge = prov.edge_of("digest-2")
    assert edge is not None and edge.source == "herald-1" and edge.kind == "copy"
    assert prov.edge_of("herald-1") is None


def test_a_copy_of_a_spun_copy_credits_the_spun_copy(bridge: list[StoryArticle]) -> None:
    herald = bridge[0]
    spun_text = (
        herald.text.replace("close the Old Mill", "shut the Old Mill")
        .replace("corrosion in the steel", "rust in the steel")
        .replace("typical commute", "usual commute")
    )
    spun = StoryArticle("spinner-4", spun_text, source="spinner.example",
                        published="2023-05-02T11:00:00+00:00")  # fmt: skip
    # The farm took the spinner's lead, as long as the herald's brief: it reproduces more of
    # the brief than of the spinner's whole text, but it carries the spinner's words, which
    # only the spinner explains.
    lead = "\n".join(spun_text.split("\n")[:4])
    farm = StoryArticle("farm-9", lead, source="farm9.example",
                        published="2023-05-02T13:00:00+00:00")  # fmt: skip
    brief = replace(herald, text="\n".join(herald.text.split("\n")[:4]))
    prov = _provenance([brief, spun, farm])
    edge = prov.edge_of("farm-9")
    assert edge is not None and edge.source == "spinner-4" and edge.kind == "copy"
