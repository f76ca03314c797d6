"""SQL for articles, their versions, rejections and cleaned text."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, datetime

from storyline.dates import stored_key
from storyline.errors import InputError
from storyline.models import DATE_KEPT, Article, CleanedText, Rejection, RemovedSpan

_COLUMNS = (
    "id, version, path, source, url, title, published, authors, language, text, raw, "
    "raw_format, content_hash, ingested_at, warnings"
)
# What binding one record's values can raise (bad text, a huge number, a wrong type): that
# record is refused, the others of its transaction stay. Lock and disk errors still propagate.
_RECORD_ERRORS = (
    ValueError,
    OverflowError,
    TypeError,
    sqlite3.DataError,
    sqlite3.IntegrityError,
    sqlite3.InterfaceError,
)


def now() -> str:
    """Return the current UTC time as ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def row_to_article(row: sqlite3.Row) -> Article:
    """Build an Article from a row of the articles table."""
    return Article(
        id=row["id"],
        version=row["version"],
        path=row["path"],
        source=row["source"],
        url=row["url"],
        title=row["title"],
        published=row["published"],
        authors=tuple(json.loads(row["authors"] or "[]")),
        language=row["language"],
        text=row["text"],
        raw=row["raw"],
        raw_format=row["raw_format"],
        content_hash=row["content_hash"],
        ingested_at=row["ingested_at"],
        warnings=tuple(json.loads(row["warnings"] or "[]")),
    )


def new_batch(conn: sqlite3.Connection) -> int:
    """Open a batch row and return its id."""
    cur = conn.execute("INSERT INTO batches (started_at) VALUES (?)", (now(),))
    return int(cur.lastrowid or 0)


def close_batch(conn: sqlite3.Connection, batch: int, records: int) -> None:
    """Record how many records a batch wrote."""
    conn.execute("UPDATE batches SET records = ? WHERE id = ?", (records, batch))


def upsert_article(conn: sqlite3.Connection, article: Article, batch: int) -> str:
    """Store an article; return 'ingested', 'unchanged' or 'new-version'.

    The article is written under its own savepoint: if its values cannot be stored, only it is
    undone and InputError says why, so the batch's transaction goes on.
    """
    conn.execute("SAVEPOINT article")
    try:
        outcome = _upsert(conn, article, batch)
    except _RECORD_ERRORS as exc:
        conn.execute("ROLLBACK TO article")
        conn.execute("RELEASE article")
        raise InputError(
            f"cannot be stored ({type(exc).__name__}: {exc})", path=article.path
        ) from exc
    except BaseException:
        conn.execute("ROLLBACK TO article")
        conn.execute("RELEASE article")
        raise
    conn.execute("RELEASE article")
    return outcome


def _upsert(conn: sqlite3.Connection, article: Article, batch: int) -> str:
    rows = conn.execute(
        "SELECT version, content_hash FROM articles WHERE id = ? ORDER BY version",
        (article.id,),
    ).fetchall()
    if any(r["content_hash"] == article.content_hash for r in rows):
        return "unchanged"
    version = rows[-1]["version"] + 1 if rows else 1
    if rows:
        conn.execute("UPDATE articles SET is_current = 0 WHERE id = ?", (article.id,))
    cur = conn.execute(
        f"INSERT INTO articles ({_COLUMNS}, batch, published_key) VALUES ({','.join('?' * 17)})",
        (
            article.id,
            version,
            article.path,
            article.source,
            article.url,
            article.title,
            article.published,
            json.dumps(list(article.authors)),
            article.language,
            article.text,
            article.raw,
            article.raw_format,
            article.content_hash,
            article.ingested_at or now(),
            json.dumps(list(article.warnings), ensure_ascii=False),
            batch,
            stored_key(article.published),
        ),
    )
    doc = cur.lastrowid  # doc is the INTEGER PRIMARY KEY: the rowid just inserted
    if not article.warnings:
        return "new-version" if rows else "ingested"
    conn.executemany(
        "INSERT INTO article_warnings (doc, article_id, kind, message, created_at) "
        "VALUES (?,?,?,?,?)",
        ((doc, article.id, _kind(message), message, now()) for message in article.warnings),
    )
    return "new-version" if rows else "ingested"


def add_rejection(conn: sqlite3.Connection, rejection: Rejection, batch: int | None) -> None:
    """Store one rejected record."""
    conn.execute(
        "INSERT INTO rejections (path, record, reason, batch, created_at) VALUES (?,?,?,?,?)",
        (rejection.path, rejection.record, rejection.reason, batch, now()),
    )


