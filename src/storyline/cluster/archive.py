"""Dormant stories: the stories that left the active window, kept small and still findable.

A story that goes quiet is not over: a follow-up months later (a verdict, an anniversary, a
new leak from the same papers) belongs to it. Stories silent for longer than the window move
here with their centroid cut to its strongest keys; an article that matches one well enough
(the engine asks for a higher score than for an active story) brings it back to the window.
The archive holds at most `capacity` stories, the most recently active, so memory stays
bounded however long the feed runs.
"""

from __future__ import annotations

import heapq
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from storyline.cluster.postings import Postings
from storyline.cluster.story_state import StoryState
from storyline.cluster.vectors import Vec, norm2

KEEP_KEYS = (64, 32, 32)  # strongest centroid keys kept per channel: terms, entities, title
KEEP_TIMES = 16  # latest member times kept for the time penalty
KEEP_MEMBERS = 1  # latest member kept to explain a link


@dataclass
class StoryArchive:
    """Compact dormant stories, an index from keys to them, oldest first out."""

    capacity: int
    stories: dict[str, StoryState] = field(default_factory=dict)
    _index: Postings = field(default_factory=Postings)
    _age: list[tuple[float, str]] = field(default_factory=list)  # (t_max, id): the oldest leaves

    def __len__(self) -> int:
        return len(self.stories)

    def add(self, story: StoryState) -> None:
        """Keep a story that left the window, compacted; drop the oldest beyond capacity."""
        if self.capacity <= 0:
            return
        compact(story)
        self.stories[story.id] = story
        self._index.add(story.id, story.signature)
        heapq.heappush(self._age, (story.t_max or 0.0, story.id))
        while len(self.stories) > self.capacity:
            _, oldest = heapq.heappop(self._age)
            if oldest in self.stories:
                self.take(oldest)

    def take(self, story_id: str) -> StoryState:
        """Remove a story from the archive (to wake it, or because it is the oldest); return it."""
        story = self.stories.pop(story_id)
        self._index.remove(story_id, story.signature)
        return story

    def postings(self, key: str) -> Set[str]:
        """Return the ids of the dormant stories indexed under key."""
        return self._index.get(key)

    def to_json(self, *, copy: bool = True) -> list[dict[str, Any]]:
        """Return the dormant stories, oldest first (a checkpoint; copy: see StoryState)."""
        ordered = sorted(self.stories.values(), key=lambda s: (s.t_max or 0.0, s.id))
        return [story.to_json(copy=copy) for story in ordered]

    @classmethod
    def from_json(cls, capacity: int, data: list[dict[str, Any]]) -> StoryArchive:
        """Rebuild an archive written by to_json."""
        archive = cls(capacity)
        for raw in data:
            story = StoryState.from_json(raw)
            archive.stories[story.id] = story
            archive._index.add(story.id, story.signature)
            heapq.heappush(archive._age, (story.t_max or 0.0, story.id))
        return archive


def compact(story: StoryState) -> None:
    """Cut a story's centroid to its strongest keys and its history to its latest members."""
    for channel, keep in enumerate(KEEP_KEYS):
        story.sums[channel] = _strongest(story.sums[channel], keep)
    story.names_norm2 = norm2(story.sums[1])  # the gate's name profile is the cut one now
    story.times = story.times[-KEEP_TIMES:]
    story.recent = story.recent[-KEEP_MEMBERS:]


def _strongest(vec: Vec, keep: int) -> Vec:
    if len(vec) <= keep:
        return vec
    kept = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    return dict(kept)
