"""Corpus dedup on a Dask cluster: the single-process engine's steps as distributed tasks.

    with dask_client(DaskOptions(workers=2)) as client:
        run = dedup_on_dask(sources, DedupConfig(), client)
        labels = run.labels()          # == find_duplicates(all texts).labels

Each input partition is sketched where it is read, and its sketches stay on that worker. Band
rows, anchors and exact-text hashes are shuffled by key into buckets, where the single-process
engine's own functions pair up every group of equal keys (anchor frequencies go back to their
documents, which offer their rarest shared anchors, and those are shuffled out again); the pairs
are shuffled by pair to drop repeats and scored per block (a pair of partitions). The
verification rounds then run from the client (dask_rounds.py); each round's exact verification
runs on the workers from the shingle sets of the documents in play. Texts and whole partitions
never travel; the client holds pair and label arrays.
"""

from __future__ import annotations

import math
import operator
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from storyline.dedup import dask_steps as steps
from storyline.dedup.dask_client import DaskOptions, dashboard_link, dask_client
from storyline.dedup.dask_rounds import Handles, Rounds, score_block
from storyline.dedup.engine import DedupConfig, DedupStats
from storyline.dedup.matching import OFFERED
from storyline.dedup.tokens import I64
from storyline.errors import InputError, StorylineError, UsageError

__all__ = [
    "DaskDedupRun",
    "DaskOptions",
    "TextSource",
    "dashboard_link",
    "dask_client",
    "dedup_on_dask",
]


class TextSource(Protocol):
    """One input partition: a name for messages and the texts it holds, in input order."""

    @property
    def name(self) -> str:
        """Name the partition (its file, and the part of the file) in messages."""
        ...

    def texts(self) -> Iterator[str]:
        """Yield the partition's texts in input order."""
        ...


def _sketch(source: TextSource, config: DedupConfig) -> tuple[steps.PartSets, steps.PartIndex]:
    """Sketch one partition; a failure names the partition's input file."""
    try:
        return steps.sketch_part(source.texts(), config)
    except StorylineError:
        raise
    except Exception as exc:  # any reader failure: retried by Dask, then reported with the file
        reason = f"partition failed: {type(exc).__name__}: {exc}"
        raise InputError(reason, path=source.name) from exc


def _summary(index: steps.PartIndex) -> tuple[int, int, int]:
    """Count a partition's docs, empty texts and short texts (words but no shingle)."""
    words = index.words
    return len(index), int((words == 0).sum()), int(((words > 0) & (index.set_sizes == 0)).sum())


def _pick(value: Any, *path: Any) -> Any:
    """Return value[path[0]][path[1]]...: one piece of a task's result."""
    for key in path:
        value = value[key]
    return value


def _blocks(reduced: tuple[dict[tuple[int, int], Any], Any]) -> list[tuple[int, int]]:
    return sorted(reduced[0])


@dataclass
class DaskDedupRun:
    """A finished distributed dedup: the labels stay on the cluster until asked for."""

    client: Any
    labels_future: Any  # Future[I64]: every doc's cluster label (the smallest gid of its cluster)
    sketched: list[Any]  # Future[tuple] per partition: what the sketch task returned
    bases: list[int]  # gid of each partition's first doc
    counts: list[int]
    stats: DedupStats
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds: sketch, pairs,
    # verify (the rounds, driven from the client)

    def labels(self) -> I64:
        """Gather every doc's cluster label (its own gid when it has no duplicate)."""
        labels: I64 = self.client.gather(self.labels_future)
        return labels

    def words(self) -> I64:
        """Gather every doc's word count."""
        parts = self.client.gather([self.client.submit(_words, f) for f in self.sketched])
        return steps.cat(parts, np.int64)


def _words(sketched: tuple[Any, steps.PartIndex]) -> I64:
    return sketched[1].words


def dedup_on_dask(
    sources: Sequence[Any],
    config: DedupConfig,
    client: Any,
    *,
    retries: int = 2,
    progress: bool = True,
    task: Callable[..., Any] | None = None,
    ignore: Callable[[list[Any]], npt.NDArray[np.uint32]] | None = None,
) -> DaskDedupRun:
    """Find the duplicate clusters of the sources' texts on the cluster (see module doc).

    Sources are TextSources, sketched by one task each; or, with `task`, anything that
    task(source, config) turns into a tuple (PartSets, PartIndex, ...) (the rest stays there).
    `ignore`, given the sketched futures, names shingle hashes that count for no text.
    """
    config.check()
    if not sources:
        raise UsageError("no input partitions to deduplicate")
    run = _Run(client, config, retries=retries, progress=progress)
    clock = time.perf_counter()
    sketched = run.sketch(sources, task or _sketch)
    if ignore is not None:
        sketched = run.without(sketched, ignore(sketched))
    sets = [run.submit(_pick, f, 0) for f in sketched]
    index = [run.submit(_pick, f, 1) for f in sketched]
    summaries = client.gather([run.submit(_summary, ix) for ix in index])
    counts = [s[0] for s in summaries]
    bases = _starts(counts)
    buckets = max(2, min(64, 2 * run.threads(), math.ceil(sum(counts) / 100_000)))
    phases = {"sketch": time.perf_counter() - clock}
    clock = time.perf_counter()
    reduced = run.candidates(index, bases, buckets)
    scored = run.score(reduced, index, bases)
    phases["pairs"] = time.perf_counter() - clock
    clock = time.perf_counter()
    labels, stats = run.verify(sets, index, reduced, scored, bases)
    phases["verify"] = time.perf_counter() - clock
    stats.empty = sum(s[1] for s in summaries)
    stats.short = sum(s[2] for s in summaries)
    return DaskDedupRun(client, client.scatter(labels), sketched, bases, counts, stats, phases)


