"""An inverted index from retrieval keys to the stories that hold them."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field

_NONE: frozenset[str] = frozenset()


@dataclass
class Postings:
    """Key -> ids of the stories indexed under it; a key with no story left is dropped."""

    _keys: dict[str, set[str]] = field(default_factory=dict)

    def add(self, story_id: str, keys: Iterable[str]) -> None:
        """Index a story under keys."""
        for key in keys:
            self._keys.setdefault(key, set()).add(story_id)

    def remove(self, story_id: str, keys: Iterable[str]) -> None:
        """Take a story out from under keys."""
        for key in keys:
            postings = self._keys.get(key)
            if postings is not None:
                postings.discard(story_id)
                if not postings:
                    del self._keys[key]

    def get(self, key: str) -> Set[str]:
        """Return the ids of the stories indexed under key."""
        return self._keys.get(key, _NONE)
