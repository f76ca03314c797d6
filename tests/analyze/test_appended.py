"""Text glued onto the end of a copy that the rest of the story never speaks of."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze.align import additions, align
from storyline.analyze.appended import unrelated_tails
from storyline.analyze.provenance import StoryArticle
from storyline.analyze.story import analyze_story

# Another story a content farm glued onto its repost: none of its distinctive words (Zenith,
# migraine, Bavaria ...) occurs anywhere else in the bridge story.
GLUED = (
    "Zenith Biologics said its migraine therapy Cerafex cut attacks by half in a Phase III trial.\n"
    "The trial enrolled 1,200 patients at clinics in Ohio and Bavaria, the drugmaker said.\n"
    "Zenith shares rose nine percent in premarket trading after the announcement."
)


@pytest.fixture
def bridge(fixtures: Path) -> list[StoryArticle]:
    """Return the bridge story: the herald's original, a farm's copy, the times' rewrite."""
    return [StoryArticle(**d) for d in json.loads((fixtures / "story_bridge.json").read_text())]


def test_a_story_glued_onto_a_copy_is_not_what_the_copy_adds(
    bridge: list[StoryArticle],
) -> None:
    herald, farm, times = bridge
    farm = StoryArticle(farm.id, herald.text + "\n" + GLUED, source=farm.source,
                        published=farm.published, raw_text=herald.text + "\n" + GLUED)  # fmt: skip
    story = analyze_story("s", [herald, farm, times])
    glued = dict(story.appended)["farm-7"]
    assert [s.split()[0] for s in glued] == ["Zenith", "The", "Zenith"]
    assert not any("Zenith" in s for s in dict(story.additions)["farm-7"])
    assert not any("Zenith" in s for t in story.timeline for s in t.added)
    assert story.to_json()["appended"] == {"farm-7": list(glued)}


def test_a_copy_s_own_news_at_its_end_stays_an_addition(bridge: list[StoryArticle]) -> None:
    herald, farm, times = bridge
    news = (
        "Mayor Dana Ortiz later said the bridge could reopen in October if the girders arrive "
        "from the Pittsburgh foundry on schedule.\n"
        "Engineer Priya Venkataraman said cranes would hoist the girders into place overnight, "
        "with barges moored downstream.\n"
        "Riverton residents can find detour maps and shuttle timetables on the council website."
    )
    farm = StoryArticle(farm.id, herald.text + "\n" + news, source=farm.source,
                        published=farm.published)  # fmt: skip
    story = analyze_story("s", [herald, farm, times])
    assert story.appended == ()
    assert any("October" in s for s in dict(story.additions)["farm-7"])


def test_an_outlet_s_own_report_keeps_its_last_paragraphs(bridge: list[StoryArticle]) -> None:
    # Its own text throughout: an end that turns to other things is the report's own to add.
    herald, _, times = bridge
    own = StoryArticle(
        "gazette-2",
        "A gazette reporter walked the length of the closed crossing on Wednesday morning.\n"
        "Shopkeepers on the east bank worried about their Christmas trade and parking.\n" + GLUED,
        source="gazette.example",
        published="2023-05-03T08:00:00Z",
    )
    story = analyze_story("s", [herald, times, own])
    assert story.appended == ()


def test_a_long_glued_tail_is_kept_to_the_bound(bridge: list[StoryArticle]) -> None:
    herald, farm, times = bridge
    spam = "\n".join(  # 60 lines: more than a record keeps, fewer than alignment reads
        f"Zenith Biologics lot {k}: Cerafex, Dolvexa and Pruvazine ship from the Regensburg depot."
        for k in range(60)
    )
    farm = StoryArticle(farm.id, herald.text + "\n" + spam, source=farm.source,
                        published=farm.published)  # fmt: skip
    story = analyze_story("s", [herald, farm, times])
    assert len(dict(story.appended)["farm-7"]) == 40  # AnalysisConfig.max_additions


STORY = ["bridge", "council", "girders", "Ortiz", "detour", "Riverton", "repairs", "closure"]
ELSEWHERE = ["Zenith", "Cerafex", "Bavaria", "migraine", "Dolvexa", "Pruvazine", "trial", "shares"]
sentence = st.lists(st.sampled_from(STORY), min_size=6, max_size=10)
other = st.lists(st.sampled_from(ELSEWHERE), min_size=4, max_size=8)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(sentence, min_size=6, max_size=10),
    st.lists(st.one_of(sentence, other), min_size=0, max_size=5),
    st.lists(sentence, min_size=0, max_size=4),
)
def test_a_glued_tail_is_the_end_of_a_copy_s_own_text(
    body: list[list[str]], tail: list[list[str]], report: list[list[str]]
) -> None:
    # An original, a copy with a tail of any words, and maybe a report of the story's own.
    def lines(sentences: list[list[str]]) -> str:
        return "\n".join(" ".join(s) + "." for s in sentences)

    texts = {"orig": lines(body), "copy": lines(body + tail)}
    if report:
        texts["report"] = lines(report)
    own = additions(align(texts))
    glued = unrelated_tails(texts, own)
    assert set(glued) <= {"copy"}  # only a copy, never the original or an own report
    for article_id, end in glued.items():
        mine = own[article_id]
        assert end and list(end) == mine[len(mine) - len(end) :]  # the end of its own text
        assert not any(w in STORY for s in end for w in s.text.rstrip(".").split())


def test_a_glued_press_release_brings_no_quote_and_no_name(bridge: list[StoryArticle]) -> None:
    herald, farm, times = bridge
    release = (
        GLUED + '\n"We are thrilled with these results," said Zenith chief executive Marta Vogl.'
    )
    farm = StoryArticle(farm.id, herald.text + "\n" + release, source=farm.source,
                        published=farm.published)  # fmt: skip
    story = analyze_story("s", [herald, farm, times])
    assert "Marta Vogl" not in {q.speaker for q in story.quotes}
    assert not any("thrilled" in q.text for q in story.quotes)
    assert not any("Zenith" in e.name or "Vogl" in e.name for e in story.entities)
    assert any("Ortiz" in (q.speaker or "") for q in story.quotes)  # the story's own remain
