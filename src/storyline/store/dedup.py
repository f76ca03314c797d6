"""SQL for dedup: sketches, the on-disk LSH band and anchor indexes, pairs and groups.

Hashes are unsigned 64-bit in the engine and signed in SQLite: callers convert with
`signed` / numpy views. Probes go through temporary tables, so a lookup is one indexed join.
"""

from __future__ import annotations

import json
import operator
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any

_CHUNK = 500  # ids per IN (...) list
_ROWS = 500  # rows per multi-row INSERT (see insert_rows)
# The lookups below write CROSS JOIN, which fixes SQLite's join order: start from the probes
# (one batch) or the pairs and look each row up by key. With plain JOINs the planner started
# from the articles_current index, a scan of every current article per batch: quadratic.


# Probe keys go in as one JSON array: binding 100,000 keys into a temporary table row by row
# cost more than the lookups themselves.
KEYS = "WITH p(key) AS (SELECT value FROM json_each(?)) "


def key_list(keys: Iterable[int]) -> str:
    """Return distinct probe keys, ascending, as the JSON array KEYS reads."""
    keys = keys if isinstance(keys, list) else list(keys)
    # keys that come ascending and distinct (a batch's band keys, its anchors) are not sorted
    # again: checking costs a tenth of building and sorting a set of 100,000 keys
    if not all(map(operator.lt, keys, islice(keys, 1, None))):
        keys = sorted(set(keys))
    return json.dumps(keys)


