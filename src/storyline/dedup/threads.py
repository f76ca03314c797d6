"""Spread independent numpy work over the CPUs' threads, results in order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
PARALLEL_FROM = 8  # items from which a call spreads them over threads (a pool costs ~0.1 ms)
MAX_THREADS = 4


def in_threads(work: Callable[[T], R], items: Iterable[T], *, threads: int = 0) -> list[R]:
    """Return [work(item) for item in items], spread over threads when there are many items.

    For numpy work that releases the GIL (gathers, sorts, searches): two cores count at once.
    Results come back in the items' order, so the outcome is the serial one. threads 0: one
    per CPU, at most MAX_THREADS.
    """
    todo = list(items)
    threads = threads or min(os.cpu_count() or 1, MAX_THREADS)
    if threads < 2 or len(todo) < PARALLEL_FROM:
        return [work(item) for item in todo]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(work, todo))
