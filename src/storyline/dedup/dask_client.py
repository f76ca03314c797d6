"""Connect to a Dask cluster, or start a local one: the one place storyline meets distributed."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from storyline.errors import UsageError

# Dask's nanny sets MALLOC_TRIM_THRESHOLD_, which pins glibc's mmap threshold at 128 KiB: every
# large numpy array is then mmapped and page-faulted afresh, and sketching ran 1.45x slower in a
# worker than in a plain process (0.84 s vs 1.20 s per 10k-article partition). Serving arrays up
# to 256 MiB from the heap restores the plain-process speed (0.55 s).
_WORKER_ENV = {"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 256 << 20}


@dataclass(frozen=True)
class DaskOptions:
    """Where and how to run: an existing scheduler, or a local cluster of worker processes."""

    scheduler: str | None = None  # address of an existing cluster; None starts a local one
    workers: int = 2  # local cluster only
    processes: bool = True  # local cluster only: worker processes (False: threads, for tests)
    memory_limit: str = "auto"  # per local worker, e.g. "4GiB"
    retries: int = 2  # a failed task is retried this many times before the run fails
    partition_bytes: int = 64 << 20  # JSONL files are cut into partitions of about this size
    partition_rows: int = 20_000  # Parquet row groups are grouped into about this many rows
    progress: bool = True  # draw Dask's progress bar on a terminal

    def check(self) -> DaskOptions:
        """Return self, or raise UsageError naming the bad setting."""
        if self.workers < 1:
            raise UsageError(f"--workers must be at least 1, not {self.workers}")
        if self.retries < 0:
            raise UsageError(f"retries must be >= 0, not {self.retries}")
        if self.partition_bytes < 1 or self.partition_rows < 1:
            raise UsageError("partition sizes must be positive")
        return self


@contextmanager
def dask_client(options: DaskOptions) -> Iterator[Any]:
    """Connect to the scheduler at options.scheduler, or start a local cluster; close it after."""
    options.check()
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise UsageError("the Dask engine needs dask: pip install 'storyline[dask]'") from exc
    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {options.scheduler}: {exc}"
            ) from exc
        with client:
            yield client
        return
    with (
        dask.config.set(_WORKER_ENV),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=options.workers,
            threads_per_worker=1,
            processes=options.processes,
            memory_limit=options.memory_limit,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def dashboard_link(client: Any) -> str | None:
    """Return the cluster's dashboard address, or None when it serves none.

    A local cluster serves a real dashboard only when bokeh is installed here.
    """
    local = getattr(client, "cluster", None) is not None
    if local and importlib.util.find_spec("bokeh") is None:
        return None
    try:
        services = client.scheduler_info().get("services", {})
        return str(client.dashboard_link) if "dashboard" in services else None
    except (KeyError, AttributeError, OSError):
        return None


def describe(options: DaskOptions, client: Any) -> str:
    """Say which cluster a run uses, and where its dashboard is."""
    n = options.workers
    where = options.scheduler or f"a local cluster of {n} worker process{'es' if n > 1 else ''}"
    link = dashboard_link(client)
    return f"Dask: {where}" + (f"; dashboard {link}" if link else "")
