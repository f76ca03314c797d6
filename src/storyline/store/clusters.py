"""SQL for stories: members with their links, story summaries and events."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from storyline.dates import UNDATED_KEY, earliest_latest, stored_key
from storyline.headline import Member, story_name
from storyline.models import ClusterInput, MemberKey, MemberRow
from storyline.store.analysis import AnalysedOrder, analysed_orders
from storyline.store.articles import now

# Every listing of a story's members is in publication order (storyline.dates.sort_key, kept
# per article as published_key; undated last), then by id, never clustering's processing order
# (which reads a day-only date as its midnight); once analysed, as the analysis ordered its ties.
DATE_ORDER = f"COALESCE(a.published_key, '{UNDATED_KEY}'), m.article_id"


def current_inputs(conn: sqlite3.Connection) -> Iterator[ClusterInput]:
    """Yield every current article's id, version key and publication date."""
    for row in conn.execute("SELECT id, doc, published FROM articles WHERE is_current = 1"):
        yield ClusterInput(row["id"], int(row["doc"]), row["published"])


def texts(conn: sqlite3.Connection, docs: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Return id, title, URL, published, source and (cleaned, else raw) text of article versions."""
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(docs), 500):
        chunk = list(docs[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT a.doc, a.id, a.title, a.url, a.published, a.source, "
            "COALESCE(c.text, a.text) AS body "
            f"FROM articles a LEFT JOIN cleaned c ON c.doc = a.doc WHERE a.doc IN ({marks})",
            chunk,
        )
        for row in rows:
            out[int(row["doc"])] = dict(row)
    return out


def member_index(conn: sqlite3.Connection) -> dict[str, MemberKey]:
    """Return article id -> (doc, order key, duplicate group, story) of every membership."""
    rows = conn.execute("SELECT article_id, doc, order_key, dup_group, story FROM cluster_members")
    return {r[0]: MemberKey(int(r[1]), r[2], r[3], r[4]) for r in rows}


def story_members(conn: sqlite3.Connection, story_id: str) -> list[MemberRow]:
    """Return a story's memberships in publication order."""
    where = f"JOIN articles a ON a.doc = m.doc WHERE m.story = ? ORDER BY {DATE_ORDER}"
    return list(_member_rows(conn, where, (story_id,)))


def _member_rows(
    conn: sqlite3.Connection, where: str, params: tuple[Any, ...]
) -> Iterator[MemberRow]:
    for r in conn.execute(f"SELECT m.* FROM cluster_members m {where}", params):
        yield MemberRow(
            r["article_id"],
            int(r["doc"]),
            r["story"],
            r["order_key"],
            r["dup_group"],
            r["link_to"],
            r["link_kind"],
            float(r["score"]),
            tuple(json.loads(r["shared_entities"])),
            tuple(json.loads(r["shared_terms"])),
            r["days_apart"],
        )


def save_members(conn: sqlite3.Connection, rows: Iterable[MemberRow]) -> None:
    """Insert or replace memberships."""
    conn.executemany(
        "INSERT OR REPLACE INTO cluster_members (article_id, doc, story, order_key, dup_group, "
        "link_to, link_kind, score, shared_entities, shared_terms, days_apart) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                m.article_id,
                m.doc,
                m.story,
                m.order_key,
                m.dup_group,
                m.link_to,
                m.link_kind,
                m.score,
                json.dumps(list(m.shared_entities), ensure_ascii=False),
                json.dumps(list(m.shared_terms), ensure_ascii=False),
                m.days_apart,
            )
            for m in rows
        ),
    )


def delete_members(conn: sqlite3.Connection, article_ids: Iterable[str]) -> None:
    """Forget the memberships of articles that are no longer current."""
    conn.executemany(
        "DELETE FROM cluster_members WHERE article_id = ?", ((a,) for a in article_ids)
    )


def move_stories(conn: sqlite3.Connection, moves: dict[str, str]) -> None:
    """Re-point every member of a merged-away story at the story that absorbed it."""
    conn.executemany(
        "UPDATE cluster_members SET story = ? WHERE story = ?",
        ((new, old) for old, new in moves.items()),
    )


def move_members(conn: sqlite3.Connection, moves: dict[str, str]) -> None:
    """Re-point articles cut out of their story at the story they now form (article -> story)."""
    conn.executemany(
        "UPDATE cluster_members SET story = ? WHERE article_id = ?",
        ((story, article) for article, story in moves.items()),
    )


def refresh_stories(conn: sqlite3.Connection, story_ids: Iterable[str]) -> None:
    """Recompute the summaries of the given stories from their members (or drop empty ones)."""
    stamp = now()
    for story_id in sorted(set(story_ids)):
        rows = conn.execute(
            "SELECT m.order_key, m.doc, m.article_id, a.title, a.url, a.published, a.source "
            "FROM cluster_members m JOIN articles a ON a.doc = m.doc "
            "WHERE m.story = ? ORDER BY m.order_key",
            (story_id,),
        ).fetchall()
        if not rows:
            conn.execute("DELETE FROM cluster_stories WHERE id = ?", (story_id,))
            continue
        # Compared in UTC (ISO strings with different offsets do not sort as instants); equal
        # instants at equal precision go to the smaller id, as the members' listing has them.
        by_id = sorted(rows, key=lambda r: str(r["article_id"]))
        first, last = earliest_latest([r["published"] for r in by_id])
        sources = list(dict.fromkeys(r["source"] for r in rows if r["source"]))
        conn.execute(
            "INSERT OR REPLACE INTO cluster_stories (id, title, size, first_key, first_published, "
            "last_published, sources, updated_at, first_key_utc, last_key_utc) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                story_id,
                _story_title(conn, rows),
                len(rows),
                rows[0]["order_key"],
                first,
                last,
                json.dumps(sources, ensure_ascii=False),
                stamp,
                stored_key(first),
                stored_key(last),
            ),
        )