def iter_articles(
    conn: sqlite3.Connection, *, limit: int | None = None, offset: int = 0
) -> Iterator[Article]:
    """Yield current article versions in insertion order."""
    sql = f"SELECT {_COLUMNS} FROM articles WHERE is_current = 1 ORDER BY doc"
    params: tuple[int, ...] = ()
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = (limit, offset)
    yield from (row_to_article(r) for r in conn.execute(sql, params))


def iter_by_source(
    conn: sqlite3.Connection, sources: Collection[str], *, per_source: int
) -> Iterator[Article]:
    """Yield current articles whose source, lowercased, is in sources: per_source each, by doc.

    Each source is read through the source index, so a batch from a few outlets does not read
    the whole store. Spellings that differ only in case count as one source.
    """
    spellings: dict[str, list[str]] = {}
    for (name,) in conn.execute("SELECT DISTINCT source FROM articles WHERE source <> ''"):
        if name.lower() in sources:  # NULL <> '' is not true: no NULL gets here
            spellings.setdefault(name.lower(), []).append(name)
    for names in spellings.values():
        marks = ",".join("?" * len(names))
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE source IN ({marks}) AND is_current = 1 "
            "ORDER BY doc LIMIT ?",
            (*names, per_source),
        )
        yield from (row_to_article(r) for r in rows)


def iter_sourceless(conn: sqlite3.Connection) -> Iterator[Article]:
    """Yield current articles without a source but with a URL, whose host stands in for it.

    One without a URL either belongs to no source at all: reading its text would be wasted.
    """
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM articles WHERE (source IS NULL OR source = '') "
        "AND url IS NOT NULL AND url <> '' AND is_current = 1 ORDER BY doc"
    )
    yield from (row_to_article(r) for r in rows)


def get_article(
    conn: sqlite3.Connection, article_id: str, version: int | None = None
) -> Article | None:
    """Return one article (the current version unless a version is given)."""
    if version is None:
        sql, params = (
            f"SELECT {_COLUMNS} FROM articles WHERE id = ? AND is_current = 1",
            (article_id,),
        )
    else:
        sql = f"SELECT {_COLUMNS} FROM articles WHERE id = ? AND version = ?"
        params = (article_id, version)  # type: ignore[assignment]
    row = conn.execute(sql, params).fetchone()
    return row_to_article(row) if row else None


MAX_CANDIDATES = 5  # ids named in an "ambiguous prefix" message


def ids_with_prefix(conn: sqlite3.Connection, table: str, prefix: str) -> list[str]:
    """Return up to MAX_CANDIDATES + 1 ids of a table (articles or stories) starting with prefix.

    A range over the id index, not LIKE: ids are case-sensitive and may hold '%' or '_'.
    """
    sql = {
        "articles": "SELECT DISTINCT id FROM articles WHERE is_current = 1 AND id >= ? AND id < ?",
        "stories": "SELECT id FROM cluster_stories WHERE id >= ? AND id < ?",
    }[table]
    rows = conn.execute(
        f"{sql} ORDER BY id LIMIT ?", (prefix, prefix + "\U0010ffff", MAX_CANDIDATES + 1)
    )
    return [str(r[0]) for r in rows]


def article_doc(conn: sqlite3.Connection, article_id: str) -> int | None:
    """Return the integer key of the current version of an article."""
    row = conn.execute(
        "SELECT doc FROM articles WHERE id = ? AND is_current = 1", (article_id,)
    ).fetchone()
    return int(row["doc"]) if row else None


def versions(conn: sqlite3.Connection, article_id: str) -> list[dict[str, object]]:
    """List the stored versions of an article, oldest first."""
    rows = conn.execute(
        "SELECT version, content_hash, ingested_at, path FROM articles "
        "WHERE id = ? ORDER BY version",
        (article_id,),
    )
    return [dict(r) for r in rows]


def count_articles(conn: sqlite3.Connection) -> int:
    """Count current articles."""
    return int(conn.execute("SELECT COUNT(*) FROM articles WHERE is_current = 1").fetchone()[0])


def _kind(message: str) -> str:
    """Name what a warning is about: an unreadable date, or text ingest had to repair."""
    return "date" if message.endswith(DATE_KEPT) else "repair"


def warnings(conn: sqlite3.Connection, article_id: str | None = None) -> list[dict[str, object]]:
    """List the warnings stored with current articles (dates that did not read), oldest first."""
    where = "a.is_current = 1" + (" AND a.id = ?" if article_id is not None else "")
    rows = conn.execute(
        "SELECT w.article_id, w.kind, w.message, a.path FROM article_warnings w "
        f"JOIN articles a ON a.doc = w.doc WHERE {where} ORDER BY w.n",
        () if article_id is None else (article_id,),
    )
    return [dict(r) for r in rows]


def iter_rejections(conn: sqlite3.Connection) -> Iterator[Rejection]:
    """Yield every stored rejection, oldest first."""
    for r in conn.execute("SELECT path, record, reason FROM rejections ORDER BY n"):
        yield Rejection(path=r["path"], record=r["record"], reason=r["reason"])


