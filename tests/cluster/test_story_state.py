"""A story's running sums: the name profile the entity gate compares, kept exact."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.archive import compact
from storyline.cluster.model import ClusterConfig
from storyline.cluster.story_state import (
    Member,
    StoryState,
    Vecs,
    content_parts,
    content_similarity,
)
from storyline.cluster.vectors import SCALE, Vec, norm2

names = st.dictionaries(st.sampled_from("abcdefghij"), st.integers(1, SCALE), max_size=6)


def _member(n: int, people: Vec, terms: Vec | None = None) -> Member:
    return Member(f"m{n}", 1_700_000_000.0 + n, (terms or {"hack": SCALE}, people, {}, {}))


def _unit(weights: dict[str, float]) -> Vec:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: round(w / norm * SCALE) for k, w in weights.items()}


@given(st.lists(names, min_size=1, max_size=8), st.lists(names, max_size=8))
def test_the_name_norm_follows_every_add_absorb_and_cut(
    first: list[Vec], second: list[Vec]
) -> None:
    a, b = StoryState("a", "1"), StoryState("b", "2")
    for n, vec in enumerate(first):
        a.add_member(_member(n, vec), keep=4)
    for n, vec in enumerate(second):
        b.add_member(_member(n, vec), keep=4)
    assert a.names_norm2 == norm2(a.sums[1]) and b.names_norm2 == norm2(b.sums[1])
    a.absorb(b, keep=4)
    assert a.names_norm2 == norm2(a.sums[1])
    assert StoryState.from_json(a.to_json()).names_norm2 == a.names_norm2
    compact(a)
    assert a.names_norm2 == norm2(a.sums[1])


def _story_of_many_voices() -> StoryState:
    # Four reports of one breach: each names the company and six people of its own.
    story = StoryState("s", "1")
    for n in range(4):
        people = {"equifax": 0.4, **{f"p{n}{k}": 0.374 for k in range(6)}}
        story.add_member(_member(n, _unit(people)), keep=4)
    return story


def test_the_gate_compares_name_profiles_not_members() -> None:
    story, config = _story_of_many_voices(), ClusterConfig(entity_gate=0.25)
    new = _member(9, _unit({"equifax": 0.4, **{f"x{k}": 0.374 for k in range(6)}}))
    score, means = content_similarity(config, new.vecs, new.counts, story.sums, story.counts)
    assert means[1] < 0.2  # member by member, the reports share little: one name in seven
    ungated = (config.term_weight * means[0] + config.entity_weight * means[1]) / (
        config.term_weight + config.entity_weight
    )
    assert score == ungated  # but the company is the story's strongest name: no shrinking


def test_an_article_naming_none_of_the_story_is_shrunk() -> None:
    story, config = _story_of_many_voices(), ClusterConfig(entity_gate=0.25)
    new = _member(9, _unit({f"y{k}": 1.0 for k in range(7)}))
    score, means = content_similarity(config, new.vecs, new.counts, story.sums, story.counts)
    assert score < 0.1 * means[0]


_SPARSE = st.dictionaries(st.sampled_from("abcdef"), st.integers(1, 10_000), max_size=5)


@given(
    st.tuples(_SPARSE, _SPARSE, _SPARSE, _SPARSE),
    st.tuples(_SPARSE, _SPARSE, _SPARSE, _SPARSE),
    st.booleans(),
    st.sampled_from([None, 0.0, 0.25]),
)
def test_content_parts_explains_exactly_the_score_placing_uses(
    a: Vecs, b: Vecs, gate: bool, level: float | None
) -> None:
    config = ClusterConfig()
    ca, cb = tuple(1 if v else 0 for v in a), tuple(1 if v else 0 for v in b)
    score, means = content_similarity(config, a, ca, b, cb, gate=gate, gate_level=level)
    parts = content_parts(config, (a, ca), (b, cb), gate=gate, gate_level=level)
    assert parts.score == pytest.approx(score, abs=1e-12) and parts.means == means
