"""What the cluster stage asks of a store: the narrow interface storyline.store.Store satisfies.

The stage computes stories; the store keeps them. The stage sees only these protocols (the
Store matches them structurally, checked by mypy in storyline.pipeline), never a connection.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from storyline.models import ClusterInput, MemberKey, MemberRow

# A story event as stored: (kind, story, other stories, article ids).
EventRow = tuple[str, str, Sequence[str], Sequence[str]]


class HeldCheckpoints(Protocol):
    """Engine states packed as a run places articles, held until written under the write lock."""

    def __enter__(self) -> HeldCheckpoints: ...

    def __exit__(self, *exc: object) -> None: ...

    def hold(self, key: str, state: dict[str, Any]) -> None:
        """Pack a state now (the engine may go on) and keep it until save_held."""

    def save_held(self, tag: str) -> None:
        """Store every held state as a checkpoint built with settings tag."""

    def save(self, key: str, tag: str, state: dict[str, Any]) -> None:
        """Pack a state now and store it as a checkpoint built with settings tag."""


class ClusterTables(Protocol):
    """Clustering's settings, checkpoints, memberships, stories and events."""

    @property
    def max_state_bytes(self) -> int:
        """Return the size over which a stored piece of engine state is refused."""

    def get_setting(self, key: str) -> str | None:
        """Return a stored clustering setting, or None."""

    def set_setting(self, key: str, value: str) -> None:
        """Store a clustering setting."""

    def current_inputs(self) -> Iterator[ClusterInput]:
        """Yield every current article's id, version key and publication date."""

    def texts(self, docs: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Return id, title, URL, published, source and (cleaned, else raw) text of versions."""

    def member_index(self) -> dict[str, MemberKey]:
        """Return article id -> (doc, order key, duplicate group, story) of every membership."""

    def count_stories(self) -> int:
        """Count the stories."""

    def has_checkpoint(self, tag: str, *, before: str | None = None) -> bool:
        """Tell whether a checkpoint built with tag exists (ending before `before`, if given)."""

    def checkpoint_before(self, key: str, tag: str) -> tuple[str, dict[str, Any]] | None:
        """Return the newest readable checkpoint built with tag that ends before key."""

    def checkpoint_keys(self, tag: str) -> list[str]:
        """Return the keys of the checkpoints built with tag, oldest first."""

    def keep_checkpoints(self, keys: Collection[str]) -> None:
        """Delete every checkpoint but those at keys."""

    def drop_checkpoints_from(self, key: str) -> None:
        """Delete the checkpoints at or after key."""

    def held_checkpoints(self) -> HeldCheckpoints:
        """Start holding a run's checkpoints until they are written (a context manager)."""

    def delete_members(self, article_ids: Iterable[str]) -> None:
        """Forget the memberships of articles that are no longer current."""

    def save_members(self, rows: Iterable[MemberRow]) -> None:
        """Insert or replace memberships."""

    def move_stories(self, moves: dict[str, str]) -> None:
        """Re-point every member of a merged-away story at the story that absorbed it."""

    def move_members(self, moves: dict[str, str]) -> None:
        """Re-point articles cut out of their story at the story they now form."""

    def add_events(self, events: Iterable[EventRow]) -> None:
        """Record story events as (kind, story, others, articles)."""

    def refresh_stories(self, story_ids: Iterable[str]) -> None:
        """Recompute the summaries of the given stories from their members."""


@runtime_checkable
class ClusterStore(Protocol):
    """A store as the cluster stage sees it: transactions, duplicate groups, its tables."""

    @property
    def in_transaction(self) -> bool:
        """Tell whether a transaction() block is open."""

    def transaction(self) -> AbstractContextManager[object]:
        """Run the block in one write transaction (nested blocks join the outer one)."""

    def duplicate_groups(self) -> dict[str, str]:
        """Return article id -> duplicate group, groups of two or more."""

    @property
    def clusters(self) -> ClusterTables:
        """Return clustering's tables."""
