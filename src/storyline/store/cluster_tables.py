"""The cluster stage's view of the store: its tables behind methods (storyline.cluster.ports).

The stage computes; this adapter runs the SQL of storyline.store.clusters and checkpoints on
the store's connection, so the stage never reaches for a connection or a SQL module.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from storyline.models import ClusterInput, MemberKey, MemberRow
from storyline.store import checkpoints as state_sql
from storyline.store import clusters as sql


class HeldCheckpoints:
    """Engine states packed as a run places articles, held on disk until written.

    Later states reuse the unchanged pieces of earlier ones (checkpoints.Packer); the held
    ones wait for the write lock in a temporary file, not in memory (checkpoints.Spill).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._packer = state_sql.Packer()
        self._spill = state_sql.Spill()

    def __enter__(self) -> HeldCheckpoints:
        self._spill.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._spill.__exit__(*exc)

    def hold(self, key: str, state: dict[str, Any]) -> None:
        """Pack a state now (the engine may go on) and keep it until save_held."""
        self._spill.append((key, self._packer.pack(state)))

    def save_held(self, tag: str) -> None:
        """Store every held state as a checkpoint built with settings tag."""
        for key, packed in self._spill:
            state_sql.save_packed(self._conn, key, tag, packed)

    def save(self, key: str, tag: str, state: dict[str, Any]) -> None:
        """Pack a state now and store it as a checkpoint built with settings tag."""
        state_sql.save_packed(self._conn, key, tag, self._packer.pack(state))


class ClusterTables:
    """Settings, checkpoints, memberships, stories and events of clustering, on a connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @property
    def max_state_bytes(self) -> int:
        """Return the size over which a stored piece of engine state is refused."""
        return state_sql.MAX_STATE_BYTES

    def get_setting(self, key: str) -> str | None:
        """Return a stored clustering setting, or None."""
        return state_sql.get_setting(self._conn, key)

    def set_setting(self, key: str, value: str) -> None:
        """Store a clustering setting."""
        state_sql.set_setting(self._conn, key, value)

    def current_inputs(self) -> Iterator[ClusterInput]:
        """Yield every current article's id, version key and publication date."""
        return sql.current_inputs(self._conn)

    def texts(self, docs: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Return id, title, URL, published, source and (cleaned, else raw) text of versions."""
        return sql.texts(self._conn, docs)

    def member_index(self) -> dict[str, MemberKey]:
        """Return article id -> (doc, order key, duplicate group, story) of every membership."""
        return sql.member_index(self._conn)

    def count_stories(self) -> int:
        """Count the stories."""
        return sql.count_stories(self._conn)

    def has_checkpoint(self, tag: str, *, before: str | None = None) -> bool:
        """Tell whether a checkpoint built with tag exists (ending before `before`, if given)."""
        return state_sql.has_checkpoint(self._conn, tag, before=before)

    def checkpoint_before(self, key: str, tag: str) -> tuple[str, dict[str, Any]] | None:
        """Return the newest readable checkpoint built with tag that ends before key."""
        return state_sql.checkpoint_before(self._conn, key, tag)

    def checkpoint_keys(self, tag: str) -> list[str]:
        """Return the keys of the checkpoints built with tag, oldest first."""
        return state_sql.checkpoint_keys(self._conn, tag)

    def keep_checkpoints(self, keys: Collection[str]) -> None:
        """Delete every checkpoint but those at keys."""
        state_sql.keep_checkpoints(self._conn, keys)

    def drop_checkpoints_from(self, key: str) -> None:
        """Delete the checkpoints at or after key."""
        state_sql.drop_checkpoints_from(self._conn, key)

    def held_checkpoints(self) -> HeldCheckpoints:
        """Start holding a run's checkpoints until they are written (a context manager)."""
        return HeldCheckpoints(self._conn)

    def delete_members(self, article_ids: Iterable[str]) -> None:
        """Forget the memberships of articles that are no longer current."""
        sql.delete_members(self._conn, article_ids)

    def save_members(self, rows: Iterable[MemberRow]) -> None:
        """Insert or replace memberships."""
        sql.save_members(self._conn, rows)

    def move_stories(self, moves: dict[str, str]) -> None:
        """Re-point every member of a merged-away story at the story that absorbed it."""
        sql.move_stories(self._conn, moves)

    def move_members(self, moves: dict[str, str]) -> None:
        """Re-point articles cut out of their story at the story they now form."""
        sql.move_members(self._conn, moves)

    def add_events(self, events: Iterable[tuple[str, str, Sequence[str], Sequence[str]]]) -> None:
        """Record story events as (kind, story, others, articles)."""
        sql.add_events(self._conn, events)

    def refresh_stories(self, story_ids: Iterable[str]) -> None:
        """Recompute the summaries of the given stories from their members."""
        sql.refresh_stories(self._conn, story_ids)
