"""The Store: the one object the rest of storyline uses to read and write the database."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.errors import StoreError
from storyline.models import Article, CleanedText, Rejection
from storyline.store import articles as sql
from storyline.store.db import connect, migrate

DEFAULT_DB = "storyline.db"


def resolve_db_path(path: str | Path | None) -> Path:
    """Pick the database file: explicit path, then $STORYLINE_DB, then ./storyline.db."""
    return Path(path or os.environ.get("STORYLINE_DB") or DEFAULT_DB)


class Store:
    """A SQLite-backed store of articles and everything derived from them."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._depth = 0

    @classmethod
    def open(cls, path: str | Path | None = None, *, readonly: bool = False) -> Store:
        """Open (creating and migrating if needed) the database at path."""
        target = resolve_db_path(path)
        if readonly and not target.exists():
            raise StoreError(f"database {target} does not exist: run `storyline ingest` first")
        if not readonly and target.parent and not target.parent.exists():
            raise StoreError(f"cannot create database {target}: folder {target.parent} is missing")
        conn = connect(target, readonly=readonly)
        if not readonly:
            migrate(conn)
        return cls(conn, target)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one write transaction (nested blocks join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # -- articles -------------------------------------------------------------
    def new_batch(self) -> int:
        """Open an ingest batch (inside a transaction) and return its id."""
        return sql.new_batch(self.conn)

    def close_batch(self, batch: int, records: int) -> None:
        """Record the size of a finished batch."""
        sql.close_batch(self.conn, batch, records)

    def upsert_article(self, article: Article, batch: int) -> str:
        """Store an article: 'ingested', 'unchanged' or 'new-version'."""
        return sql.upsert_article(self.conn, article, batch)

    def add_rejection(self, rejection: Rejection, batch: int | None = None) -> None:
        """Store a rejected record with its reason."""
        sql.add_rejection(self.conn, rejection, batch)

    def iter_articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        """Yield the current version of every article."""
        return sql.iter_articles(self.conn, limit=limit, offset=offset)

    def get_article(self, article_id: str, version: int | None = None) -> Article | None:
        """Return one article or None."""
        return sql.get_article(self.conn, article_id, version)

    def article_doc(self, article_id: str) -> int | None:
        """Return the integer key of an article's current version."""
        return sql.article_doc(self.conn, article_id)

    def versions(self, article_id: str) -> list[dict[str, object]]:
        """List an article's versions."""
        return sql.versions(self.conn, article_id)

    def count_articles(self) -> int:
        """Count current articles."""
        return sql.count_articles(self.conn)

    def iter_rejections(self) -> Iterator[Rejection]:
        """Yield stored rejections."""
        return sql.iter_rejections(self.conn)

    # -- cleaned text ---------------------------------------------------------
    def save_cleaned(self, doc: int, cleaned: CleanedText) -> None:
        """Store the cleaned text of one article version."""
        sql.save_cleaned(self.conn, doc, cleaned)

    def get_cleaned(self, article_id: str) -> CleanedText | None:
        """Return an article's cleaned text, or None when not cleaned."""
        return sql.get_cleaned(self.conn, article_id)

    def uncleaned(self) -> Iterator[tuple[int, Article]]:
        """Yield (doc, article) pairs still waiting for cleaning."""
        return sql.uncleaned_docs(self.conn)
