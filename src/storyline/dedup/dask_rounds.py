"""Verification and clustering of the distributed dedup engine.

The single-process engine verifies candidates in rounds (each round, every cluster verifies its
most promising open pair, Boruvka's order) and then applies strong and weak links. The rounds
are global, so the client drives them with the engine's own functions (merge_candidates,
components, connected, the round's pick, LinkRule, cluster) on arrays of pairs and labels, while
each round's exact verification runs as Dask tasks: every partition in play cuts out the sets
of its docs in play where it lives, and a few tasks compare those cuts. What moves is pairs,
verdicts and the cut sets of the docs in play, never texts or whole partitions.

Mirrors the control flow of matching.candidates (anchor filter, order by promise) and
matching.verify (rounds): a change there must be made here too, and
tests/dedup/test_dask_engine.py fails until it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.dedup.candidates import PairSet, by_promise, estimate_containment
from storyline.dedup.dask_steps import Candidates, PartIndex, PartSets, cat
from storyline.dedup.engine import DedupConfig, DedupStats
from storyline.dedup.graph import components, connected
from storyline.dedup.links import STRONG, WEAK, cluster, confirm, join_clusters
from storyline.dedup.matching import ANCHOR_SLACK, ROUNDS, first_per_cluster, round_width
from storyline.dedup.sketch import U32
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence, overlap, ranges


@dataclass(frozen=True)
class Scored:
    """One block's candidates (distinct, ordered by pair) with their estimated containment."""

    left: I64
    right: I64
    score: npt.NDArray[np.float32]


def _joined(left: Any, right: Any, lbase: int, rbase: int, name: str) -> tuple[Any, int]:
    """Stack two partitions' per-doc arrays; return them and the shift of right-side gids."""
    a, b = getattr(left, name), getattr(right, name)
    if lbase == rbase:
        return a, lbase
    return np.concatenate([a, b]), rbase - len(a)


def score_block(
    pieces: Sequence[Candidates],
    left: PartIndex,
    right: PartIndex,
    bases: tuple[int, int],
    config: DedupConfig,
) -> Scored:
    """Keep the anchor pairs whose estimate can reach a link; score every candidate."""
    found = Candidates.concat(pieces)
    lbase, rbase = bases
    sigs, shift = _joined(left, right, lbase, rbase, "signatures")
    sizes, _ = _joined(left, right, lbase, rbase, "set_sizes")

    def estimate(lo: I64, hi: I64) -> npt.NDArray[np.float32]:
        return estimate_containment(sigs, sizes, lo - lbase, hi - shift)

    pairs = PairSet()
    pairs.add(found.band_left, found.band_right)
    keep = estimate(found.anchor_left, found.anchor_right) >= config.rule.threshold * ANCHOR_SLACK
    pairs.add(found.anchor_left[keep], found.anchor_right[keep])
    lo, hi = pairs.pairs()
    return Scored(lo, hi, estimate(lo, hi))


@dataclass(frozen=True)
class Cut:
    """The shingle and name sets of some docs of one partition (what one round verifies there)."""

    gids: I64  # sorted
    sets: U32
    offsets: I64
    names: U32
    name_offsets: I64


def cut_sets(part: PartSets, gids: I64, base: int) -> Cut:
    """Cut the sets of the given docs out of a partition, where the partition lives."""
    docs = np.unique(gids) - base
    sets, offsets = _cut(part.sets, part.offsets, docs)
    names, name_offsets = _cut(part.names, part.name_offsets, docs)
    return Cut(docs + base, sets, offsets, names, name_offsets)


def _cut(values: U32, offsets: I64, docs: I64) -> tuple[U32, I64]:
    """Cut the ragged runs of docs out of values, with their new offsets."""
    start = offsets[docs]
    length = offsets[docs + 1] - start
    out = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(length, out=out[1:])
    return values[ranges(start, length)], out


