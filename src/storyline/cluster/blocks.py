"""Split the story engine's work into independent blocks that run in parallel.

The story engine places articles one at a time, in canonical order. An article can only join
(or merge) stories that share its strongest keys, so articles that share no strong key never
meet. Blocking uses that: every article gets its strongest names and terms (block_keys), and
articles that share a key are put in one block, rarest keys first, until a block reaches its
size cap (a key common to thousands of articles would otherwise join the whole corpus). Each
block then runs its own engine over its articles in canonical order, in a worker process or a
Dask task. Duplicate groups are never split.

What keeps a block's decisions equal to the serial engine's:

* **Document frequencies.** The serial engine weighs an article by the document frequencies
  of every article before it, not only of its block's. One streaming pass (route) counts them
  in canonical order and hands each article its own keys' counts at its turn (a snapshot);
  the block's engine weighs with the snapshot (SnapshotFreq), so vectors are identical.
* **The clock.** The active window is cut at the corpus's newest time so far, also handed over.
* **Caps.** A block's active-story and dormant-story caps are the serial caps times the
  block's share of the articles (caps bind only on very large corpora).

What can differ: an article that would have joined a story of another block (their strong keys
met only through keys cut by the size cap) opens or joins one in its own. The difference is
measured on the benchmark feeds (README, "Scaling out with Dask").
"""

from __future__ import annotations

import heapq
import math
import pickle
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from storyline.cluster.background import load_background
from storyline.cluster.engine import StoryEngine
from storyline.cluster.features import Features
from storyline.cluster.model import ClusterConfig
from storyline.cluster.prepared import Prepared
from storyline.cluster.vectors import ENTITY_PREFIX, DocFreq

BLOCK_NAMES = 32  # an article's strongest names (by the background idf) may tie it to its block
MAX_HOLDERS = 50  # a name held by more articles does not join blocks

Row = tuple[str, int, int, Prepared]  # order key, partition, position, prepared article
Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]  # map on processes/Dask
Routed = tuple[Prepared, int, int, int, dict[str, int], float | None]  # + docs, snapshot, now


def block_keys(features: Features, prior: DocFreq) -> tuple[int, ...]:
    """Return an article's blocking keys: its strongest names, hashed stably.

    Names, not terms: on the generated feeds, terms as well made blocks no closer to the
    serial stories (pairwise F1 0.938 against 0.935) for twice the keys.

    prior holds the background table only, so the keys depend on the article alone (they are
    computed where it is prepared, in parallel); crc32 keeps them equal across processes.
    """
    names = prior.tfidf(features.entities, ENTITY_PREFIX)
    strongest = sorted(names.items(), key=_rank)[:BLOCK_NAMES]
    return tuple(zlib.crc32((ENTITY_PREFIX + k).encode("utf-8")) for k, _ in strongest)


def _rank(kv: tuple[str, float]) -> tuple[float, str]:
    return -kv[1], kv[0]


def background_freq() -> DocFreq:
    """Return document frequencies holding only the background table (for block_keys)."""
    return load_background().under(DocFreq())


