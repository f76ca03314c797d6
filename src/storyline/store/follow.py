"""SQL for follow: the followed sources and the frontier of page URLs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from storyline.models import FetchOutcome, FrontierRow, SourceRow
from storyline.store.articles import now


def add_source(conn: sqlite3.Connection, url: str, *, kind: str = "", parent: str | None) -> bool:
    """Follow a source; return False when it was followed already."""
    cur = conn.execute(
        "INSERT OR IGNORE INTO follow_sources (url, kind, parent, added_at) VALUES (?, ?, ?, ?)",
        (url, kind, parent, now()),
    )
    return cur.rowcount > 0


def sources(conn: sqlite3.Connection) -> list[SourceRow]:
    """Return every followed source except single pages, oldest first."""
    rows = conn.execute(
        "SELECT url, kind, parent, etag, last_modified FROM follow_sources "
        "WHERE kind != 'page' ORDER BY added_at, url"
    ).fetchall()
    return [SourceRow(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def source_fetched(conn: sqlite3.Connection, url: str, kind: str, outcome: FetchOutcome) -> None:
    """Record one fetch of a source; keep the old validators when the answer has none."""
    failed = outcome.error is not None
    conn.execute(
        "UPDATE follow_sources SET kind = CASE WHEN ? = '' THEN kind ELSE ? END, "
        "etag = CASE WHEN ? THEN etag ELSE ? END, "
        "last_modified = CASE WHEN ? THEN last_modified ELSE ? END, "
        "last_fetch = ?, last_status = ?, last_error = ?, fetches = fetches + 1, "
        "errors = errors + ? WHERE url = ?",
        (
            kind,
            kind,
            failed or outcome.status == 304,
            outcome.etag,
            failed or outcome.status == 304,
            outcome.last_modified,
            now(),
            outcome.status,
            outcome.error,
            int(failed),
            url,
        ),
    )


def add_pages(conn: sqlite3.Connection, urls: Iterable[str], source: str) -> list[str]:
    """Put page URLs on the frontier; return those that were new to it."""
    stamp, added = now(), []
    for url in urls:
        cur = conn.execute(
            "INSERT OR IGNORE INTO follow_frontier (url, source, found_at) VALUES (?, ?, ?)",
            (url, source, stamp),
        )
        if cur.rowcount > 0:
            added.append(url)
    return added


def due_pages(conn: sqlite3.Connection, *, max_attempts: int) -> list[FrontierRow]:
    """Return the pages to fetch this round, in the order they were found."""
    rows = conn.execute(
        "SELECT url, source, attempts, etag, last_modified FROM follow_frontier "
        "WHERE state IN ('new', 'retry') AND attempts < ? ORDER BY found_at, rowid",
        (max_attempts,),
    ).fetchall()
    return [FrontierRow(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def requeue_stored(conn: sqlite3.Connection) -> int:
    """Mark stored pages for fetching again (conditionally); return how many."""
    cur = conn.execute(
        "UPDATE follow_frontier SET state = 'retry', attempts = 0 WHERE state = 'stored'"
    )
    return cur.rowcount


def page_fetched(conn: sqlite3.Connection, url: str, outcome: FetchOutcome) -> None:
    """Record what became of one page fetch."""
    conn.execute(
        "UPDATE follow_frontier SET state = ?, status = ?, error = ?, fetched_at = ?, "
        "attempts = attempts + 1, article_id = COALESCE(?, article_id), "
        "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) WHERE url = ?",
        (
            outcome.state,
            outcome.status,
            outcome.error,
            now(),
            outcome.article_id,
            outcome.etag,
            outcome.last_modified,
            url,
        ),
    )


def source_stats(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Return every followed source with its last fetch, errors and page counts."""
    rows = conn.execute(
        "SELECT s.url, s.kind, s.parent, s.added_at, s.last_fetch, s.last_status, "
        "s.last_error, s.fetches, s.errors, "
        "COUNT(f.url) AS pages, "
        "COALESCE(SUM(f.state = 'stored'), 0) AS articles, "
        "COALESCE(SUM(f.state IN ('new', 'retry')), 0) AS waiting, "
        "COALESCE(SUM(f.state = 'failed'), 0) AS failed, "
        "COALESCE(SUM(f.state = 'blocked'), 0) AS blocked "
        "FROM follow_sources s LEFT JOIN follow_frontier f ON f.source = s.url "
        "WHERE s.kind != 'page' GROUP BY s.url ORDER BY s.added_at, s.url"
    ).fetchall()
    return [dict(r) for r in rows]


def stored_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Count frontier pages by state."""
    rows = conn.execute("SELECT state, COUNT(*) FROM follow_frontier GROUP BY state").fetchall()
    return {r[0]: int(r[1]) for r in rows}