def verify_pairs(left: I64, right: I64, cuts: Sequence[Cut]) -> tuple[PairEvidence, PairEvidence]:
    """Compare each pair's shingles and names, from the cuts holding its docs (in gid order)."""
    gids = cat([c.gids for c in cuts], np.int64)
    at_left, at_right = np.searchsorted(gids, left), np.searchsorted(gids, right)
    found = []
    for values, offsets in (("sets", "offsets"), ("names", "name_offsets")):
        joined = cat([getattr(c, values) for c in cuts], np.uint32)
        sizes = cat([np.diff(getattr(c, offsets)) for c in cuts], np.int64)
        starts = np.zeros(len(gids) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        ev = overlap(at_left, at_right, joined, starts)
        found.append(PairEvidence(left, right, ev.shared, ev.left_size, ev.right_size))
    return found[0], found[1]


@dataclass(frozen=True)
class Handles:
    """The futures the verification rounds work with."""

    sets: list[Any]  # Future[PartSets] per partition
    scored: list[Any]  # Future[Scored] per block
    exact: list[Any]  # Future[(left, right)]: equal-text pairs, per reducer
    sizes: list[Any]  # Future[I64]: shingle-set sizes, per partition
    bases: list[int]
    retries: int


class Rounds:
    """matching.verify and the clustering, driven from the client; overlap() as Dask tasks.

    Like any iterative Dask algorithm the loop runs on the client: each round gathers only
    the verdicts of the picked pairs, and pair and label arrays are all it holds.
    """

    def __init__(self, client: Any, handles: Handles, config: DedupConfig) -> None:
        self.client = client
        self.h = handles
        self.config = config

    def run(self) -> tuple[I64, DedupStats]:
        """Verify in rounds, then cluster; return every doc's label and the counts."""
        left, right = self.candidates()
        sizes = cat(self.client.gather(self.h.sizes), np.int64)
        n = len(sizes)
        pairs = self.client.gather(self.h.exact)
        el, er = cat([p[0] for p in pairs], np.int64), cat([p[1] for p in pairs], np.int64)
        stats = DedupStats(docs=n, candidates=len(left))
        # matching.verify with all_pairs=False (what Deduplicator.finish does)
        strong = PairEvidence.identical(el, er, sizes)
        weak = PairEvidence.empty()
        labels = components(n, strong.left, strong.right)
        for round_ in range(ROUNDS):
            open_ = ~connected(labels, left, right)
            left, right = left[open_], right[open_]
            if not len(left):
                break
            pick = first_per_cluster(labels, left, right, round_width(round_))
            ev, names = self.overlap(left[pick], right[pick])
            left, right = left[~pick], right[~pick]
            stats.verified += len(ev)
            kind = self.config.rule.classify(ev, names)
            strong, weak = strong + ev.take(kind == STRONG), weak + ev.take(kind == WEAK)
            labels = components(n, strong.left, strong.right)
        labels, used = cluster(n, strong, weak)
        labels, made, joins = join_clusters(
            labels, weak.take(~used), self.config.rule, self.overlap
        )
        joined = strong + weak.take(used) + made
        labels, checks = confirm(labels, joined.left, joined.right, self.config.rule, self.overlap)
        stats.verified += checks + joins
        stats.linked = int((labels[joined.left] == labels[joined.right]).sum())
        counts = np.bincount(labels, minlength=n)
        stats.clusters = int((counts > 1).sum())
        stats.duplicates = int(n - (counts > 0).sum())
        return labels, stats

    def candidates(self) -> tuple[I64, I64]:
        """Gather the scored blocks; order the pairs as matching.candidates does."""
        scored: list[Scored] = self.client.gather(self.h.scored)
        left = cat([s.left for s in scored], np.int64)
        right = cat([s.right for s in scored], np.int64)
        score = cat([s.score for s in scored], np.float32)
        order = np.lexsort((right, left))  # PairSet order, then the stable sort by promise
        return by_promise(left[order], right[order], score[order])

    def overlap(self, left: I64, right: I64) -> tuple[PairEvidence, PairEvidence]:
        """Verify pairs on the workers; return the shingle and name evidence in the given order.

        Each partition in play cuts out the sets of its docs in play, where it lives; a few
        tasks (twice the worker threads) then verify the pairs from those small cuts, grouped
        by the left doc's partition. Whole partitions never move.
        """
        bases = np.asarray(self.h.bases, dtype=np.int64)
        lp = np.searchsorted(bases, left, side="right") - 1
        rp = np.searchsorted(bases, right, side="right") - 1
        ends = np.append(bases[1:], np.iinfo(np.int64).max)
        gids = np.unique(np.concatenate([left, right]))
        cuts = {}
        for p in np.unique(np.concatenate([lp, rp])).tolist():
            mine = gids[(gids >= bases[p]) & (gids < ends[p])]
            cuts[p] = self.submit(cut_sets, self.h.sets[p], mine, self.h.bases[p])
        group = lp % max(1, 2 * int(sum(self.client.nthreads().values())))
        order = np.argsort(group, kind="stable")
        splits = np.flatnonzero(np.diff(group[order])) + 1
        futures = []
        for at in np.split(order, splits) if len(order) else []:
            needed = np.unique(np.concatenate([lp[at], rp[at]])).tolist()
            futures.append(
                self.submit(verify_pairs, left[at], right[at], [cuts[p] for p in needed])
            )
        parts: list[tuple[PairEvidence, PairEvidence]] = self.client.gather(futures)
        back = np.argsort(order, kind="stable")

        def evidence(k: int) -> PairEvidence:
            fields = ("left", "right", "shared", "left_size", "right_size")
            return PairEvidence(
                *(cat([getattr(p[k], f) for p in parts], np.int64)[back] for f in fields)
            )

        return evidence(0), evidence(1)

    def submit(self, func: Any, *args: Any) -> Any:
        """Submit one task with the run's retries."""
        return self.client.submit(func, *args, retries=self.h.retries, pure=False)