def save_cleaned(conn: sqlite3.Connection, doc: int, cleaned: CleanedText) -> None:
    """Store (or replace) the cleaned text of one article version.

    A dedup sketch taken before (from the raw text, after --no-clean or an interrupted run) no
    longer matches the text dedup reads: drop it, so the next dedup run sketches the clean text.
    """
    save_cleaned_many(conn, [(doc, cleaned)])


# Rows per INSERT statement: 3 parameters each stay under SQLite's oldest limit of 999.
CLEANED_ROWS_PER_STATEMENT = 300


def save_cleaned_many(conn: sqlite3.Connection, rows: Sequence[tuple[int, CleanedText]]) -> None:
    """Store (or replace) the cleaned texts of several article versions, as save_cleaned each.

    FTS5 flushes its pending index terms at every statement: the triggers that index a cleaned
    text run once per row either way, but one multi-row INSERT per few hundred rows writes one
    index segment instead of one per row (half the indexing CPU at 10k articles).
    """
    for at in range(0, len(rows), CLEANED_ROWS_PER_STATEMENT):
        part = rows[at : at + CLEANED_ROWS_PER_STATEMENT]
        if len({doc for doc, _ in part}) < len(part):  # a doc twice: the later one wins, in turn
            for row in part:
                _save_cleaned_part(conn, [row])
        else:
            _save_cleaned_part(conn, part)


def _save_cleaned_part(conn: sqlite3.Connection, part: Sequence[tuple[int, CleanedText]]) -> None:
    """Drop the stale sketches of distinct docs, then insert their texts in one statement."""
    for doc, cleaned in part:
        sketched = conn.execute(
            "SELECT COALESCE(c.text, a.text) FROM articles a LEFT JOIN cleaned c ON c.doc = a.doc "
            "WHERE a.doc = ? AND EXISTS (SELECT 1 FROM dedup_sketches s WHERE s.doc = a.doc)",
            (doc,),
        ).fetchone()
        if sketched is not None and sketched[0] != cleaned.text:
            _drop_sketch(conn, doc)
    values: list[int | str] = []
    for doc, cleaned in part:
        removed = json.dumps([[s.start, s.end, s.reason] for s in cleaned.removed])
        values += (doc, cleaned.text, removed)
    conn.execute(
        "INSERT OR REPLACE INTO cleaned (doc, text, removed) VALUES "
        + ", ".join(["(?, ?, ?)"] * len(part)),
        values,
    )


def _drop_sketch(conn: sqlite3.Connection, doc: int) -> None:
    for table in ("dedup_bands", "dedup_anchors", "dedup_sketches"):
        conn.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))
    conn.execute("DELETE FROM dedup_pairs WHERE doc = ? OR other = ?", (doc, doc))
    conn.execute("DELETE FROM dedup_checks WHERE doc = ? OR rep = ?", (doc, doc))


def get_cleaned(conn: sqlite3.Connection, article_id: str) -> CleanedText | None:
    """Return the cleaned text of the current version of an article, if cleaned."""
    row = conn.execute(
        "SELECT c.text, c.removed FROM cleaned c JOIN articles a ON a.doc = c.doc "
        "WHERE a.id = ? AND a.is_current = 1",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    spans = tuple(RemovedSpan(int(s), int(e), str(r)) for s, e, r in json.loads(row["removed"]))
    return CleanedText(text=row["text"], removed=spans)


def count_uncleaned(conn: sqlite3.Connection) -> int:
    """Count the current versions that have no cleaned text yet."""
    sql = (
        "SELECT count(*) FROM articles a LEFT JOIN cleaned c ON c.doc = a.doc "
        "WHERE a.is_current = 1 AND c.doc IS NULL"
    )
    return int(conn.execute(sql).fetchone()[0])


def uncleaned_docs(
    conn: sqlite3.Connection, *, after: int = 0, limit: int | None = None
) -> Iterator[tuple[int, Article]]:
    """Yield (doc, article) for current versions that have no cleaned text yet, by doc.

    after and limit page through them: only docs above `after`, at most `limit` of them (a
    caller cleaning chunk by chunk reads each row once, never the whole remainder again).
    """
    sql = (
        f"SELECT a.doc, {', '.join('a.' + c.strip() for c in _COLUMNS.split(','))} FROM articles a "
        "LEFT JOIN cleaned c ON c.doc = a.doc "
        "WHERE a.is_current = 1 AND c.doc IS NULL AND a.doc > ? ORDER BY a.doc LIMIT ?"
    )
    for row in conn.execute(sql, (after, -1 if limit is None else limit)).fetchall():
        yield int(row["doc"]), row_to_article(row)
