"""SQL for story analyses: one JSON record per story, keyed by a fingerprint of its members."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class AnalysedOrder:
    """The order a stored analysis gave a story's articles, as (id, published) pairs."""

    articles: tuple[tuple[str, str | None], ...]
    omitted: int  # members a very long story's analysis left out (they follow, in date order)

    def apply(self, members: Sequence[tuple[str, str | None]]) -> list[str]:
        """Order a story's members (id, published; in date order) as the analysis did, if current.

        The analysis orders articles whose dates are tied by its documented convention
        (storyline.analyze.provenance) and every view shows that order. An analysis that read
        other members or other dates than the story has now is stale: the date order stands.
        """
        ids = [article_id for article_id, _ in members]
        if not self.current(members):
            return ids
        rank = {article_id: n for n, (article_id, _) in enumerate(self.articles)}
        return sorted(ids, key=lambda a: rank.get(a, len(rank)))  # stable: the rest by date

    def current(self, members: Sequence[tuple[str, str | None]]) -> bool:
        """Tell whether the analysis read these members with these dates."""
        known = set(self.articles) <= set(members)
        return known and len(members) == len(self.articles) + self.omitted

    def first_date(self, members: Sequence[tuple[str, str | None]]) -> str | None:
        """Return the date of the analysis' first publisher, if it is current and dated."""
        if not self.current(members) or not self.articles:
            return None
        return self.articles[0][1] or None


def analysed_orders(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, AnalysedOrder]:
    """Return the order each analysed story's stored analysis gave its articles."""
    pairs: dict[str, list[tuple[str, str | None]]] = {}
    omitted: dict[str, int] = {}
    for start in range(0, len(story_ids), 500):
        chunk = list(story_ids[start : start + 500])
        rows = conn.execute(
            "SELECT s.story_id, json_extract(s.analysis, '$.omitted_articles'), "
            "json_extract(j.value, '$.id'), json_extract(j.value, '$.published') "
            "FROM story_analysis s, json_each(s.analysis, '$.articles') j "
            f"WHERE s.story_id IN ({','.join('?' * len(chunk))}) ORDER BY s.story_id, j.key",
            chunk,
        )
        for story_id, left_out, article_id, published in rows:
            pairs.setdefault(story_id, []).append((article_id, published))
            omitted[story_id] = int(left_out or 0)
    return {s: AnalysedOrder(tuple(p), omitted[s]) for s, p in pairs.items()}