def _story_title(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> str:
    """Name a story with storyline.headline.story_name, reading a text only when it must."""

    def text_of(article_id: str) -> str:
        doc = next(r["doc"] for r in rows if r["article_id"] == article_id)
        body = conn.execute(
            "SELECT COALESCE(c.text, a.text) FROM articles a LEFT JOIN cleaned c ON c.doc = a.doc "
            "WHERE a.doc = ?",
            (doc,),
        ).fetchone()[0]
        return str(body or "")

    members = (
        Member(r["article_id"], r["title"], r["url"], r["source"], r["published"]) for r in rows
    )
    return story_name(members, text_of)


def list_stories(
    conn: sqlite3.Connection, *, limit: int | None = None, offset: int = 0, min_size: int = 1
) -> list[dict[str, Any]]:
    """Return story summaries, most recent first, with their article ids in publication order."""
    sql = (
        "SELECT * FROM cluster_stories WHERE size >= ? "
        "ORDER BY last_key_utc IS NULL, last_key_utc DESC, size DESC, id"
    )
    params: tuple[Any, ...] = (min_size,)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = (min_size, limit, offset)
    rows = conn.execute(sql, params).fetchall()
    orders = analysed_orders(conn, [row["id"] for row in rows])
    return [_summary(conn, row, orders.get(row["id"])) for row in rows]


def count_stories(conn: sqlite3.Connection, *, min_size: int = 1) -> int:
    """Count stories with at least min_size articles."""
    row = conn.execute(
        "SELECT COUNT(*) FROM cluster_stories WHERE size >= ?", (min_size,)
    ).fetchone()
    return int(row[0])


def get_story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """Return one story summary or None."""
    row = conn.execute("SELECT * FROM cluster_stories WHERE id = ?", (story_id,)).fetchone()
    return _summary(conn, row, analysed_orders(conn, [story_id]).get(story_id)) if row else None


def _summary(
    conn: sqlite3.Connection, row: sqlite3.Row, analysed: AnalysedOrder | None
) -> dict[str, Any]:
    members = [
        (str(r[0]), r[1])
        for r in conn.execute(
            "SELECT m.article_id, a.published FROM cluster_members m "
            f"JOIN articles a ON a.doc = m.doc WHERE m.story = ? ORDER BY {DATE_ORDER}",
            (row["id"],),
        )
    ]
    ids = analysed.apply(members) if analysed else [a for a, _ in members]
    # The first date is the first publisher's: a tie goes as the analysis ordered it.
    first = (analysed.first_date(members) if analysed else None) or row["first_published"]
    return {
        "id": row["id"],
        "title": row["title"],
        "article_ids": ids,
        "first_published": first,
        "last_published": row["last_published"],
        "sources": json.loads(row["sources"]),
        "size": int(row["size"]),
    }


def story_articles(conn: sqlite3.Connection, story_id: str) -> list[dict[str, Any]]:
    """Return id, title, source, published and url of a story's articles, in publication order."""
    rows = conn.execute(
        "SELECT a.id, a.title, a.source, a.published, a.url FROM cluster_members m "
        f"JOIN articles a ON a.doc = m.doc WHERE m.story = ? ORDER BY {DATE_ORDER}",
        (story_id,),
    )
    return [dict(r) for r in rows]


def story_of_article(conn: sqlite3.Connection, article_id: str) -> str | None:
    """Return the story an article belongs to, or None when it is not clustered."""
    row = conn.execute(
        "SELECT story FROM cluster_members WHERE article_id = ?", (article_id,)
    ).fetchone()
    return str(row[0]) if row else None


def add_events(
    conn: sqlite3.Connection, events: Iterable[tuple[str, str, Sequence[str], Sequence[str]]]
) -> None:
    """Record story events as (kind, story, others, articles)."""
    stamp = now()
    conn.executemany(
        "INSERT INTO cluster_events (kind, story, others, articles, created_at) VALUES (?,?,?,?,?)",
        ((k, s, json.dumps(list(o)), json.dumps(list(a)), stamp) for k, s, o, a in events),
    )


def story_events(conn: sqlite3.Connection, story_id: str) -> list[dict[str, Any]]:
    """Return the events that name a story (as subject or among the others), oldest first."""
    rows = conn.execute(
        "SELECT e.* FROM cluster_events e WHERE e.story = ? OR EXISTS "
        "(SELECT 1 FROM json_each(e.others) WHERE json_each.value = ?) ORDER BY e.n",
        (story_id, story_id),
    )
    return [
        {
            "kind": r["kind"],
            "story": r["story"],
            "others": json.loads(r["others"]),
            "articles": json.loads(r["articles"]),
            "at": r["created_at"],
        }
        for r in rows
    ]


def successor(conn: sqlite3.Connection, story_id: str) -> str | None:
    """Return the story a merged-away or renamed story lives on in, if any."""
    row = conn.execute(
        "SELECT e.story FROM cluster_events e, json_each(e.others) j "
        "WHERE e.kind IN ('merge', 'renamed') AND j.value = ? ORDER BY e.n DESC LIMIT 1",
        (story_id,),
    ).fetchone()
    return str(row[0]) if row else None


def clear(conn: sqlite3.Connection) -> None:
    """Delete every story, membership, event and checkpoint."""
    for table in ("cluster_members", "cluster_stories", "cluster_events", "cluster_checkpoints"):
        conn.execute(f"DELETE FROM {table}")
