"""Dormant stories: out of the window, still found by a strong follow-up, bounded in number."""

from __future__ import annotations

import json

from storyline.cluster.batch import cluster_items, prepare
from storyline.cluster.engine import StoryEngine
from storyline.cluster.model import ClusterConfig, ClusterItem

REPORT = (
    "Rescuers in Lakeport pulled twelve miners from the flooded Sorrel pit, chief Ana Ruiz "
    "said. The Sorrel pit flooded after the Tamber river burst its banks near Lakeport. "
    "Ana Ruiz thanked the Lakeport volunteers and the Sorrel Mining Company."
)
FOLLOW_UP = (
    "Six months after twelve miners were pulled from the flooded Sorrel pit in Lakeport, "
    "chief Ana Ruiz said the Sorrel Mining Company will reopen it. Lakeport volunteers who "
    "joined the rescue were honoured; the Tamber river banks were rebuilt."
)
UNRELATED = (
    "A ferry ran aground off Port Elling in fog, captain Ivo Brandt said. Coastguard crews "
    "from Port Elling towed the Marisol Star free; no one was hurt."
)


def _reports() -> list[ClusterItem]:
    return [
        ClusterItem(f"r{i}", REPORT, "Twelve miners rescued from Sorrel pit", f"2024-01-0{i + 1}")
        for i in range(3)
    ]


PLACES = (
    "Alder",
    "Birch",
    "Cedar",
    "Dogwood",
    "Elm",
    "Fir",
    "Ginkgo",
    "Hazel",
    "Ivy",
    "Juniper",
    "Kapok",
    "Larch",
)
CAPTAINS = (
    "Ivo Brandt",
    "Mara Quist",
    "Tomas Vell",
    "Ona Rikka",
    "Lev Dorn",
    "Pia Saar",
    "Ugo Manz",
    "Eda Korr",
    "Nils Ott",
    "Rea Pomm",
    "Sven Ulk",
    "Tia Wren",
)


def _filler(count: int, start_month: int) -> list[ClusterItem]:
    """Unrelated one-off stories, one a week, so the window moves on."""
    return [
        ClusterItem(
            f"f{i}",
            UNRELATED.replace("Port Elling", f"Port {PLACES[i]}")
            .replace("Ivo Brandt", CAPTAINS[i])
            .replace("Marisol Star", f"{PLACES[-1 - i]} Queen"),
            f"Ferry aground off Port {PLACES[i]}",
            f"2024-{start_month + i // 4:02d}-{1 + (i % 4) * 7:02d}",
        )
        for i in range(count)
    ]


def _story_of(stories: list, article_id: str) -> str:  # type: ignore[type-arg]
    return next(s.id for s in stories if article_id in s.article_ids)


def test_a_strong_follow_up_months_later_wakes_the_dormant_story() -> None:
    later = ClusterItem(
        "late", FOLLOW_UP, "Sorrel pit to reopen six months after rescue", "2024-07-10"
    )
    stories = cluster_items([*_reports(), *_filler(8, 3), later])
    assert _story_of(stories, "late") == _story_of(stories, "r0")


def test_without_the_archive_the_follow_up_opens_a_new_story() -> None:
    later = ClusterItem(
        "late", FOLLOW_UP, "Sorrel pit to reopen six months after rescue", "2024-07-10"
    )
    stories = cluster_items([*_reports(), later], ClusterConfig(archive_stories=0))
    assert _story_of(stories, "late") != _story_of(stories, "r0")


def test_waking_a_dormant_story_needs_more_than_joining_an_open_one() -> None:
    # Same words, but months apart and naming only the town: after a silence an article must
    # name the story's names (ClusterConfig.silence_names) to continue it.
    weak = ClusterItem(
        "weak", "Lakeport volunteers met. " + UNRELATED, "Lakeport meeting", "2024-07-10"
    )
    stories = cluster_items([*_reports(), weak])
    assert _story_of(stories, "weak") != _story_of(stories, "r0")


def test_the_archive_keeps_at_most_its_capacity_most_recent_first() -> None:
    config = ClusterConfig(archive_stories=3, window_days=5)
    engine = StoryEngine(config)
    placed = [engine.add(prepare(item, config)).story_id for item in _filler(12, 1)]
    dormant = [s for s in placed if s not in engine.stories]  # in time order
    assert len(dormant) > 3
    assert sorted(engine.archive.stories) == sorted(dormant[-3:])
    for story in engine.archive.stories.values():  # compacted: short centroid, one member
        assert len(story.recent) <= 1 and len(story.sums[0]) <= 64


def test_checkpoints_carry_the_archive() -> None:
    config = ClusterConfig(window_days=20)
    later = ClusterItem("late", FOLLOW_UP, "Sorrel pit to reopen", "2024-07-10")
    prepared = sorted(
        (prepare(i, config) for i in [*_reports(), *_filler(8, 3), later]),
        key=lambda p: p.order_key,
    )
    straight = StoryEngine(config)
    expected = [straight.add(p).story_id for p in prepared]
    first = StoryEngine(config)
    head = [first.add(p).story_id for p in prepared[:-1]]
    assert len(first.archive) > 0
    restored = StoryEngine.from_json(config, json.loads(json.dumps(first.to_json())))
    assert [*head, restored.add(prepared[-1]).story_id] == expected
