"""The batch engine: texts in, duplicate clusters out, with the evidence of every link.

    dedup = Deduplicator(DedupConfig())
    for batch in batches:
        dedup.add(batch)
    result = dedup.finish()          # result.labels[i]: the cluster of text i

Texts are sketched batch by batch (memory: the sketches, never the texts), on `workers` threads
(numpy releases the GIL); then candidates are found, verified against the exact shingle sets,
and clustered from verified links only (see matching and links).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

import numpy as np
import numpy.typing as npt

from storyline.dedup.arrays import CorpusSketches, SketchArrays
from storyline.dedup.links import LinkRule, cluster, confirm, join_clusters
from storyline.dedup.matching import MatchSettings, candidates, checker, verify
from storyline.dedup.sketch import Sketches, sketch
from storyline.dedup.spill import SetFile
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence
from storyline.errors import UsageError

_SLICE = 384  # texts sketched at once


@dataclass(frozen=True)
class DedupConfig:
    """How texts are compared and when two count as copies."""

    ngram: int = 3  # words per shingle
    num_perm: int = 128  # signature bins (a power of two)
    bands: int = 32  # LSH bands (num_perm / bands rows each)
    threshold: float = 0.4  # a (weak) link: one text at least this share inside the other
    strong: float = 0.8  # a strong link: one text at least this share inside the other,
    mutual: float = 0.4  # or both texts at least this share inside each other
    min_shared: int = 3  # and at least this many shingles in common
    names: float = 0.6  # below strong, a pair shares this share of names and numbers (0: off)
    anchor_rate: int = 32  # one shingle in anchor_rate is an anchor (a power of two)
    max_bucket: int = 128  # anchor / band buckets larger than this are boilerplate
    batch_size: int = 2000
    workers: int = 0  # sketching threads; 0: one per CPU, at most 4

    @property
    def rule(self) -> LinkRule:
        """Return the link thresholds."""
        return LinkRule(self.threshold, self.strong, self.mutual, self.min_shared, self.names)

    @property
    def settings(self) -> MatchSettings:
        """Return what candidate generation needs."""
        return MatchSettings(self.bands, self.max_bucket, self.rule)

    def check(self) -> DedupConfig:
        """Return self, or raise UsageError naming the bad setting."""
        if not 1 <= self.ngram <= 32:
            raise UsageError(f"ngram must be between 1 and 32, not {self.ngram}")
        if self.num_perm not in (16, 32, 64, 128, 256, 512, 1024):
            raise UsageError(
                f"num-perm must be a power of two from 16 to 1024, not {self.num_perm}"
            )
        if self.bands < 1 or self.num_perm % self.bands:
            raise UsageError(f"bands ({self.bands}) must divide num-perm ({self.num_perm})")
        for name in ("threshold", "strong", "mutual"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise UsageError(f"{name} must be in (0, 1], not {value}")
        if not 0.0 <= self.names <= 1.0:
            raise UsageError(f"names must be in [0, 1], not {self.names}")
        if self.anchor_rate < 1 or self.anchor_rate & (self.anchor_rate - 1):
            raise UsageError(f"anchor rate must be a power of two, not {self.anchor_rate}")
        if self.batch_size < 1 or self.max_bucket < 2 or self.workers < 0:
            raise UsageError("batch size must be >= 1, max bucket >= 2 and workers >= 0")
        return self


@dataclass
class DedupStats:
    """What one run saw and did."""

    docs: int = 0
    empty: int = 0  # no words at all: never matched
    short: int = 0  # fewer words than the shingle size: exact matches only
    candidates: int = 0
    verified: int = 0
    linked: int = 0  # links used by the clusters (verified pairs and equal texts)
    clusters: int = 0  # clusters with two or more texts
    duplicates: int = 0  # texts that are not the first of their cluster


@dataclass(frozen=True)
class DedupResult:
    """Clusters (labels[i] = smallest index in text i's cluster) and the links behind them."""

    labels: I64
    links: PairEvidence
    stats: DedupStats
    words: I64 = field(repr=False)

    def members(self) -> dict[int, list[int]]:
        """Return the clusters of two or more texts, by label."""
        out: dict[int, list[int]] = {}
        sizes = np.bincount(self.labels, minlength=len(self.labels))
        for i in np.flatnonzero(sizes[self.labels] > 1).tolist():
            out.setdefault(int(self.labels[i]), []).append(i)
        return out


class Deduplicator:
    """Accumulate sketches batch by batch, then find the duplicate clusters."""

    def __init__(self, config: DedupConfig | None = None, *, spill: bool = False) -> None:
        """Start empty; spill: keep the exact shingle sets in a temporary file (see spill)."""
        self.config = (config or DedupConfig()).check()
        self._spill = SetFile() if spill else None
        self._arrays = SketchArrays(self.config.num_perm, spill=self._spill)
        workers = self.config.workers or min(os.cpu_count() or 1, 4)
        self._pool = ThreadPoolExecutor(workers) if workers > 1 else None
        self._pending: list[Future[Sketches]] = []

    def __len__(self) -> int:
        self._drain()
        return self._arrays.count

    def add(self, texts: Sequence[str]) -> None:
        """Sketch a batch of texts and keep what the final matching needs."""
        self.submit(texts)
        self._drain()

    def submit(self, texts: Sequence[str]) -> None:
        """Start sketching a batch of texts and return (the caller reads the next meanwhile).

        The batch submitted before is kept first: at most one batch is in flight, so memory
        holds two batches of texts at most, and texts are numbered in the order submitted.
        """
        self._drain()
        c = self.config

        def one(part: Sequence[str]) -> Sketches:
            return sketch(part, ngram=c.ngram, num_perm=c.num_perm, anchor_rate=c.anchor_rate)

        # slices small enough that the per-slice arrays stay in cache: ~40 % faster than big ones
        parts = [texts[i : i + _SLICE] for i in range(0, len(texts), _SLICE)]
        if self._pool is None:
            for part in parts:
                self._arrays.append(one(part))
            return
        self._pending = [self._pool.submit(one, part) for part in parts]

    def _drain(self) -> None:
        """Keep the sketches of the batch in flight, in order."""
        pending, self._pending = self._pending, []
        for future in pending:
            self._arrays.append(future.result())

    def add_all(self, texts: Iterable[str]) -> Iterator[int]:
        """Sketch texts in batches; yield the count after each batch (for progress)."""
        it = iter(texts)
        while batch := list(islice(it, self.config.batch_size)):
            self.add(batch)
            yield len(self)

    def close(self) -> None:
        """Delete the spilled sets, if any (the sketches are not read after this)."""
        if self._spill is not None:
            self._spill.close()

    def sketches(self) -> CorpusSketches:
        """Return the corpus sketches gathered so far."""
        self._drain()
        return self._arrays.view()

    def finish(
        self, *, all_links: bool = False, ignore: npt.NDArray[np.uint32] | None = None
    ) -> DedupResult:
        """Verify the candidates and cluster; all_links verifies even already-joined pairs.

        Shingle hashes in `ignore` (boilerplate many unrelated texts share) count for no text;
        they are taken out of the kept sketches in place (see SketchArrays.drop_shingles).
        """
        self._drain()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if ignore is not None and len(ignore):
            self._arrays.drop_shingles(ignore)
        corpus = self._arrays.view()
        found = candidates(corpus, self.config.settings)
        strong, weak, verified = verify(corpus, found, self.config.rule, all_pairs=all_links)
        labels, used = cluster(len(corpus.words), strong, weak)
        check = checker(corpus)
        labels, made, joins = join_clusters(labels, weak.take(~used), self.config.rule, check)
        joined = strong + weak.take(used) + made
        labels, checks = confirm(labels, joined.left, joined.right, self.config.rule, check)
        checks += joins
        inside = joined.take(labels[joined.left] == labels[joined.right])
        links = strong + weak if all_links else inside
        verified += checks
        return DedupResult(
            labels, links, _stats(corpus, labels, found.left, verified, links), corpus.words
        )


def _stats(
    corpus: CorpusSketches, labels: I64, cands: I64, verified: int, links: PairEvidence
) -> DedupStats:
    n = len(labels)
    sizes = np.bincount(labels, minlength=n)
    return DedupStats(
        docs=n,
        empty=int((corpus.words == 0).sum()),
        short=int(((corpus.words > 0) & (corpus.sizes == 0)).sum()),
        candidates=len(cands),
        verified=verified,
        linked=len(links),
        clusters=int((sizes > 1).sum()),
        duplicates=int(n - (sizes > 0).sum()),
    )


def find_duplicates(texts: Iterable[str], config: DedupConfig | None = None) -> DedupResult:
    """Cluster the copies among texts (see module doc)."""
    dedup = Deduplicator(config)
    for _ in dedup.add_all(texts):
        pass
    return dedup.finish()
