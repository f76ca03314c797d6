"""storyline.similarity: the same-story score of two texts agrees with what clustering does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import storyline
from storyline.cluster import ClusterItem, cluster_items
from storyline.errors import UsageError

QUAKE_A = (
    "A magnitude 6.4 earthquake struck near Hualien, Taiwan, late on Tuesday, toppling a "
    "hotel and killing at least four people, the Central Weather Bureau said. Rescuers in "
    "Hualien searched the Marshal Hotel for guests trapped in the rubble."
)
QUAKE_B = (
    "Rescuers in Hualien pulled survivors from the tilted Marshal Hotel on Wednesday after "
    "the 6.4 magnitude earthquake that hit Taiwan's east coast killed four people. President "
    "Tsai Ing-wen visited Hualien and the Central Weather Bureau warned of aftershocks."
)
QUAKE_OTHER = (
    "A magnitude 7.1 earthquake shook central Mexico on Tuesday, collapsing buildings in "
    "Mexico City and Puebla. President Enrique Pena Nieto said rescuers were searching the "
    "Enrique Rebsamen school, where children were trapped."
)
# Two headlines of one story, as a headline-only feed carries them (giveme5w1h event 37).
HEAD_A = "2 injured, thousands flee as fireworks malfunction at Australian beach"
HEAD_B = "Thousands flee fireworks explosion at Australia beach"
PAIRS = [(QUAKE_A, QUAKE_B), (QUAKE_A, QUAKE_OTHER), (HEAD_A, HEAD_B), (HEAD_A, QUAKE_A)]


def _together(a: ClusterItem, b: ClusterItem) -> bool:
    return len(cluster_items([a, b])) == 1


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_the_verdict_is_what_clustering_decides(a: str, b: str) -> None:
    result = storyline.similarity(a, b)
    assert result.same_story == _together(ClusterItem("a", a), ClusterItem("b", b))


def test_one_story_scores_high_and_a_same_kind_quake_apart() -> None:
    same = storyline.similarity(QUAKE_A, QUAKE_B)
    other = storyline.similarity(QUAKE_A, QUAKE_OTHER)
    assert same.same_story and not other.same_story
    assert same.score > other.score
    assert same.contributions["terms"] > 0 and same.channels["entities"] > 0
    assert any("terms" in reason for reason in same.reasons)


def test_two_feed_headlines_of_one_story_join_on_the_brief_settings() -> None:
    a = ClusterItem("a", HEAD_A, HEAD_A, "2018-01-01T00:00:00")
    b = ClusterItem("b", HEAD_B, HEAD_B, "2018-01-01T04:15:41")
    result = storyline.similarity(a, b)
    assert result.same_story
    assert result.factors["entity_gate"] == 1.0  # a headline's few names are not gated
    assert result.needed == storyline.cluster.ClusterConfig().short_threshold
    assert result.same_story == _together(a, b)


def test_a_short_snippet_without_a_headline_keeps_the_entity_gate() -> None:
    # A sentence of prose names real names (an ECB+ snippet): the gate still applies.
    a = "Lindsay Lohan checked into the Betty Ford rehab clinic in California on Friday."
    b = "Tara Reid checked into the Promises rehab clinic in Malibu on Friday, her agent said."
    result = storyline.similarity(a, b)
    assert result.needed == storyline.cluster.ClusterConfig().threshold
    assert not result.same_story and result.factors["entity_gate"] < 1.0


def test_order_of_the_arguments_does_not_matter() -> None:
    assert storyline.similarity(QUAKE_A, QUAKE_B) == storyline.similarity(QUAKE_B, QUAKE_A)


def test_dated_items_carry_the_time_penalty() -> None:
    a = ClusterItem("a", QUAKE_A, published="2018-02-06T16:00:00Z")
    b = ClusterItem("b", QUAKE_B, published="2018-02-20T10:00:00Z")
    result = storyline.similarity(a, b)
    assert result.factors["time_penalty"] > 0
    assert result.same_story == _together(a, b)


def test_empty_text_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        storyline.similarity("  ", QUAKE_A)


_WORDS = st.sampled_from(
    [
        "quake",
        "Hualien",
        "Taiwan",
        "hotel",
        "rescuers",
        "fireworks",
        "beach",
        "Sydney",
        "Mexico",
        "school",
        "four",
        "killed",
        "President",
        "Tsai",
        "police",
        "fire",
        "trapped",
        "survivors",
    ]
)


@settings(max_examples=25, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30), st.lists(_WORDS, min_size=1, max_size=30))
def test_verdict_agrees_with_clustering_on_any_texts(a: list[str], b: list[str]) -> None:
    x, y = ClusterItem("a", " ".join(a)), ClusterItem("b", " ".join(b))
    assert storyline.similarity(x, y).same_story == _together(x, y)


def test_headline_only_items_of_one_story_form_one_story() -> None:
    # giveme5w1h event 37 as a headline-only feed: the body bar kept these two apart.
    items = [
        ClusterItem("a", HEAD_A, HEAD_A, "2018-01-01T00:00:00"),
        ClusterItem("b", HEAD_B, HEAD_B, "2018-01-01T04:15:41"),
    ]
    assert len(cluster_items(items)) == 1


def test_cli_prints_the_verdict_and_reasons() -> None:
    from click.testing import CliRunner

    from storyline.cli import main

    done = CliRunner().invoke(main, ["similarity", QUAKE_A, QUAKE_B])
    assert done.exit_code == 0 and done.output.startswith("same story: score")
    as_json = CliRunner().invoke(main, ["similarity", "--json", QUAKE_A, QUAKE_OTHER])
    assert as_json.exit_code == 0 and '"same_story": false' in as_json.output
    empty = CliRunner().invoke(main, ["similarity", " ", QUAKE_A])
    assert empty.exit_code == 2 and "empty" in empty.output


def test_headlines_without_any_body_are_briefs_too() -> None:
    a = ClusterItem("a", "", HEAD_A, "2018-01-01T00:00:00")
    b = ClusterItem("b", "", HEAD_B, "2018-01-01T04:15:41")
    result = storyline.similarity(a, b)
    assert result.same_story and result.same_story == _together(a, b)
    assert result.needed == storyline.cluster.ClusterConfig().short_threshold
