"""Keep the garbage collector to the objects made since the last chunk while articles are placed."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _nothing() -> None:
    return None


@contextmanager
def young_only() -> Iterator[Callable[[], None]]:
    """Yield a function that sets every object alive now aside from the garbage collector.

    The engine's state only grows as it places articles (stories, members, vectors, the
    index): each full collection walked all of it again (20k articles: 10 full collections,
    3 % of the placing). Called after each chunk, the function sets that state aside
    (gc.freeze); it is given back after the block. A process that froze objects itself is
    left alone: the function then does nothing.
    """
    if gc.get_freeze_count():
        yield _nothing
        return
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
