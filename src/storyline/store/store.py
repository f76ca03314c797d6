"""The Store: the one object the rest of storyline uses to read and write the database."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.errors import MissingStoreError, NotFoundError, StoreError, UsageError
from storyline.models import (
    Article,
    CleanedText,
    FetchOutcome,
    FrontierRow,
    MemberRow,
    Rejection,
    SourceRow,
)
from storyline.store import analysis as analysis_sql
from storyline.store import articles as sql
from storyline.store import clusters as cluster_sql
from storyline.store import dedup as dedup_sql
from storyline.store import follow as follow_sql
from storyline.store import search as search_sql
from storyline.store.cluster_tables import ClusterTables
from storyline.store.db import begin_write, check_version, connect, migrate, tell_stderr
from storyline.store.db import busy_timeout as resolve_busy_timeout

DEFAULT_DB = "storyline.db"


def resolve_db_path(path: str | Path | None) -> Path:
    """Pick the database file: explicit path, then $STORYLINE_DB, then ./storyline.db."""
    return Path(path or os.environ.get("STORYLINE_DB") or DEFAULT_DB)


class Store:
    """A SQLite-backed store of articles and everything derived from them."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        busy_timeout: float | None = None,
        tell: Callable[[str], None] = tell_stderr,
    ) -> None:
        self.conn = conn
        self.path = path
        self.busy_timeout = resolve_busy_timeout(busy_timeout)
        self.tell = tell
        self._depth = 0

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        readonly: bool = False,
        must_exist: bool = False,
        busy_timeout: float | None = None,
        tell: Callable[[str], None] = tell_stderr,
    ) -> Store:
        """Open (creating and migrating if needed) the database at path.

        readonly or must_exist: a missing file is an error, not a new empty database (a typo in
        --db must not look like an empty store). A writer waits up to busy_timeout seconds
        (default $STORYLINE_BUSY_TIMEOUT, else 600) for another process's write to end, telling
        what it waits for.
        """
        target = resolve_db_path(path)
        if (readonly or must_exist) and not target.exists():
            raise MissingStoreError(
                f"database {target} does not exist: check the path, or create it with "
                f"`storyline run PATH --db {target}` (or `storyline ingest`)"
            )
        if not readonly and target.parent and not target.parent.exists():
            raise StoreError(f"cannot create database {target}: folder {target.parent} is missing")
        timeout = resolve_busy_timeout(busy_timeout)
        conn = connect(target, readonly=readonly, timeout=timeout)
        try:
            if readonly:
                check_version(conn)
            else:
                migrate(conn, timeout=timeout)
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"cannot open database {target}: {exc}") from exc
        return cls(conn, target, busy_timeout=timeout, tell=tell)

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
        begin_write(self.conn, str(self.path), timeout=self.busy_timeout, tell=self.tell)
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

    @property
    def in_transaction(self) -> bool:
        """Tell whether a transaction() block is open (its writes are not yet committed)."""
        return self._depth > 0

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

    def iter_by_source(self, sources: Collection[str], *, per_source: int) -> Iterator[Article]:
        """Yield current articles of the given lowercased sources, per_source each, by doc."""
        return sql.iter_by_source(self.conn, sources, per_source=per_source)

    def iter_sourceless(self) -> Iterator[Article]:
        """Yield current articles that name no source but have a URL, by doc."""
        return sql.iter_sourceless(self.conn)

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

    def resolve_id(self, kind: str, given: str) -> str:
        """Return the full id of an article or story ("articles"/"stories") from a unique prefix.

        An exact id is itself; a prefix matching several ids is a UsageError naming some of them.
        """
        found = sql.ids_with_prefix(self.conn, kind, given) if given else []
        if given in found or len(found) == 1:
            return given if given in found else found[0]
        noun = {"articles": "article", "stories": "story"}[kind]
        if not found:
            raise NotFoundError(f"no {noun} with id {given!r}: list ids with `storyline {kind}`")
        shown = ", ".join(found[: sql.MAX_CANDIDATES])
        more = " and more" if len(found) > sql.MAX_CANDIDATES else ""
        raise UsageError(
            f"{noun} id prefix {given!r} is ambiguous: it starts {shown}{more}; give more of the id"
        )

    def iter_rejections(self) -> Iterator[Rejection]:
        """Yield stored rejections."""
        return sql.iter_rejections(self.conn)

    def warnings(self, article_id: str | None = None) -> list[dict[str, object]]:
        """List the warnings kept with current articles (or one article): unreadable dates."""
        return sql.warnings(self.conn, article_id)

    # -- cleaned text ---------------------------------------------------------
    def save_cleaned(self, doc: int, cleaned: CleanedText) -> None:
        """Store the cleaned text of one article version."""
        sql.save_cleaned(self.conn, doc, cleaned)

    def save_cleaned_many(self, rows: Sequence[tuple[int, CleanedText]]) -> None:
        """Store the cleaned texts of several article versions (as save_cleaned, but faster)."""
        sql.save_cleaned_many(self.conn, rows)

    def get_cleaned(self, article_id: str) -> CleanedText | None:
        """Return an article's cleaned text, or None when not cleaned."""
        return sql.get_cleaned(self.conn, article_id)

    def count_uncleaned(self) -> int:
        """Count the articles still waiting for cleaning."""
        return sql.count_uncleaned(self.conn)

    def uncleaned(
        self, *, after: int = 0, limit: int | None = None
    ) -> Iterator[tuple[int, Article]]:
        """Yield (doc, article) pairs still waiting for cleaning, by doc (a page: after, limit)."""
        return sql.uncleaned_docs(self.conn, after=after, limit=limit)

    # -- stories ---------------------------------------------------------------
    def list_stories(
        self, *, limit: int | None = None, offset: int = 0, min_size: int = 1
    ) -> list[dict[str, Any]]:
        """Return story summaries, most recent first."""
        return cluster_sql.list_stories(self.conn, limit=limit, offset=offset, min_size=min_size)

    def count_stories(self, *, min_size: int = 1) -> int:
        """Count stories with at least min_size articles."""
        return cluster_sql.count_stories(self.conn, min_size=min_size)

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        """Return one story summary (id, title, article_ids, dates, sources, size) or None."""
        return cluster_sql.get_story(self.conn, story_id)

    def story_members(self, story_id: str) -> list[MemberRow]:
        """Return a story's memberships (with the link that explains each) in canonical order."""
        return cluster_sql.story_members(self.conn, story_id)

    def story_articles(self, story_id: str) -> list[dict[str, Any]]:
        """Return id, title, source, published and url of a story's articles."""
        return cluster_sql.story_articles(self.conn, story_id)

    def story_events(self, story_id: str) -> list[dict[str, Any]]:
        """Return the merge, split and rename events that name a story."""
        return cluster_sql.story_events(self.conn, story_id)

    def story_of_article(self, article_id: str) -> str | None:
        """Return the id of an article's story, or None when it is not clustered."""
        return cluster_sql.story_of_article(self.conn, article_id)

    def story_successor(self, story_id: str) -> str | None:
        """Return the story a merged-away or renamed story lives on in, if any."""
        return cluster_sql.successor(self.conn, story_id)

    @property
    def clusters(self) -> ClusterTables:
        """Return clustering's settings, checkpoints, memberships and events (its stage's view)."""
        return ClusterTables(self.conn)

    # -- dedup ----------------------------------------------------------------
    def duplicate_groups(self) -> dict[str, str]:
        """Return article id -> duplicate group (the kept article's id), groups of two or more."""
        return dedup_sql.duplicate_groups(self.conn)

    def duplicate_group_of(self, article_id: str) -> tuple[str, bool] | None:
        """Return (group, is_duplicate) of an article, or None before dedup ran on it."""
        return dedup_sql.group_of(self.conn, article_id)

    # -- story analysis -------------------------------------------------------
    def get_analysis(self, story_id: str) -> tuple[str, dict[str, Any]] | None:
        """Return (fingerprint, analysis JSON) stored for a story, or None."""
        return analysis_sql.get_analysis(self.conn, story_id)

    def save_analysis(self, story_id: str, fingerprint: str, analysis: dict[str, Any]) -> None:
        """Store a story's analysis with the fingerprint of the members it was computed from."""
        analysis_sql.save_analysis(self.conn, story_id, fingerprint, analysis)

    def prune_analyses(self, keep: Iterable[str]) -> int:
        """Delete the analyses of stories that no longer exist; return how many."""
        return analysis_sql.prune_analyses(self.conn, keep)

    # -- web listings ---------------------------------------------------------
    def search_stories(
        self, where: search_sql.StoryFilter, *, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Return one page of stories matching a filter, most recent first, and the total."""
        return search_sql.search_stories(self.conn, where, limit=limit, offset=offset)

    def source_stats(self, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        """Return one page of outlets with their counts of originals and copies, and the total."""
        return search_sql.source_stats(self.conn, limit=limit, offset=offset)

    def search_similar(self, words: list[str], *, limit: int) -> list[tuple[str, str]]:
        """Return (id, cleaned text) of the articles sharing the most of words, best first."""
        return search_sql.search_similar(self.conn, words, limit=limit)

    # -- follow ---------------------------------------------------------------
    def follow_source(self, url: str, *, kind: str = "", parent: str | None = None) -> bool:
        """Follow a source (feed, sitemap, list); return False when it was followed already."""
        return follow_sql.add_source(self.conn, url, kind=kind, parent=parent)

    def followed_sources(self) -> list[SourceRow]:
        """Return the followed sources to fetch each round, oldest first."""
        return follow_sql.sources(self.conn)

    def source_fetched(self, url: str, kind: str, outcome: FetchOutcome) -> None:
        """Record one fetch of a followed source."""
        follow_sql.source_fetched(self.conn, url, kind, outcome)

    def add_pages(self, urls: Iterable[str], source: str) -> list[str]:
        """Put page URLs on the frontier; return those that were new to it."""
        return follow_sql.add_pages(self.conn, urls, source)

    def due_pages(self, *, max_attempts: int) -> list[FrontierRow]:
        """Return the frontier pages still to fetch, in the order they were found."""
        return follow_sql.due_pages(self.conn, max_attempts=max_attempts)

    def requeue_stored(self) -> int:
        """Mark every stored page for a conditional fetch again; return how many."""
        return follow_sql.requeue_stored(self.conn)

    def page_fetched(self, url: str, outcome: FetchOutcome) -> None:
        """Record what became of one page fetch."""
        follow_sql.page_fetched(self.conn, url, outcome)

    def follow_stats(self) -> list[dict[str, Any]]:
        """Return every followed source with last fetch, errors and page counts."""
        return follow_sql.source_stats(self.conn)

    def frontier_counts(self) -> dict[str, int]:
        """Count frontier pages by state."""
        return follow_sql.stored_counts(self.conn)
