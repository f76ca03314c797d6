"""SQL for store-mode shared passages and member checks (see dedup/spam.py and dedup/stage.py).

Anchors and shingles are 31-bit hashes: they fit SQLite's integers as they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from storyline.store.dedup import KEYS, fill_probe, insert_rows, key_list

_CHUNK = 500  # ids per IN (...) list
CheckRow = tuple[int, int, int, int, int, int, int, int]  # doc, rep, evidence (see 0014)


def first_holders(
    conn: sqlite3.Connection, keys: Iterable[int], limit: int
) -> dict[int, list[int]]:
    """Return, for each anchor key, its first `limit` holders (doc keys, ascending)."""
    return {
        key: sorted(int(d) for d in docs.split(","))
        for key, docs in first_holder_lists(conn, keys, limit)
    }


def first_holder_lists(
    conn: sqlite3.Connection, keys: Iterable[int], limit: int
) -> list[tuple[int, str]]:
    """Return (key, its first `limit` holders comma-separated) of the keys that have some."""
    cur = conn.cursor()
    cur.row_factory = None
    # one indexed range scan per key, stopped after `limit` rows (a footer's thousands unread)
    rows = cur.execute(
        KEYS + "SELECT p.key, (SELECT group_concat(doc) FROM (SELECT n.doc FROM dedup_anchors n "
        "WHERE n.key = p.key ORDER BY n.doc LIMIT ?)) FROM p",
        (key_list(keys), limit),
    )
    return [row for row in rows if row[1]]  # (INTEGER, TEXT): int and str already


def holders(conn: sqlite3.Connection, keys: Iterable[int]) -> set[int]:
    """Return every article holding one of the anchor keys."""
    rows = conn.execute(
        KEYS + "SELECT DISTINCT n.doc FROM p CROSS JOIN dedup_anchors n WHERE n.key = p.key",
        (key_list(keys),),
    )
    return {int(r[0]) for r in rows}


def anchor_groups(conn: sqlite3.Connection, keys: Iterable[int]) -> dict[int, int]:
    """Return the passage group of each anchor key that has one."""
    rows = conn.execute(
        KEYS + "SELECT a.key, a.grp FROM p CROSS JOIN dedup_passage_anchors a WHERE a.key = p.key",
        (key_list(keys),),
    )
    return {int(r[0]): int(r[1]) for r in rows}


def groups_by_sample(conn: sqlite3.Connection, samples: Sequence[str]) -> dict[str, int]:
    """Return the group number of each known sample."""
    out: dict[str, int] = {}
    for start in range(0, len(samples), _CHUNK):
        chunk = list(samples[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT docs, grp FROM dedup_passage_groups WHERE docs IN ({marks})", chunk
        )
        out.update((str(r[0]), int(r[1])) for r in rows)
    return out


def add_groups(
    conn: sqlite3.Connection, judged: Sequence[tuple[str, bool, Sequence[int]]]
) -> dict[str, int]:
    """Store judged groups (sample, spam, passage shingles); return their numbers by sample."""
    insert_rows(  # numbered in this order
        conn,
        "INSERT INTO dedup_passage_groups (docs, spam)",
        "(?, ?)",
        ((sample, int(spam)) for sample, spam, _ in judged),
    )
    grp_of = groups_by_sample(conn, [sample for sample, _, _ in judged])
    insert_rows(
        conn,
        "INSERT OR IGNORE INTO dedup_spam (shingle, grp)",
        "(?, ?)",
        ((int(s), grp_of[sample]) for sample, spam, passage in judged if spam for s in passage),
    )
    return grp_of


def set_anchor_groups(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, int]], gone: Iterable[int]
) -> None:
    """Point anchor keys at their groups (key, grp); forget the keys in `gone`."""
    conn.executemany("DELETE FROM dedup_passage_anchors WHERE key = ?", ((k,) for k in gone))
    insert_rows(conn, "INSERT OR REPLACE INTO dedup_passage_anchors (key, grp)", "(?, ?)", rows)


def drop_unreferenced(conn: sqlite3.Connection, grps: Iterable[int]) -> None:
    """Delete the groups no anchor points at any more, with their spam shingles."""
    for grp in set(grps):
        if conn.execute(
            "SELECT 1 FROM dedup_passage_anchors WHERE grp = ? LIMIT 1", (grp,)
        ).fetchone():
            continue
        conn.execute("DELETE FROM dedup_spam WHERE grp = ?", (grp,))
        conn.execute("DELETE FROM dedup_passage_groups WHERE grp = ?", (grp,))


def group_passages(
    conn: sqlite3.Connection, grps: Iterable[int]
) -> list[tuple[list[int], list[int]]]:
    """Return (sample docs, spam shingles) of the spam ones among some groups."""
    keys = key_list(grps)  # two lookups for all the groups, not two for each
    cur = conn.cursor()
    cur.row_factory = None
    passages: dict[int, list[int]] = {}
    rows = cur.execute(
        KEYS + "SELECT s.grp, s.shingle FROM p CROSS JOIN dedup_spam s WHERE s.grp = p.key "
        "ORDER BY s.grp, s.shingle",
        (keys,),
    )
    for grp, shingle in rows:
        passages.setdefault(grp, []).append(shingle)
    samples = cur.execute(
        KEYS + "SELECT g.grp, g.docs FROM p CROSS JOIN dedup_passage_groups g WHERE g.grp = p.key",
        (keys,),
    )
    sample_of = {grp: str(docs) for grp, docs in samples}
    return [
        ([int(d) for d in sample_of[grp].split(",")], passages[grp])
        for grp in sorted(passages)
        if grp in sample_of
    ]


def spam_shingles(conn: sqlite3.Connection) -> list[int]:
    """Return every shingle of a live spam passage, ascending."""
    return [int(r[0]) for r in conn.execute("SELECT DISTINCT shingle FROM dedup_spam ORDER BY 1")]


def still_spam(conn: sqlite3.Connection, shingles: Iterable[int]) -> set[int]:
    """Return those of the shingles that some spam passage still holds."""
    rows = conn.execute(
        KEYS + "SELECT DISTINCT s.shingle FROM p CROSS JOIN dedup_spam s WHERE s.shingle = p.key",
        (key_list(shingles),),
    )
    return {int(r[0]) for r in rows}


def pairs_touching(conn: sqlite3.Connection, docs: Iterable[int]) -> list[tuple[int, int]]:
    """Return the stored candidate pairs (doc, other) that involve one of the docs."""
    cur = conn.cursor()
    cur.row_factory = None  # plain (int, int) tuples
    rows = cur.execute(
        KEYS + "SELECT d.doc, d.other FROM p CROSS JOIN dedup_pairs d WHERE d.doc = p.key UNION "
        "SELECT d.doc, d.other FROM p CROSS JOIN dedup_pairs d WHERE d.other = p.key",
        (key_list(docs),),
    )
    return sorted(rows.fetchall())


def checks(
    conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], CheckRow]:
    """Return the cached checks of (member, representative) pairs."""
    fill_probe(conn, "dedup_probe_checks", "doc INTEGER, rep INTEGER", pairs)
    rows = conn.execute(
        "SELECT c.doc, c.rep, c.shared, c.doc_size, c.rep_size, c.names_shared, c.doc_names, "
        "c.rep_names FROM dedup_probe_checks p CROSS JOIN dedup_checks c "
        "WHERE c.doc = p.doc AND c.rep = p.rep"
    )
    out: dict[tuple[int, int], CheckRow] = {}
    for r in rows:
        row = tuple(int(v) for v in r)
        out[(row[0], row[1])] = row  # type: ignore[assignment]
    return out


def save_checks(conn: sqlite3.Connection, rows: Iterable[CheckRow]) -> None:
    """Cache checks of members against their representatives."""
    insert_rows(conn, "INSERT OR REPLACE INTO dedup_checks", "(?, ?, ?, ?, ?, ?, ?, ?)", rows)


def drop_checks(conn: sqlite3.Connection, docs: Iterable[int]) -> None:
    """Forget the cached checks that involve one of the docs (their evidence changed)."""
    rows = [(d, d) for d in set(docs)]
    conn.executemany("DELETE FROM dedup_checks WHERE doc = ? OR rep = ?", rows)
