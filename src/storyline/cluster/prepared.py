"""The record the story engine takes: one article's features, canonical key and duplicate group."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.cluster.features import Features

MIN_COPY_WORDS = 25  # content words a body needs for its copies to be bound to its story


@dataclass(frozen=True)
class Prepared:
    """One article ready for the engine: features, canonical key, duplicate group."""

    article_id: str
    order_key: str
    features: Features
    dup_group: str | None = None

    @property
    def group(self) -> str | None:
        """Return the duplicate group that binds this article, if its body is an article.

        Two pages whose extracted body is the same one-line cookie notice are "duplicates"
        of nothing: only a body of some length ties an article to its copies.
        """
        return self.dup_group if self.features.words >= MIN_COPY_WORDS else None
