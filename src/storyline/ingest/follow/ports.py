"""What a follow round asks of a store: the narrow interface storyline.store.Store satisfies.

A round keeps its sources, its frontier of pages and the articles it fetched; it sees only
this protocol (the Store matches it structurally, checked by mypy in storyline.pipeline).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from storyline.models import Article, FetchOutcome, FrontierRow, SourceRow


@runtime_checkable
class FollowStore(Protocol):
    """A store as a follow round sees it: sources, frontier pages, articles."""

    def transaction(self) -> AbstractContextManager[object]:
        """Run the block in one write transaction (nested blocks join the outer one)."""

    def follow_source(self, url: str, *, kind: str = "", parent: str | None = None) -> bool:
        """Follow a source (feed, sitemap, list); return False when it was followed already."""

    def followed_sources(self) -> list[SourceRow]:
        """Return the followed sources to fetch each round, oldest first."""

    def source_fetched(self, url: str, kind: str, outcome: FetchOutcome) -> None:
        """Record one fetch of a followed source."""

    def add_pages(self, urls: Iterable[str], source: str) -> list[str]:
        """Put page URLs on the frontier; return those that were new to it."""

    def due_pages(self, *, max_attempts: int) -> list[FrontierRow]:
        """Return the frontier pages still to fetch, in the order they were found."""

    def requeue_stored(self) -> int:
        """Mark every stored page for a conditional fetch again; return how many."""

    def page_fetched(self, url: str, outcome: FetchOutcome) -> None:
        """Record what became of one page fetch."""

    def new_batch(self) -> int:
        """Open an ingest batch (inside a transaction) and return its id."""

    def close_batch(self, batch: int, records: int) -> None:
        """Record the size of a finished batch."""

    def upsert_article(self, article: Article, batch: int) -> str:
        """Store an article: 'ingested', 'unchanged' or 'new-version'."""
