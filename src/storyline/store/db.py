"""Open SQLite connections and apply numbered migrations."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from storyline.dates import stored_key
from storyline.errors import StoreError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
BUSY_ENV = "STORYLINE_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT = 600.0  # seconds a writer waits for another writer before giving up
READ_BUSY_MS = 2000  # WAL readers never wait on a writer; only on a crash recovery of the log
FIRST_SLICE = 0.5  # seconds of waiting for a write lock before saying so
MAX_SLICE = 10.0  # seconds of waiting between checks of the timeout
TELL_EVERY = 30.0  # seconds between "still waiting" notes


def busy_timeout(value: float | None = None) -> float:
    """Return how long a writer waits for the lock: value, $STORYLINE_BUSY_TIMEOUT, or 600 s."""
    if value is None:
        raw = os.environ.get(BUSY_ENV, "").strip()
        if not raw:
            return DEFAULT_BUSY_TIMEOUT
        try:
            value = float(raw)
        except ValueError:
            raise StoreError(f"{BUSY_ENV}={raw!r} is not a number of seconds") from None
    if not 0 <= value < 10**9:  # also refuses nan and inf
        raise StoreError(f"the busy timeout must be 0 or more seconds, not {value}")
    return value


def tell_stderr(message: str) -> None:
    """Say what a writer waits for on stderr (stdout may carry JSON)."""
    print(message, file=sys.stderr, flush=True)


def is_busy(exc: sqlite3.Error) -> bool:
    """Tell whether an error means another connection holds the lock."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def begin_write(
    conn: sqlite3.Connection,
    where: str,
    *,
    timeout: float,
    tell: Callable[[str], None] = tell_stderr,
) -> None:
    """Start a write transaction, waiting (and saying so) while another writer works.

    The waiting itself is SQLite's busy handler, which retries with backoff up to 100 ms
    apart, so a waiting writer gets the lock soon after it is free; this loop runs it in
    growing slices to tell what it waits for and to give up after timeout seconds.
    """
    started = time.monotonic()
    wait_slice, told = FIRST_SLICE, -TELL_EVERY
    try:
        while True:
            waited = time.monotonic() - started
            conn.execute(f"PRAGMA busy_timeout = {_ms(min(wait_slice, timeout - waited))}")
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise StoreError(f"cannot write {where}: {exc}") from exc
            waited = time.monotonic() - started
            if waited >= timeout:
                raise StoreError(
                    f"{where} is still being written by another process after {waited:.0f} s "
                    f"(storyline ingest, cluster, run or serve): let it finish and try again, "
                    f"or wait longer with {BUSY_ENV}=SECONDS"
                )
            if waited - told >= TELL_EVERY:
                told = waited
                tell(
                    f"waiting for another process writing {where} to finish "
                    f"({waited:.0f} s so far, giving up after {timeout:.0f} s; {BUSY_ENV} sets it)"
                )
            wait_slice = min(wait_slice * 4, MAX_SLICE)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {_ms(timeout)}")


def _ms(seconds: float) -> int:
    return max(0, min(int(seconds * 1000), 2**31 - 1))


def connect(
    path: str | Path, *, readonly: bool = False, timeout: float | None = None
) -> sqlite3.Connection:
    """Open a connection in WAL mode with sane pragmas (writers wait timeout s for the lock)."""
    target = str(path)
    wait = READ_BUSY_MS if readonly else _ms(busy_timeout(timeout))
    try:
        if readonly:
            uri = f"file:{Path(target).resolve()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        else:
            conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {wait}")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Migrations key stored dates with the very function Python keys new rows with.
        conn.create_function("storyline_date_key", 1, stored_key, deterministic=True)
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


def migrate(conn: sqlite3.Connection, *, timeout: float | None = None) -> int:
    """Apply every migration newer than the database's user_version; return the new version."""
    current = check_version(conn)
    for number, name, sql in migrations():
        if number <= current:
            continue
        begin_write(conn, "the store (to upgrade it)", timeout=busy_timeout(timeout))
        try:
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= number:
                conn.execute("ROLLBACK")  # another process applied it while this one waited
                current = number
                continue
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
