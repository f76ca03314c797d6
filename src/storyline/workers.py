"""Map a function over batches in worker processes, in order, with a bounded number in flight.

The single-machine engine computes clean and analyze on every core this way; the Store stays in
the calling process (stages compute, the recipe stores). With one worker nothing is started and
the function runs in this process, so one worker and many give the same results in the same
order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """Return the default worker count: up to two processes, never more than the cores."""
    return max(1, min(2, os.cpu_count() or 1))


@contextmanager
def worker_pool(workers: int | None = None) -> Iterator[Executor | None]:
    """Yield a pool of worker processes, or None when one worker (this process) is asked for."""
    count = default_workers() if workers is None else workers
    if count <= 1:
        yield None
        return
    # spawn: a fork would copy the parent's threads (progress bars) and open database handles.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        yield pool


def map_ordered(
    pool: Executor | None, func: Callable[[T], R], items: Iterable[T], *, ahead: int = 4
) -> Iterator[R]:
    """Yield func(item) for every item in order; with a pool, at most `ahead` items in flight.

    Items are drawn from the iterable only as results are consumed, so memory stays bounded.
    """
    if pool is None:
        yield from map(func, items)
        return
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(pool.submit(func, item))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
