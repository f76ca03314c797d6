"""Persistence: all SQL of storyline lives in this package."""

from storyline.store.store import Store, resolve_db_path

__all__ = ["Store", "resolve_db_path"]