def insert_rows(
    conn: sqlite3.Connection, head: str, row: str, rows: Iterable[Sequence[Any]], tail: str = ""
) -> None:
    """Run `head VALUES row, row, ... tail` over rows (one value per "?" of row), many at once.

    A statement of 500 rows binds the same values, in the same order, as executemany does one
    row at a time, at about a third of its CPU (960,000 band entries: 1.4 -> 0.5 s).
    """
    width = row.count("?")
    flat = list(chain.from_iterable(rows))
    count = len(flat) // width
    per = max(1, min(_ROWS, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width))
    step = per * width
    if count >= per:
        statement = f"{head} VALUES {','.join([row] * per)} {tail}"
        for start in range(0, count // per * step, step):
            conn.execute(statement, flat[start : start + step])
    if rest := count % per:
        conn.execute(f"{head} VALUES {','.join([row] * rest)} {tail}", flat[-rest * width :])


def signed(value: int) -> int:
    """Map an unsigned 64-bit integer onto SQLite's signed range."""
    return value - (1 << 64) if value >= 1 << 63 else value


def get_state(conn: sqlite3.Connection, key: str) -> str | None:
    """Return a stored setting of the dedup stage, or None."""
    row = conn.execute("SELECT value FROM dedup_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row["value"])


def set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Store a setting of the dedup stage."""
    conn.execute("INSERT OR REPLACE INTO dedup_state (key, value) VALUES (?, ?)", (key, value))


def reset(conn: sqlite3.Connection) -> None:
    """Forget every sketch, index entry, pair and group (the settings changed)."""
    for table in (
        "dedup_pairs",
        "dedup_bands",
        "dedup_anchors",
        "dedup_sketches",
        "dedup_groups",
        "dedup_checks",
        "dedup_spam",
        "dedup_passage_anchors",
        "dedup_passage_groups",
        "dedup_sets",
        "dedup_pending",
    ):
        conn.execute(f"DELETE FROM {table}")


def stale_docs(conn: sqlite3.Connection) -> list[int]:
    """Return the sketched article versions that are no longer current."""
    rows = conn.execute(
        "SELECT s.doc FROM dedup_sketches s CROSS JOIN articles a "
        "WHERE a.doc = s.doc AND a.is_current = 0"
    )
    return [int(r[0]) for r in rows]


def drop_stale(
    conn: sqlite3.Connection,
    docs: Sequence[int],
    bands: Iterable[tuple[int, int, int]],
    anchors: Iterable[tuple[int, int]],
    unknown: Sequence[int] = (),
) -> None:
    """Delete the dedup rows of stale versions: their index entries (band, key, doc) and
    (key, doc) by key; those of `unknown` docs, whose entries the caller cannot list, by a scan.
    """
    conn.executemany("DELETE FROM dedup_bands WHERE band = ? AND key = ? AND doc = ?", bands)
    conn.executemany("DELETE FROM dedup_anchors WHERE key = ? AND doc = ?", anchors)
    for start in range(0, len(unknown), _CHUNK):
        chunk = list(unknown[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for table in ("dedup_bands", "dedup_anchors"):  # no doc index: a scan, rare
            conn.execute(f"DELETE FROM {table} WHERE doc IN ({marks})", chunk)
    rows = [(d,) for d in docs]
    for table in ("dedup_sketches", "dedup_sets", "dedup_pending"):
        conn.executemany(f"DELETE FROM {table} WHERE doc = ?", rows)
    conn.executemany("DELETE FROM dedup_pairs WHERE doc = ?", rows)
    conn.executemany("DELETE FROM dedup_pairs WHERE other = ?", rows)
    conn.executemany("DELETE FROM dedup_checks WHERE doc = ?", rows)
    conn.executemany("DELETE FROM dedup_checks WHERE rep = ?", rows)


def unsketched(
    conn: sqlite3.Connection, limit: int, *, after: int = 0
) -> list[tuple[int, str, str]]:
    """Return up to limit current articles without a sketch: (doc, id, cleaned or raw text).

    Only docs above `after`: a caller paging by the last doc it got scans each row once.
    """
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: a batch is thousands of texts
    rows = cur.execute(
        "SELECT a.doc, a.id, COALESCE(c.text, a.text) AS body FROM articles a "
        "LEFT JOIN cleaned c ON c.doc = a.doc "
        "LEFT JOIN dedup_sketches s ON s.doc = a.doc "
        "WHERE a.is_current = 1 AND s.doc IS NULL AND a.doc > ? ORDER BY a.doc LIMIT ?",
        (after, limit),
    )
    return rows.fetchall()  # (INTEGER, TEXT, TEXT): Python ints and strs already


def texts(conn: sqlite3.Connection, docs: Sequence[int]) -> dict[int, str]:
    """Return the cleaned (else raw) text of article versions."""
    rows = _select_in(
        conn,
        "SELECT a.doc, COALESCE(c.text, a.text) AS body FROM articles a "
        "LEFT JOIN cleaned c ON c.doc = a.doc WHERE a.doc IN ({marks})",
        docs,
    )
    return {int(r["doc"]): str(r["body"]) for r in rows}


def save_sketches(
    conn: sqlite3.Connection,
    sketches: Iterable[tuple[int, int, int, int, bytes]],
    bands: Iterable[tuple[int, int, int]],
    anchors: Iterable[tuple[int, int]],
    sets: Iterable[tuple[int, bytes, bytes]] = (),
) -> None:
    """Store sketches (doc, words, shingles, exact, signature), their index entries (bands and
    anchors, in key order) and their sets (doc, shingle set, name set)."""
    insert_rows(
        conn,
        "INSERT OR REPLACE INTO dedup_sketches (doc, words, shingles, exact, signature)",
        "(?, ?, ?, ?, ?)",
        sketches,
    )
    # In key order, a batch's index entries fill the B-trees page after page: random order
    # touches a random page per entry, which dominates once the index outgrows the page cache.
    insert_rows(conn, "INSERT OR IGNORE INTO dedup_bands (band, key, doc)", "(?, ?, ?)", bands)
    insert_rows(conn, "INSERT OR IGNORE INTO dedup_anchors (key, doc)", "(?, ?)", anchors)
    insert_rows(conn, "INSERT OR REPLACE INTO dedup_sets (doc, shingles, names)", "(?, ?, ?)", sets)


def stored_sketches(
    conn: sqlite3.Connection, docs: Sequence[int]
) -> dict[int, tuple[bytes, bytes, bytes, int, int]]:
    """Return doc -> (shingle set, name set, signature, exact, words) of docs with stored sets."""
    rows = _select_in(
        conn,
        "SELECT t.doc, t.shingles, t.names, s.signature, s.exact, s.words FROM dedup_sets t "
        "CROSS JOIN dedup_sketches s WHERE t.doc IN ({marks}) AND s.doc = t.doc",
        docs,
    )
    return {int(r[0]): (r[1], r[2], r[3], int(r[4]), int(r[5])) for r in rows}


def add_pending(conn: sqlite3.Connection, docs: Iterable[int]) -> None:
    """Mark articles whose pairs must be verified (again) before the next regroup."""
    insert_rows(conn, "INSERT OR IGNORE INTO dedup_pending (doc)", "(?)", ((d,) for d in docs))


def pending(conn: sqlite3.Connection) -> list[int]:
    """Return the articles whose pairs wait for verification."""
    return [int(r[0]) for r in conn.execute("SELECT doc FROM dedup_pending ORDER BY doc")]


def clear_pending(conn: sqlite3.Connection) -> None:
    """Forget the pending articles (their pairs were verified)."""
    conn.execute("DELETE FROM dedup_pending")


def fill_probe(
    conn: sqlite3.Connection, name: str, columns: str, rows: Iterable[tuple[Any, ...]]
) -> None:
    """Fill a temporary probe table with rows of several columns (one column: use KEYS)."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
    conn.execute(f"DELETE FROM {name}")
    marks = ",".join("?" * (columns.count(",") + 1))
    insert_rows(conn, f"INSERT INTO {name}", f"({marks})", rows)


def band_matches(conn: sqlite3.Connection, band: int, keys: Iterable[int]) -> list[tuple[int, int]]:
    """Return (key, doc) of current articles whose key in a band is one of the keys."""
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: a band's hits are many
    rows = cur.execute(
        KEYS + "SELECT b.key, b.doc FROM p CROSS JOIN dedup_bands b CROSS JOIN articles a "
        "WHERE b.band = ? AND b.key = p.key AND a.doc = b.doc AND a.is_current = 1",
        (key_list(keys), band),
    )
    return rows.fetchall()


def exact_matches(conn: sqlite3.Connection, hashes: Iterable[int]) -> list[tuple[int, int]]:
    """Return (exact hash, doc) of current articles whose normalised text hash is a probe."""
    rows = conn.execute(
        KEYS + "SELECT s.exact, s.doc FROM p CROSS JOIN dedup_sketches s CROSS JOIN articles a "
        "WHERE s.exact = p.key AND a.doc = s.doc AND a.is_current = 1",
        (key_list(hashes),),
    )
    return [(int(r[0]), int(r[1])) for r in rows]


def anchor_keys_of(conn: sqlite3.Connection, docs: Sequence[int]) -> set[int]:
    """Return the anchor keys that some docs hold (a scan: for docs without stored sets)."""
    rows = _select_in(conn, "SELECT DISTINCT key FROM dedup_anchors WHERE doc IN ({marks})", docs)
    return {int(r[0]) for r in rows}


def signatures(conn: sqlite3.Connection, docs: Sequence[int]) -> dict[int, tuple[bytes, int]]:
    """Return doc -> (signature blob, distinct shingles)."""
    rows = _select_in(
        conn, "SELECT doc, signature, shingles FROM dedup_sketches WHERE doc IN ({marks})", docs
    )
    return {int(r[0]): (bytes(r[1]), int(r[2])) for r in rows}


def save_pairs(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, int, int, int, int, float, int]]
) -> None:
    """Store verified pairs (doc, other, shared, doc_size, other_size, estimate, kind)."""
    # An upsert updates a pending row in place; a REPLACE deleted and re-inserted it, in the
    # table and in its `other` index.
    insert_rows(
        conn,
        "INSERT INTO dedup_pairs (doc, other, shared, doc_size, other_size, estimate, kind)",
        "(?, ?, ?, ?, ?, ?, ?)",
        rows,
        "ON CONFLICT (doc, other) DO UPDATE SET "
        "shared = excluded.shared, doc_size = excluded.doc_size, "
        "other_size = excluded.other_size, estimate = excluded.estimate, kind = excluded.kind",
    )


