"""Cluster a set of articles in one go: canonical order through the streaming engine."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from storyline.cluster.engine import StoryEngine
from storyline.cluster.features import extract
from storyline.cluster.model import Assignment, ClusterConfig, ClusterItem, Story
from storyline.cluster.prepared import Prepared


def prepare(
    item: ClusterItem,
    config: ClusterConfig,
    dup_group: str | None = None,
    *,
    embedding: Sequence[float] = (),
) -> Prepared:
    """Extract an item's features and canonical position (embedding: semantic channel)."""
    features = extract(
        item.headline,
        item.text,
        item.published,
        title_repeat=config.title_repeat,
        name_share=config.name_share,
    )
    if embedding:
        features = replace(features, embedding=tuple(float(x) for x in embedding))
    return Prepared(item.id, item.order_key, features, dup_group)


def prepare_all(
    items: Sequence[ClusterItem], config: ClusterConfig, groups: Mapping[str, str]
) -> list[Prepared]:
    """Prepare items, embedding their texts first when semantic similarity is on."""
    vectors: Sequence[Sequence[float]] = [()] * len(items)
    if config.semantic_weight > 0:
        from storyline.cluster.semantic import embed_items  # only with storyline[semantic]

        vectors = embed_items(items)
    return [
        prepare(i, config, groups.get(i.id), embedding=v)
        for i, v in zip(items, vectors, strict=True)
    ]


def run_engine(engine: StoryEngine, prepared: Iterable[Prepared]) -> Iterator[Assignment]:
    """Feed prepared articles (already in canonical order) to the engine."""
    for item in prepared:
        yield engine.add(item)


def stories_from(engine: StoryEngine, assignments: Iterable[Assignment]) -> list[Story]:
    """Group assignments into stories, resolving merges; stories ordered by their first article."""
    members: dict[str, list[Assignment]] = {}
    for assignment in assignments:
        story = engine.story_of(assignment.article_id, assignment.story_id)
        members.setdefault(story, []).append(assignment)
    stories = []
    for story_id, group in members.items():
        group.sort(key=lambda a: a.order_key)
        stories.append(
            Story(story_id, tuple(a.article_id for a in group), tuple(a.link for a in group))
        )
    stories.sort(key=lambda s: members[s.id][0].order_key)
    return stories


def cluster_items(
    items: Iterable[ClusterItem],
    config: ClusterConfig | None = None,
    *,
    duplicates: Mapping[str, str] | None = None,
) -> list[Story]:
    """Cluster items into stories (duplicates: article id -> duplicate group, always together)."""
    config = config or ClusterConfig()
    groups = duplicates or {}
    prepared = sorted(prepare_all(list(items), config, groups), key=lambda p: p.order_key)
    engine = StoryEngine(config)
    return stories_from(engine, list(run_engine(engine, prepared)))
