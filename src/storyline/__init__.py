"""storyline: turn a pile of scraped news into stories.

import storyline
with storyline.open_store("news.db") as store:
    report = storyline.ingest(store, ["articles/"])
    for article in store.iter_articles():
        ...
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storyline.config import IngestConfig
from storyline.errors import InputError, NotFoundError, StoreError, StorylineError, UsageError
from storyline.models import Article, CleanedText, IngestReport, Rejection, RemovedSpan
from storyline.pipeline import clean, ingest
from storyline.store import Store

if TYPE_CHECKING:  # the clustering stack (numpy) loads on first use, not on `import storyline`
    from storyline.cluster.model import ClusterConfig, ClusterItem
    from storyline.cluster.similarity import Similarity

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


def similarity(
    a: str | ClusterItem, b: str | ClusterItem, *, config: ClusterConfig | None = None
) -> Similarity:
    """Return the same-story score of two texts (or ClusterItems) with its reasons.

    The result says what clustering the two alone decides (`same_story`), the score against
    the bar it needs, each channel's part (terms, names, headline) and the factors applied.
    """
    from storyline.cluster.similarity import similarity as score

    return score(a, b, config=config)