def _starts(counts: list[int]) -> list[int]:
    """Return each partition's first global document number; refuse more than 2**22 documents."""
    if sum(counts) >= 1 << 22:
        raise UsageError("more than 4,194,304 documents: split the corpus into several runs")
    return [int(b) for b in np.cumsum([0, *counts[:-1]])]


class _Run:
    """Submit the task graph phase by phase; one instance per dedup run."""

    def __init__(self, client: Any, config: DedupConfig, *, retries: int, progress: bool) -> None:
        self.client = client
        self.config = config
        self.retries = retries
        self.progress = progress and sys.stdout.isatty()

    def threads(self) -> int:
        """Return the number of worker threads in the cluster."""
        return max(1, int(sum(self.client.nthreads().values())))

    def submit(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Submit one task with retries; tasks are never cached across runs (pure=False)."""
        return self.client.submit(func, *args, retries=self.retries, pure=False, **kwargs)

    def watch(self, futures: Sequence[Any]) -> None:
        """Show Dask's progress bar for futures on a terminal, then wait for them."""
        from distributed import progress, wait

        if self.progress:
            progress(*futures, notebook=False)  # type: ignore[no-untyped-call]
        wait(futures)  # type: ignore[no-untyped-call]

    def sketch(self, sources: Sequence[Any], task: Callable[..., Any]) -> list[Any]:
        """Sketch every partition; fail naming every partition that failed after its retries."""
        both = [self.submit(task, s, self.config) for s in sources]
        self.watch(both)
        failed = [f.exception() for f in both if f.status == "error"]
        if failed:
            lines = "; ".join(str(exc) for exc in failed[:10])
            more = f" (and {len(failed) - 10} more)" if len(failed) > 10 else ""
            raise InputError(
                f"{len(failed)} partition(s) failed after {self.retries} retries{more}: {lines}"
            )
        return both

    def without(self, sketched: list[Any], hashes: npt.NDArray[np.uint32]) -> list[Any]:
        """Return the sketched partitions without the given shingle hashes (none: as they are)."""
        if not len(hashes):
            return sketched
        shared = self.client.scatter(hashes, broadcast=True)
        return [self.submit(steps.without_shingles, f, shared) for f in sketched]

    def candidates(self, index: list[Any], bases: list[int], buckets: int) -> list[Any]:
        """Shuffle keys by key into buckets, anchors back to their docs and out again, pairs."""
        c, parts = self.config, len(index)
        routed = [
            self.submit(steps.route_keys, ix, b, buckets=buckets, bands=c.bands)
            for ix, b in zip(index, bases, strict=True)
        ]
        keyed = [
            self.submit(
                steps.bucket_keys,
                [self.submit(_pick, r, k) for r in routed],
                c,
                bases=bases,
                reducers=buckets,
            )
            for k in range(buckets)
        ]
        offered = [
            self.submit(
                steps.offer_anchors,
                [self.submit(_pick, k, 1, p) for k in keyed],
                buckets=buckets,
                per_doc=OFFERED,
            )
            for p in range(parts)
        ]
        anchored = [
            self.submit(
                steps.anchor_bucket,
                [self.submit(_pick, o, b) for o in offered],
                c,
                reducers=buckets,
            )
            for b in range(buckets)
        ]
        return [
            self.submit(
                steps.reduce_pairs,
                [self.submit(_pick, k, 0, r) for k in keyed]
                + [self.submit(_pick, a, r) for a in anchored],
                bases,
            )
            for r in range(buckets)
        ]

    def verify(
        self,
        sets: list[Any],
        index: list[Any],
        reduced: list[Any],
        scored: list[Any],
        bases: list[int],
    ) -> tuple[I64, DedupStats]:
        """Verify the scored pairs round by round; return the labels and the run's stats."""
        handles = Handles(
            sets=sets,
            scored=scored,
            exact=[self.submit(_pick, r, 1) for r in reduced],
            sizes=[self.submit(operator.attrgetter("set_sizes"), ix) for ix in index],
            bases=bases,
            retries=self.retries,
        )
        return Rounds(self.client, handles, self.config).run()

    def score(self, reduced: list[Any], index: list[Any], bases: list[int]) -> list[Any]:
        """Score the candidates block by block (one block per pair of partitions)."""
        names = self.client.gather([self.submit(_blocks, r) for r in reduced])
        holders: dict[tuple[int, int], list[Any]] = {}
        for r, keys in zip(reduced, names, strict=True):
            for key in keys:
                holders.setdefault(key, []).append(self.submit(_pick, r, 0, key))
        scored = [
            self.submit(score_block, pieces, index[p], index[q], (bases[p], bases[q]), self.config)
            for (p, q), pieces in sorted(holders.items())
        ]
        self.watch(scored)
        return scored
