"""Dedup's lookups in the store: driven by the batch, never by a scan of every article."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storyline.store import Store
from storyline.store import dedup as sql
from storyline.store.db import connect, migrations
from support import make_article, store_articles


def write_articles(store: Store, count: int) -> None:
    """Store count short articles in one batch."""
    texts = (f"Article number {i} reports its own event in its own words." for i in range(count))
    store_articles(store, *(make_article(f"a{i:04d}", t) for i, t in enumerate(texts)))


def plan_of(conn: sqlite3.Connection, statement: str) -> list[str]:
    """Return the steps of SQLite's plan for a statement, outermost loop first."""
    return [str(row[3]) for row in conn.execute("EXPLAIN QUERY PLAN " + statement)]


def lookups(conn: sqlite3.Connection) -> list[str]:
    """Run each dedup lookup on one probe and return the SELECTs it executed."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        sql.band_matches(conn, 0, [1])
        sql.exact_matches(conn, [1])
        list(sql.current_pairs(conn))
    finally:
        conn.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_lookups_start_from_the_probes_not_the_articles(store: Store) -> None:
    write_articles(store, 200)
    store.conn.execute("ANALYZE")  # statistics must not be what keeps the plan right
    selects = lookups(store.conn)
    assert len(selects) == 3
    for statement in selects:
        first = plan_of(store.conn, statement)[0]
        # A first step on the articles table means every current article is visited per batch.
        assert " a " not in f" {first} " and "articles_current" not in first, (statement, first)


def test_migration_0016_keeps_the_index_and_drops_its_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "v15.db"
    conn = connect(path)  # as a storyline before migration 0016 left it
    for number, _, script in migrations():
        if number < 16:
            conn.executescript(script)
            conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(
        "INSERT INTO articles (doc, id, version, text, content_hash, ingested_at) "
        "VALUES (7, 'a', 1, 'text', 'h', '2024-01-01T00:00:00+00:00')"
    )
    conn.execute("INSERT INTO dedup_bands (band, key, doc) VALUES (3, -5, 7)")
    conn.execute("INSERT INTO dedup_anchors (key, doc) VALUES (64, 7)")
    conn.close()
    with Store.open(path) as store:
        rows = store.conn.execute("SELECT band, key, doc FROM dedup_bands").fetchall()
        assert [tuple(r) for r in rows] == [(3, -5, 7)]
        rows = store.conn.execute("SELECT key, doc FROM dedup_anchors").fetchall()
        assert [tuple(r) for r in rows] == [(64, 7)]
        for table in ("dedup_bands", "dedup_anchors"):
            assert not store.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            assert not store.conn.execute(f"PRAGMA index_list({table})").fetchall()[1:]
        assert store.conn.execute("SELECT COUNT(*) FROM dedup_sets").fetchone()[0] == 0


def test_insert_rows_writes_what_executemany_writes() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER NOT NULL, c TEXT NOT NULL)")
    for count in (0, 1, 499, 500, 501, 1234):
        conn.execute("DELETE FROM t")
        rows = [(i, i * 7, f"r{i}") for i in range(count)]
        sql.insert_rows(conn, "INSERT INTO t (a, b, c)", "(?, ?, ?)", iter(rows))
        assert conn.execute("SELECT a, b, c FROM t ORDER BY a").fetchall() == rows
    # constants in the row and an upsert after it: later rows update earlier ones, in order
    sql.insert_rows(
        conn,
        "INSERT INTO t (a, b, c)",
        "(?, ?, 'x')",
        [(1, 5), (1, 6), (2000, 1)],
        "ON CONFLICT (a) DO UPDATE SET b = excluded.b, c = excluded.c",
    )
    assert conn.execute("SELECT b, c FROM t WHERE a IN (1, 2000) ORDER BY a").fetchall() == [
        (6, "x"),
        (1, "x"),
    ]
