"""The scorer's gates: briefs get their own bar, silence needs names, a subject headline."""

from __future__ import annotations

from storyline.cluster.features import Features
from storyline.cluster.model import ClusterConfig
from storyline.cluster.scoring import Scorer
from storyline.cluster.story_state import Member, StoryState

DAY = 86_400.0


def story_naming(names: dict[str, int], *, day: float) -> StoryState:
    """Return a one-member story whose article names these names on that day."""
    story = StoryState("s1", "k1")
    story.add_member(Member("a1", day * DAY, ({"quak": 3}, dict(names), {}, {})), keep=0)
    return story


def test_a_headline_only_item_is_a_brief_and_a_short_essay_is_not() -> None:
    scorer = Scorer(ClusterConfig())
    words = ClusterConfig().short_words - 1
    headline = Features({"quak": 1}, {"quak": 1}, {}, None, words=words, headline_only=True)
    snippet = Features({"quak": 1}, {}, {}, None, words=words, headline_only=False)
    assert scorer.is_brief(headline)
    assert not scorer.is_brief(snippet)  # prose without a headline keeps the body's settings
    brief = Member("b", None, ({}, {}, {}, {}), brief=True)
    body = Member("c", None, ({}, {}, {}, {}))
    assert scorer.bar(brief) == ClusterConfig().short_threshold
    assert scorer.bar(body) == ClusterConfig().threshold


def test_after_a_silence_only_an_article_naming_the_story_names_may_join() -> None:
    config = ClusterConfig()
    scorer = Scorer(config)
    names = {"ana lopez": 5, "san jose": 4, "red cross": 3, "costa rica": 2}
    story = story_naming(names, day=0)
    later = float(config.silence_days + 5) * DAY
    assert scorer.may_meet({"san jose": 1, "costa rica": 1}, story, span=(DAY, DAY))
    assert not scorer.may_meet({"san jose": 1, "costa rica": 1}, story, span=(later, later))
    follow_up = {"ana lopez": 1, "san jose": 1, "red cross": 1}
    assert scorer.may_meet(follow_up, story, span=(later, later))


def test_a_headline_naming_the_story_subject_lifts_the_gate_and_others_do_not() -> None:
    scorer = Scorer(ClusterConfig())
    story = story_naming({"bitcoin": 9, "coinbase": 2, "jane doe": 1}, day=0)
    about = Member("m", None, ({}, {}, {}, {}), subject=frozenset({"bitcoin"}))
    minor = Member("n", None, ({}, {}, {}, {}), subject=frozenset({"jane doe"}))
    stranger = Member("o", None, ({}, {}, {}, {}), subject=frozenset({"ethereum"}))
    assert scorer.about(about, story)
    assert not scorer.about(minor, story)  # named, but not one of the story's strongest
    assert not scorer.about(stranger, story)
