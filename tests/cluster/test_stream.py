"""Incremental clustering gives what a batch run gives, whatever the arrival order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.cluster.batch import cluster_items
from storyline.cluster.events import diff_stories
from storyline.cluster.model import ClusterItem, StoryEvent, story_id_for
from storyline.cluster.stream import Clusterer


def as_map(stories: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {a: s.id for s in stories for a in s.article_ids}


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), batch=st.integers(1, 20), every=st.integers(1, 40))
def test_any_arrival_order_gives_the_batch_stories(
    items: list[ClusterItem], seed: int, batch: int, every: int
) -> None:
    order = items[:]
    random.Random(seed).shuffle(order)
    clusterer = Clusterer(checkpoint_every=every)
    for start in range(0, len(order), batch):
        clusterer.add(order[start : start + batch])
    expected = cluster_items(items)
    assert clusterer.assignments() == as_map(expected)  # same partition and same ids
    assert [s.links for s in clusterer.stories()] == [s.links for s in expected]


def test_one_by_one_in_order_never_replays_and_records_no_event(items: list[ClusterItem]) -> None:
    clusterer = Clusterer()
    ordered = sorted(items, key=lambda i: i.order_key)
    events = [e for item in ordered for e in clusterer.add([item])]
    assert all(e.kind == "merge" for e in events)  # only merges can happen going forward
    assert clusterer.assignments() == as_map(cluster_items(items))


def test_late_first_article_renames_its_story(items: list[ClusterItem]) -> None:
    ordered = sorted(items, key=lambda i: i.order_key)
    clusterer = Clusterer()
    clusterer.add(ordered[1:])
    before = clusterer.assignments()
    events = clusterer.add(ordered[:1])
    after = clusterer.assignments()
    new_id = story_id_for(ordered[0].id)  # the story is named after its first article now
    assert after[ordered[0].id] == new_id
    old_ids = {before[a] for a in before if after[a] == new_id}
    assert len(old_ids) == 1 and new_id not in old_ids
    assert StoryEvent("renamed", new_id, tuple(old_ids), (ordered[0].id,)) in events


def test_changed_article_replaces_the_old_version(items: list[ClusterItem]) -> None:
    clusterer = Clusterer()
    clusterer.add(items)
    first = items[0]
    changed = ClusterItem(
        first.id, "Completely different: a chess final in Ravenna.", "Chess", first.published
    )
    clusterer.add([changed])
    assert len(clusterer.assignments()) == len(items)
    assert clusterer.assignments() == as_map(cluster_items([changed, *items[1:]]))


def test_diff_names_merges_splits_and_renames() -> None:
    before = {"a": "s1", "b": "s1", "c": "s2", "d": "s3", "e": "s3", "f": "s4"}
    after = {"a": "s1", "b": "s1", "c": "s1", "d": "s3", "e": "s5", "f": "s6", "g": "s6"}
    events = diff_stories(before, after, {"g"})
    assert StoryEvent("merge", "s1", ("s2",), ()) in events
    assert StoryEvent("split", "s3", ("s5",), ()) in events
    assert StoryEvent("renamed", "s6", ("s4",), ("g",)) in events
    assert len(events) == 3
    assert diff_stories(before, before) == []
