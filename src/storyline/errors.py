"""Exception hierarchy: one base, a few subclasses a caller can act on."""

from __future__ import annotations


class StorylineError(Exception):
    """Base of every error storyline raises on purpose."""


class UsageError(StorylineError):
    """The caller asked for something impossible (bad path, bad option value)."""


class InputError(StorylineError):
    """One input record or file cannot be used; carries where and why."""

    def __init__(self, reason: str, *, path: str = "", record: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.record = record
        where = path if record is None else f"{path}#{record}"
        super().__init__(f"{where}: {reason}" if where else reason)


class StoreError(StorylineError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(StorylineError):
    """A requested article, story or other object does not exist."""


class MissingStoreError(StoreError):
    """A command that only reads was pointed at a database file that does not exist.

    The CLI treats it as bad usage (exit 2): a typo in --db, not a broken store.
    """
