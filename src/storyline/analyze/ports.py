"""What the analyze stage asks of a store: the narrow interface storyline.store.Store satisfies.

The stage reads a story's articles and keeps each analysis with its fingerprint; it sees only
this protocol (the Store matches it structurally, checked by mypy in storyline.pipeline).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from storyline.models import Article, CleanedText


@runtime_checkable
class AnalysisStore(Protocol):
    """A store as the analyze stage sees it: stories, their articles, stored analyses."""

    def transaction(self) -> AbstractContextManager[object]:
        """Run the block in one write transaction (nested blocks join the outer one)."""

    def list_stories(
        self, *, limit: int | None = None, offset: int = 0, min_size: int = 1
    ) -> list[dict[str, Any]]:
        """Return story summaries, most recent first."""

    def get_article(self, article_id: str, version: int | None = None) -> Article | None:
        """Return one article or None."""

    def get_cleaned(self, article_id: str) -> CleanedText | None:
        """Return an article's cleaned text, or None when not cleaned."""

    def get_analysis(self, story_id: str) -> tuple[str, dict[str, Any]] | None:
        """Return (fingerprint, analysis JSON) stored for a story, or None."""

    def save_analysis(self, story_id: str, fingerprint: str, analysis: dict[str, Any]) -> None:
        """Store a story's analysis with the fingerprint of the members it was computed from."""

    def prune_analyses(self, keep: Iterable[str]) -> int:
        """Delete the analyses of stories that no longer exist; return how many."""
