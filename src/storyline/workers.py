"""Map a function over batches in worker processes, in order, with a bounded number in flight.

The single-machine engine computes clean, cluster features and analyze on every core this way;
the Store stays in the calling process (stages compute, the recipe stores). Processes start only
when there are two batches or more: one batch, or one worker, runs in this process. Whatever the
number of workers, the results come back in the order of the batches.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """Return the default worker count: up to two processes, never more than the cores."""
    return max(1, min(2, os.cpu_count() or 1))


class Workers:
    """A pool of worker processes, started on first need and shut down by worker_pool."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def map(self, func: Callable[[T], R], items: Iterable[T], *, ahead: int = 0) -> Iterator[R]:
        """Yield func(item) for every item, in order, with at most `ahead` items in flight.

        Items are drawn only as results are consumed, so memory stays bounded (ahead 0: two
        per worker).
        """
        stream = iter(items)
        head = [item for _, item in zip(range(2), stream, strict=False)]
        if self.count <= 1 or len(head) < 2:  # nothing to share: no process to start
            yield from map(func, chain(head, stream))
            return
        pool = self._start()
        limit = ahead or 2 * self.count
        pending: deque[Future[R]] = deque()
        for item in chain(head, stream):
            pending.append(pool.submit(func, item))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a fork would copy the parent's threads (progress bars) and database handles.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=context)
        return self._pool

    def shutdown(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


@contextmanager
def worker_pool(workers: int | None = None) -> Iterator[Workers]:
    """Yield a Workers of `workers` processes (None: default_workers()); stop them on exit."""
    pool = Workers(default_workers() if workers is None else max(1, workers))
    try:
        yield pool
    finally:
        pool.shutdown()
