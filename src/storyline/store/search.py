"""SQL behind the web server's listings: sources with counts, full-text search of stories."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from storyline import dates
from storyline.store.analysis import analysed_orders
from storyline.store.clusters import DATE_ORDER

_WORD = re.compile(r"\w+", re.UNICODE)
# One piece of a typed query: a "quoted phrase" or a word (word* for a prefix); a leading '-'
# (at the start or after a space, so "Jong-un" stays one name) excludes the piece.
_PIECE = re.compile(r'((?<!\S)-)?(?:"([^"]*)"?|(\w+)(\*?))', re.UNICODE)
MAX_QUERY_WORDS = 12  # more words add nothing to a news search and only cost time
MAX_QUERY_CHARS = 2000  # what is read of a typed query
MAX_SIMILAR_WORDS = 32  # words of a text looked up to find articles like it
TITLE_WEIGHT = 8.0  # bm25 weight of a title match against 1.0 for the body: headlines name stories


def fts_query(text: str) -> str | None:
    """Turn what a person typed into a safe FTS5 query, or None when nothing can match.

    Words must all match; "quoted words" match as a phrase; OR between two terms matches
    either; word* matches a prefix; -word excludes. Every term reaches FTS5 as a quoted
    string of \\w+ tokens, so no typed character is read as FTS5 syntax.
    """
    terms: list[str] = []
    excluded: list[str] = []
    budget, pending_or = MAX_QUERY_WORDS, False
    for piece in _PIECE.finditer(text[:MAX_QUERY_CHARS]):
        if piece.group(0) == "OR":
            pending_or = bool(terms)
            continue
        words = _WORD.findall((piece.group(2) or piece.group(3) or "").lower())[:budget]
        if not words:
            continue
        budget -= len(words)
        term = '"' + " ".join(words) + '"' + (" *" if piece.group(4) else "")
        if piece.group(1):
            excluded.append(term)
        elif pending_or:
            terms[-1] = f"({terms[-1]} OR {term})"
        else:
            terms.append(term)
        pending_or = False
        if budget <= 0:
            break
    if not terms:
        return None  # nothing positive to match: FTS5 cannot run NOT alone
    return " AND ".join(terms) + "".join(f" NOT {t}" for t in excluded)


def source_stats(
    conn: sqlite3.Connection, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of outlets, largest first, with counts by role, and how many there are."""
    total = int(
        conn.execute(
            "SELECT COUNT(DISTINCT COALESCE(source, '')) FROM articles WHERE is_current = 1"
        ).fetchone()[0]
    )
    rows = conn.execute(
        "SELECT COALESCE(a.source, '') AS source, COUNT(*) AS articles, "
        "COUNT(DISTINCT m.story) AS stories, SUM(r.role = 'original') AS originals, "
        "SUM(r.role = 'copy') AS copies, SUM(r.role = 'rewrite') AS rewrites, "
        "SUM(r.role = 'update') AS updates, "
        "substr(MIN(a.published_key), 1, 10) AS first_published, "  # UTC days
        "substr(MAX(a.published_key), 1, 10) AS last_published "
        "FROM articles a LEFT JOIN cluster_members m ON m.article_id = a.id "
        "LEFT JOIN serve_roles r ON r.article_id = a.id "
        "WHERE a.is_current = 1 GROUP BY COALESCE(a.source, '') "
        "ORDER BY articles DESC, source LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return [dict(r) for r in rows], total


@dataclass(frozen=True)
class Members:
    """A listed story's members in the order every view shows, and its first publisher's date."""

    rows: list[sqlite3.Row]
    first_date: str | None  # from a current analysis; else the story's earliest date stands


@dataclass(frozen=True)
class StoryFilter:
    """Which stories a listing keeps (all set conditions must hold) and in what order."""

    match: str | None = None  # an FTS5 query over the titles and cleaned texts of members
    since: str | None = None  # ISO day: some member published on or after it
    until: str | None = None  # ISO day: some member published on or before it
    source: str | None = None  # some member comes from this outlet
    order: str = "relevance"  # "relevance" (with a match; recency breaks ties) or "recent"


ORDERS = ("relevance", "recent")
_RECENT = "s.last_key_utc IS NULL, s.last_key_utc DESC, s.size DESC, s.id"  # UTC sort keys
# A story's relevance is its best member's bm25 (lower is better), then how many members match.
_HITS = (
    # MATERIALIZED: bm25() only runs in a plain scan of the table, not a flattened join
    "WITH ranked AS MATERIALIZED (SELECT rowid AS doc, bm25(search_fts, ?, 1.0) AS score "
    "FROM search_fts WHERE search_fts MATCH ?), "
    "hits AS (SELECT m.story AS story, MIN(r.score) AS best, COUNT(*) AS matched "
    "FROM ranked r JOIN cluster_members m ON m.doc = r.doc GROUP BY m.story) "
)


def _story_where(f: StoryFilter) -> tuple[str, list[Any]]:
    """Build the WHERE clause (over cluster_stories s) of the filter's conditions but the match."""
    clauses, params = ["1"], []
    if f.since:  # UTC keys (storyline.dates.sort_key): a day's key starts with the day
        clauses.append("s.last_key_utc >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("s.first_key_utc <= ?")
        params.append(f.until + "~")  # '~' sorts after any time of that day
    if f.source:
        clauses.append(
            "s.id IN (SELECT m.story FROM articles a JOIN cluster_members m ON m.doc = a.doc "
            "WHERE a.source = ?)"
        )
        params.append(f.source)
    return " AND ".join(clauses), params


def search_stories(
    conn: sqlite3.Connection, f: StoryFilter, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of matching stories, best match (else most recent) first, and the total."""
    if f.order not in ORDERS:
        raise ValueError(f"unknown order {f.order!r}: use one of {', '.join(ORDERS)}")
    where, params = _story_where(f)
    head, source, order = "", "cluster_stories s", _RECENT
    if f.match:
        head, source = _HITS, "cluster_stories s JOIN hits h ON h.story = s.id"
        params = [TITLE_WEIGHT, f.match, *params]
        if f.order == "relevance":
            order = f"h.best, h.matched DESC, {_RECENT}"
    total = int(
        conn.execute(f"{head}SELECT COUNT(*) FROM {source} WHERE {where}", params).fetchone()[0]
    )
    rows = conn.execute(
        f"{head}SELECT s.id, s.title, s.size, s.first_published, s.last_published, s.sources, "
        "json_extract(an.analysis, '$.first_published.article_id') AS first_id, "
        "json_extract(an.analysis, '$.first_published.tied_with') AS first_ties "
        f"FROM {source} LEFT JOIN story_analysis an ON an.story_id = s.id "
        f"WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    members = _members(conn, [r["id"] for r in rows])
    none = Members([], None)
    return [_story_row(r, members.get(r["id"], none)) for r in rows], total


def _members(conn: sqlite3.Connection, story_ids: list[str]) -> dict[str, Members]:
    """Fetch the members of some stories in publication order, with their outlet and date."""
    found: dict[str, list[sqlite3.Row]] = {}
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    for row in conn.execute(
        "SELECT m.story, m.article_id, a.source, a.published FROM cluster_members m "
        f"JOIN articles a ON a.doc = m.doc WHERE m.story IN ({marks}) "
        f"ORDER BY m.story, {DATE_ORDER}",
        story_ids,
    ):
        found.setdefault(row["story"], []).append(row)
    orders = analysed_orders(conn, story_ids)  # ties as the analysis ordered them
    out = {}
    for story, rows in found.items():
        pairs = [(str(r["article_id"]), r["published"]) for r in rows]
        order = orders.get(story)
        if order is None:
            out[story] = Members(rows, None)
            continue
        by_id = {r["article_id"]: r for r in rows}
        out[story] = Members([by_id[a] for a in order.apply(pairs)], order.first_date(pairs))
    return out


def _story_row(row: sqlite3.Row, listed: Members) -> dict[str, Any]:
    """Shape one listing item like `storyline stories --json`, plus size and first publisher."""
    members = listed.rows
    first_id, ties = row["first_id"], json.loads(row["first_ties"] or "[]")
    if first_id is None:  # not analysed yet: the earliest date, ties where precisions overlap
        first_id, ties = _earliest(members)
    first = next((m for m in members if m["article_id"] == first_id), None)
    return {
        "id": row["id"],
        "title": row["title"],
        "article_ids": [m["article_id"] for m in members],
        "first_published": listed.first_date or row["first_published"],
        "last_published": row["last_published"],
        "sources": json.loads(row["sources"] or "[]"),
        "size": int(row["size"]),
        "first_publisher": None
        if first is None
        else {
            "article_id": first["article_id"],
            "source": first["source"],
            "date": first["published"],
            "tied_with": ties,
        },
    }


def _earliest(members: list[sqlite3.Row]) -> tuple[str | None, list[str]]:
    """Return the member with the earliest date and those whose dates overlap the earliest end."""
    dated = [(pub, m["article_id"]) for m in members if (pub := dates.read(m["published"]))]
    if not dated:
        return (members[0]["article_id"] if members else None), []
    first = min(dated, key=lambda d: (dates.sort_key(d[0].text), d[1]))
    end = min(pub.end for pub, _ in dated)
    return first[1], [a for pub, a in dated if a != first[1] and pub.start < end]


def search_similar(
    conn: sqlite3.Connection, words: list[str], *, limit: int
) -> list[tuple[str, str]]:
    """Return (id, cleaned text) of the current articles sharing the most of words, best first."""
    clean = [w for w in (_WORD.findall(" ".join(words).lower()))][:MAX_SIMILAR_WORDS]
    query = " OR ".join(f'"{w}"' for w in clean)
    if not query:
        return []
    rows = conn.execute(
        "SELECT a.id, c.text FROM (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? "
        "ORDER BY rank LIMIT ?) hit JOIN articles a ON a.doc = hit.rowid AND a.is_current = 1 "
        "JOIN cleaned c ON c.doc = hit.rowid ORDER BY hit.rank",
        (query, limit * 2),  # some hits are older versions: ask for more, keep limit
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows[:limit]]
