"""SQL for story analyses: one JSON record per story, keyed by a fingerprint of its members."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from storyline.store.articles import now


def get_analysis(conn: sqlite3.Connection, story_id: str) -> tuple[str, dict[str, Any]] | None:
    """Return (fingerprint, analysis) stored for a story, or None."""
    row = conn.execute(
        "SELECT fingerprint, analysis FROM story_analysis WHERE story_id = ?", (story_id,)
    ).fetchone()
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row["analysis"])
    return str(row["fingerprint"]), data


def save_analysis(
    conn: sqlite3.Connection, story_id: str, fingerprint: str, analysis: dict[str, Any]
) -> None:
    """Store (or replace) a story's analysis."""
    conn.execute(
        "INSERT OR REPLACE INTO story_analysis (story_id, fingerprint, analysis, computed_at) "
        "VALUES (?, ?, ?, ?)",
        (story_id, fingerprint, json.dumps(analysis, ensure_ascii=False), now()),
    )


def prune_analyses(conn: sqlite3.Connection, keep: Iterable[str]) -> int:
    """Delete the analyses of stories not in keep; return how many were deleted."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep_stories (story_id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM keep_stories")
    conn.executemany("INSERT OR IGNORE INTO keep_stories VALUES (?)", ((k,) for k in keep))
    cur = conn.execute(
        "DELETE FROM story_analysis WHERE story_id NOT IN (SELECT story_id FROM keep_stories)"
    )
    conn.execute("DELETE FROM keep_stories")
    return cur.rowcount


def count_analyses(conn: sqlite3.Connection) -> int:
    """Count stored story analyses."""
    return int(conn.execute("SELECT COUNT(*) FROM story_analysis").fetchone()[0])