class _Union:
    """Union-find over articles that tracks component sizes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, a: int) -> int:
        parent = self.parent
        root = a
        while parent[root] != root:
            root = parent[root]
        while parent[a] != root:  # path compression
            parent[a], a = root, parent[a]
        return root

    def join(self, a: int, b: int, cap: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.size[ra] + self.size[rb] > cap:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]


def plan_blocks(
    keys: Sequence[Sequence[int]], groups: Sequence[str | None], *, bins: int, cap: int
) -> list[int]:
    """Return each article's bin: articles joined, strongest pairs first, into blocks up to cap.

    A pair's strength is the summed idf of the keys it shares (two articles naming the same
    three uncommon people are surely one story; two sharing one chance name are not). Joining
    by single keys, rarest first, filled blocks with chance pairs before the real ones: on
    giveme5w1h, 2 bins kept pairwise F1 0.80 of the serial stories that way, 0.98 this way.
    Duplicate groups are joined first and whole, whatever their size. Blocks are packed into
    bins largest first, each into the lightest bin, so the bins' loads are even.
    """
    n = len(keys)
    union = _Union(n)
    first: dict[str, int] = {}
    for i, group in enumerate(groups):
        if group is not None:
            union.join(first.setdefault(group, i), i, n)
    for a, b in _strong_pairs(keys):
        union.join(a, b, cap)
    return _pack([union.find(i) for i in range(n)], bins)


def _strong_pairs(keys: Sequence[Sequence[int]]) -> Iterator[tuple[int, int]]:
    """Yield the pairs of articles sharing keys, strongest first (ties: lowest pair first).

    A key held by more than MAX_HOLDERS articles is left out: it says little, and its pairs
    would grow with the square of its holders.
    """
    n = len(keys)
    holders: dict[int, list[int]] = {}
    for i, article_keys in enumerate(keys):
        for key in set(article_keys):
            holders.setdefault(key, []).append(i)
    codes, weights = [], []
    for members in holders.values():
        if not 2 <= len(members) <= MAX_HOLDERS:
            continue
        ids = np.asarray(members, dtype=np.int64)  # ascending: a < b in every pair
        a, b = np.triu_indices(len(ids), k=1)
        codes.append(ids[a] * n + ids[b])
        weights.append(np.full(len(a), math.log(n / len(ids))))
    if not codes:
        return
    pairs, where = np.unique(np.concatenate(codes), return_inverse=True)
    strength = np.bincount(where, weights=np.concatenate(weights))
    for code in pairs[np.lexsort((pairs, -strength))].tolist():
        yield divmod(code, n)


def _pack(roots: Sequence[int], bins: int) -> list[int]:
    """Pack blocks into bins, largest first into the lightest bin; return each article's bin."""
    sizes = Counter(roots)
    loads = [(0, b) for b in range(max(1, bins))]
    where: dict[int, int] = {}
    for root, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        load, b = heapq.heappop(loads)
        where[root] = b
        heapq.heappush(loads, (load + size, b))
    return [where[r] for r in roots]


def block_cap(articles: int, bins: int) -> int:
    """Return the largest block to build: one bin's fair share of the articles.

    A smaller cap cut the stories of small feeds apart (2 % of giveme5w1h's 383 articles is 8);
    a larger one lets the block that common names grow leave the other bins idle.
    """
    return max(1, math.ceil(articles / max(1, bins)))


class SnapshotFreq(DocFreq):
    """Document frequencies that answer from the snapshot handed over with each article.

    The engine counts an article before weighing it (add); here the counting was done by
    route(), in canonical order over the whole corpus, so add only steps the article count.
    """

    def add(self, keys: Iterable[str]) -> None:
        """Count nothing: the snapshot set by use() already holds this article."""

    def use(self, docs: int, counts: Mapping[str, int]) -> None:
        """Answer from now on as the corpus's frequencies after `docs` articles did."""
        self.docs = docs
        self.counts = Counter(counts)


def snapshot(counts: Mapping[str, int], features: Features) -> dict[str, int]:
    """Return the counts of the keys the engine looks up for an article (terms, title, names)."""
    get = counts.get
    out = {k: c for k in features.terms if (c := get(k, 0))}
    out.update({k: c for k in features.title if (c := get(k, 0))})
    out.update({key: c for k in features.entities if (c := get(key := ENTITY_PREFIX + k, 0))})
    return out


def route(rows: Iterable[Row], bin_of: Sequence[Sequence[int]], paths: Sequence[str]) -> list[int]:
    """Stream articles in canonical order into their bins' spills, with frequency snapshots.

    bin_of[partition][position] names each article's bin. Return the articles per bin.
    """
    counts: Counter[str] = Counter()
    docs, now, sent = 0, None, [0] * len(paths)
    handles = [open(p, "wb") for p in paths]  # noqa: SIM115 - closed below, all together
    try:
        for _, number, position, prepared in rows:
            feats = prepared.features
            counts.update(feats.df_keys())
            docs += 1
            if feats.timestamp is not None:
                now = feats.timestamp if now is None else max(now, feats.timestamp)
            b = bin_of[number][position]
            routed = (prepared, number, position, docs, snapshot(counts, feats), now)
            pickle.dump(routed, handles[b], protocol=pickle.HIGHEST_PROTOCOL)
            sent[b] += 1
    finally:
        for handle in handles:
            handle.close()
    return sent


