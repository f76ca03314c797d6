"""storyline: turn a pile of scraped news into stories.

import storyline
with storyline.open_store("news.db") as store:
    report = storyline.ingest(store, ["articles/"])
    for article in store.iter_articles():
        ...
"""

from __future__ import annotations

from pathlib import Path

from storyline.cluster.similarity import Similarity, similarity
from storyline.config import IngestConfig
from storyline.errors import InputError, NotFoundError, StoreError, StorylineError, UsageError
from storyline.models import Article, CleanedText, IngestReport, Rejection, RemovedSpan
from storyline.pipeline import clean, ingest
from storyline.store import Store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "CleanedText",
    "IngestConfig",
    "IngestReport",
    "InputError",
    "NotFoundError",
    "Rejection",
    "RemovedSpan",
    "Similarity",
    "Store",
    "StoreError",
    "StorylineError",
    "UsageError",
    "clean",
    "ingest",
    "open_store",
    "similarity",
]


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating if needed) a storyline database; default ./storyline.db or $STORYLINE_DB."""
    return Store.open(path)