def save_pending(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Store candidate pairs (doc, other) unverified: kind -1, no evidence yet."""
    insert_rows(
        conn,
        "INSERT INTO dedup_pairs (doc, other, shared, doc_size, other_size, estimate, kind)",
        "(?, ?, 0, 0, 0, 0.0, -1)",
        pairs,
        "ON CONFLICT (doc, other) DO UPDATE SET "
        "shared = 0, doc_size = 0, other_size = 0, estimate = 0.0, kind = -1",
    )


def current_pairs(conn: sqlite3.Connection) -> list[tuple[int, int, int, int, int, int]]:
    """Return (doc, other, shared, doc_size, other_size, kind) of the links of current articles.

    Candidate pairs that are no link (kind 0) are left out.
    """
    cur = conn.cursor()
    cur.row_factory = None
    rows = cur.execute(
        "SELECT p.doc, p.other, p.shared, p.doc_size, p.other_size, p.kind FROM dedup_pairs p "
        "CROSS JOIN articles a CROSS JOIN articles b "
        "WHERE p.kind > 0 AND a.doc = p.doc AND a.is_current = 1 "
        "AND b.doc = p.other AND b.is_current = 1"
    )
    return rows.fetchall()  # INTEGER columns: Python ints already


def current_articles(conn: sqlite3.Connection) -> list[tuple[int, str, str | None]]:
    """Return (doc, id, published) of every current article, by doc."""
    rows = conn.execute("SELECT doc, id, published FROM articles WHERE is_current = 1 ORDER BY doc")
    return [(int(r[0]), str(r[1]), r[2]) for r in rows]


def save_groups(
    conn: sqlite3.Connection,
    groups: Iterable[tuple[str, int, str, int]],
    linked: Iterable[tuple[int, int]],
) -> None:
    """Replace the groups (article id, doc, group, is_duplicate) and mark the links used."""
    conn.execute("DELETE FROM dedup_groups")
    insert_rows(
        conn,
        "INSERT INTO dedup_groups (article_id, doc, grp, is_duplicate)",
        "(?, ?, ?, ?)",
        groups,
    )
    conn.execute("UPDATE dedup_pairs SET linked = 0 WHERE linked = 1")
    conn.executemany("UPDATE dedup_pairs SET linked = 1 WHERE doc = ? AND other = ?", linked)


def duplicate_groups(conn: sqlite3.Connection) -> dict[str, str]:
    """Return article id -> group (its kept article's id) for groups of two or more."""
    rows = conn.execute(
        "SELECT article_id, grp FROM dedup_groups WHERE grp IN "
        "(SELECT grp FROM dedup_groups GROUP BY grp HAVING COUNT(*) > 1)"
    )
    return {str(r[0]): str(r[1]) for r in rows}


def group_of(conn: sqlite3.Connection, article_id: str) -> tuple[str, bool] | None:
    """Return (group, is_duplicate) of an article, or None before dedup ran on it."""
    row = conn.execute(
        "SELECT grp, is_duplicate FROM dedup_groups WHERE article_id = ?", (article_id,)
    ).fetchone()
    return None if row is None else (str(row[0]), bool(row[1]))


def links_of(conn: sqlite3.Connection, doc: int) -> list[dict[str, Any]]:
    """Return the used links of an article version, seen from it, with the other article."""
    rows = conn.execute(
        "SELECT p.other AS peer, a.id AS peer_id, p.shared, p.doc_size AS size, "
        "p.other_size AS peer_size, p.estimate FROM dedup_pairs p "
        "JOIN articles a ON a.doc = p.other AND a.is_current = 1 WHERE p.doc = ? AND p.linked = 1 "
        "UNION ALL "
        "SELECT p.doc, a.id, p.shared, p.other_size, p.doc_size, p.estimate FROM dedup_pairs p "
        "JOIN articles a ON a.doc = p.doc AND a.is_current = 1 WHERE p.other = ? AND p.linked = 1",
        (doc, doc),
    )
    return [dict(r) for r in rows]


def _select_in(conn: sqlite3.Connection, sql: str, docs: Sequence[int]) -> Iterator[sqlite3.Row]:
    """Run a SELECT over a list of docs (its "{marks}"), _CHUNK ids a statement."""
    for start in range(0, len(docs), _CHUNK):
        chunk = list(docs[start : start + _CHUNK])
        yield from conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)