def read_spill(path: str) -> Iterator[Any]:
    """Yield the pickled rows of a spill (Row) or of a bin (Routed), in order."""
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


@dataclass(frozen=True)
class BlockJob:
    """One bin's work: its spill, the engine settings, and its share of the articles."""

    path: str
    config: ClusterConfig
    share: float


def run_bin(job: BlockJob) -> list[tuple[int, int, str]]:
    """Run one engine over a bin's articles; return (partition, position, story) for each."""
    # No story split here: a snapshot holds the counts of one article's keys, and the cut
    # weighs every member's keys by the counts of the moment (split.py).
    config = replace(scaled(job.config, job.share), split_bar=0.0)
    engine = StoryEngine(config, df=SnapshotFreq())
    freq = engine.df
    assert isinstance(freq, SnapshotFreq)
    placed: list[tuple[int, int, str, str]] = []
    routed: Iterator[Routed] = read_spill(job.path)
    for prepared, number, position, docs, counts, now in routed:
        freq.use(docs, counts)
        engine.now = now  # the corpus's clock: a quiet block's stories age as they would
        placed.append((number, position, prepared.article_id, engine.add(prepared).story_id))
    # merges and splits are final only now
    return [(n, p, engine.story_of(a, s)) for n, p, a, s in placed]


def scaled(config: ClusterConfig, share: float) -> ClusterConfig:
    """Return the settings for a block holding `share` of the articles: caps scaled down."""
    if share >= 1.0:
        return config
    return replace(
        config,
        active_stories=max(1, math.ceil(config.active_stories * share)),
        archive_stories=math.ceil(config.archive_stories * share),
    )


def spill_keys(path: str) -> list[tuple[int, int, tuple[int, ...], str | None]]:
    """Return (partition, position, block keys, duplicate group) of each article of a spill."""
    prior = background_freq()
    rows: Iterator[Row] = read_spill(path)
    return [(n, p, block_keys(item.features, prior), item.group) for _, n, p, item in rows]


@dataclass(frozen=True)
class RouteJob:
    """The routing pass's work: the sorted spills, each article's bin, the bins' spills."""

    spills: tuple[str, ...]
    bin_of: tuple[tuple[int, ...], ...]
    paths: tuple[str, ...]


def route_job(job: RouteJob) -> list[int]:
    """Merge the partitions' sorted spills and route their articles (one task: it is serial)."""
    spills: list[Iterator[Row]] = [read_spill(s) for s in job.spills]
    merged = heapq.merge(*spills, key=lambda r: (r[0], r[1], r[2]))
    return route(merged, job.bin_of, job.paths)


def assign_blocked(
    spills: Sequence[str],
    counts: Sequence[int],
    config: ClusterConfig,
    *,
    work_dir: str,
    bins: int,
    run: Mapper,
) -> list[list[str]]:
    """Assign stories block by block, bins in parallel through run; return each one's story.

    spills are the partitions' canonically sorted spills (dask_engine.prepare_partition).
    """
    total = sum(counts)
    found = [row for rows in run(spill_keys, list(spills)) for row in rows]
    bin_list = plan_blocks(
        [r[2] for r in found], [r[3] for r in found], bins=bins, cap=block_cap(total, bins)
    )
    bin_of = [[0] * n for n in counts]
    for (number, position, _, _), b in zip(found, bin_list, strict=True):
        bin_of[number][position] = b
    paths = tuple(str(Path(work_dir) / f"block-{b:04d}.pickle") for b in range(bins))
    try:
        job = RouteJob(tuple(spills), tuple(tuple(b) for b in bin_of), paths)
        sent: list[int] = run(route_job, [job])[0]
        jobs = [BlockJob(p, config, n / max(1, total)) for p, n in zip(paths, sent, strict=True)]
        story = [[""] * n for n in counts]
        for placed in run(run_bin, jobs):
            for number, position, story_id in placed:
                story[number][position] = story_id
        return story
    finally:
        for path in paths:
            Path(path).unlink(missing_ok=True)
