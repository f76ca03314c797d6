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


FED_HEADLINES = [
    "Fed raises interest rates by a quarter point",
    "Federal Reserve lifts benchmark rate for third time this year",
    "Powell says economy strong enough to handle higher rates",
    "Stocks slip after Fed rate hike",
    "Fed signals two more rate increases next year",
    "Mortgage rates expected to climb after Fed move",
    "Trump criticises Powell over rate increase",
    "Dollar jumps as Fed hikes rates",
    "What the Fed rate hike means for your credit card",
    "Fed's Powell defends rate hike amid market jitters",
    "Treasury yields rise after Federal Reserve decision",
    "Banks raise prime rate after Fed move",
    "Powell: Fed will stay patient on further hikes",
    "Wall Street ends lower as Powell comments weigh",  # echoes a few, shares little with most
]
OTHER_HEADLINES = [
    "Apple unveils new iPhone with larger screen",
    "Wildfire forces thousands to flee in California",
    "Manchester United sack manager after poor run",
    "Apple iPhone sales beat expectations",
]


def test_a_long_headline_story_takes_a_headline_close_to_a_few_of_its_own() -> None:
    from dataclasses import replace

    from storyline.cluster import ClusterItem, cluster_items

    def stamp(i: int) -> str:  # a feed's millisecond times, one evening
        return f"2018-12-19T{19 + i // 10}:{i * 7 % 60:02d}:{i:02d}.{i * 37 % 1000:03d}+00:00"

    items = [ClusterItem(f"h{i:02d}", h, h, stamp(i)) for i, h in enumerate(FED_HEADLINES)]
    items += [ClusterItem(f"o{i}", h, h, stamp(20 + i)) for i, h in enumerate(OTHER_HEADLINES)]

    def story_of(config: ClusterConfig) -> dict[str, str]:
        return {a: s.id for s in cluster_items(items, config) for a in s.article_ids}

    placed = story_of(ClusterConfig())
    assert placed["h13"] == placed["h00"] == placed["h12"]
    assert {placed[f"o{i}"] for i in range(4)}.isdisjoint({placed["h00"]})
    averaged = story_of(replace(ClusterConfig(), brief_link=0))  # the average over all of them
    assert averaged["h13"] != averaged["h00"]
