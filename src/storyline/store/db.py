"""Open SQLite connections and apply numbered migrations."""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from importlib import resources
from pathlib import Path

from storyline.errors import StoreError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open a connection in WAL mode with sane pragmas."""
    target = str(path)
    try:
        if readonly:
            uri = f"file:{Path(target).resolve()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        else:
            conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {target}: {exc}") from exc
    return conn


@cache  # packaged files: read once per process, not on every (per-request) open
def migrations() -> tuple[tuple[int, str, str], ...]:
    """List the packaged migrations as (number, name, sql), in order."""
    found = []
    folder = resources.files("storyline.store").joinpath("migrations")
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    numbers = [n for n, _, _ in found]
    if len(numbers) != len(set(numbers)):
        raise StoreError(f"two migrations share a number: {sorted(numbers)}")
    return tuple(sorted(found))


def check_version(conn: sqlite3.Connection) -> int:
    """Return the database's schema version; refuse one newer than this storyline knows."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    known = migrations()
    if known and current > known[-1][0]:
        # Its tables may mean what this version cannot read (checkpoints in pieces, say).
        raise StoreError(
            f"this store has schema version {current}, written by a newer storyline than this "
            f"one (which knows up to {known[-1][0]}): upgrade storyline to open it"
        )
    return current


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration newer than the database's user_version; return the new version."""
    current = check_version(conn)
    for number, name, sql in migrations():
        if number <= current:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc
        current = number
    return current


def _statements(sql: str) -> list[str]:
    """Split a migration script into complete statements (executescript would auto-commit)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        statements.append(buffer.strip())
    return statements
