"""storyline: turn a pile of scraped news into stories.

import storyline
with storyline.open_store("news.db") as store:
    report = storyline.ingest(store, ["articles/"])
    for article in store.iter_articles():
        ...
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from storyline.cluster.model import ClusterConfig, ClusterItem
    from storyline.cluster.similarity import Similarity
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
    "Store",
    "StoreError",
    "StorylineError",
    "UsageError",
    "clean",
    "ingest",
    "open_store",
    "similarity",
]

# Where each public name lives. They load on first use, not on `import storyline`: a worker
# process imports storyline (for storyline.workers, say) without the pipeline, the store and
# their libraries (tldextract, requests, ...), about a second under load.
_LAZY = MappingProxyType(
    {
        "Article": "storyline.models",
        "CleanedText": "storyline.models",
        "IngestConfig": "storyline.config",
        "IngestReport": "storyline.models",
        "InputError": "storyline.errors",
        "NotFoundError": "storyline.errors",
        "Rejection": "storyline.models",
        "RemovedSpan": "storyline.models",
        "Store": "storyline.store",
        "StoreError": "storyline.errors",
        "StorylineError": "storyline.errors",
        "UsageError": "storyline.errors",
        "clean": "storyline.pipeline",
        "ingest": "storyline.pipeline",
    }
)


if not TYPE_CHECKING:  # mypy reads the imports above; at run time the names load on first use

    def __getattr__(name: str) -> Any:
        """Import a public name, or a submodule, on first use (PEP 562)."""
        if name in _LAZY:
            return getattr(import_module(_LAZY[name]), name)
        if not name.startswith("_"):  # storyline.store, storyline.pipeline, ... as before
            try:
                return import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{name}":
                    raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the module's public names, the lazy ones included."""
    return sorted({*__all__, "__version__", "open_store", "similarity"})


class _Package(ModuleType):
    """The storyline module: `ingest` and `clean` stay the pipeline's functions.

    They share their names with the subpackages storyline.ingest and storyline.clean; loading
    one of those binds its name on this module, which would hide the function for good.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("ingest", "clean") and isinstance(value, ModuleType):
            return  # the subpackage stays reachable as sys.modules["storyline.ingest"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating if needed) a storyline database; default ./storyline.db or $STORYLINE_DB."""
    from storyline.store import Store

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
