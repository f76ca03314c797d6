"""Incremental clustering in memory: feed articles in any order, get what a batch run gives.

Articles are processed in canonical order (publication time, then id). When one arrives
that sorts before articles already placed, the engine restarts from the newest checkpoint
before it and replays the rest, so the stories never depend on arrival order.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storyline.cluster.batch import prepare_all, stories_from
from storyline.cluster.engine import StoryEngine
from storyline.cluster.events import diff_stories
from storyline.cluster.model import Assignment, ClusterConfig, ClusterItem, Story, StoryEvent
from storyline.cluster.prepared import Prepared

CHECKPOINT_EVERY = 256  # articles between in-memory checkpoints


@dataclass
class Clusterer:
    """Keep stories up to date as articles arrive, one by one or in batches."""

    config: ClusterConfig = field(default_factory=ClusterConfig)
    checkpoint_every: int = CHECKPOINT_EVERY
    _items: list[Prepared] = field(default_factory=list)  # sorted by order_key
    _assignments: list[Assignment] = field(default_factory=list)  # parallel to _items
    _checkpoints: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (count, state)
    _engine: StoryEngine | None = None

    def add(
        self, items: Iterable[ClusterItem], duplicates: Mapping[str, str] | None = None
    ) -> list[StoryEvent]:
        """Place new articles (an id seen before replaces that article); return story events."""
        groups = duplicates or {}
        fresh = prepare_all(list(items), self.config, groups)
        if not fresh:
            return []
        before = self.assignments()
        replaced = {p.article_id for p in fresh}
        start = min(
            [bisect.bisect_left(self._keys(), p.order_key) for p in fresh]
            + [i for i, p in enumerate(self._items) if p.article_id in replaced]
        )
        kept = [p for p in self._items if p.article_id not in replaced]
        self._items = sorted(kept + fresh, key=lambda p: p.order_key)
        self._replay(start)
        return diff_stories(before, self.assignments(), replaced)

    def stories(self) -> list[Story]:
        """Return the current stories, ordered by their first article."""
        if self._engine is None:
            return []
        return stories_from(self._engine, self._assignments)

    def assignments(self) -> dict[str, str]:
        """Return article id -> story id."""
        if self._engine is None:
            return {}
        return {
            a.article_id: self._engine.story_of(a.article_id, a.story_id) for a in self._assignments
        }

    def _keys(self) -> list[str]:
        return [a.order_key for a in self._assignments]

    def _replay(self, start: int) -> None:
        """Restore the newest checkpoint at or before start and process everything after it."""
        self._checkpoints = [(n, s) for n, s in self._checkpoints if n <= start]
        count, state = self._checkpoints[-1] if self._checkpoints else (0, None)
        engine = (
            StoryEngine(self.config) if state is None else StoryEngine.from_json(self.config, state)
        )
        self._assignments = self._assignments[:count]
        for index in range(count, len(self._items)):
            self._assignments.append(engine.add(self._items[index]))
            done = index + 1
            if done % self.checkpoint_every == 0 and done > count:
                self._checkpoints.append((done, engine.to_json()))
        self._engine = engine
