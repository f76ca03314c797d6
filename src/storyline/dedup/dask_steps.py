"""Candidate search of the distributed dedup engine: pure functions, one Dask task each.

They compute what matching.candidates computes on the whole corpus, partition by partition
and bucket by bucket, by calling the same functions (band_pairs, anchor_pairs, exact_pairs,
PairSet) on every group of equal keys, which a shuffle by key brings into one bucket.
Documents carry a global id (gid): their position in the whole input, as the single-process
engine numbers them.

    sketch_part   -> (PartSets, PartIndex)       one input partition
    route_keys    -> [KeyShard] * buckets        band rows, anchors, exact hashes, by key
    bucket_keys   -> ([PairShard] * reducers,    band and equal-text pairs of one bucket;
                      [AnchorDf] * partitions)   anchor frequencies, back to their documents
    offer_anchors -> [Offered] * buckets         each document's rarest shared anchors
    anchor_bucket -> [PairShard] * reducers      documents offering one anchor, paired
    reduce_pairs  -> ({(P, Q): Candidates},      distinct candidates by partition pair
                      equal-text pairs)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.dedup.candidates import PairSet, anchor_pairs, band_pairs, exact_pairs
from storyline.dedup.engine import DedupConfig
from storyline.dedup.sketch import members, sketch
from storyline.dedup.spill import drop_values
from storyline.dedup.tokens import I64, U64

U32 = npt.NDArray[np.uint32]
U16 = npt.NDArray[np.uint16]
_ROUTE = np.uint64(0x9FB21C651E98DF25)  # routing only: any fixed mix of the key will do
_ANY = 1 << 31  # per_doc for anchor_pairs on already-offered anchors: keep them all


def cat(arrays: Sequence[npt.NDArray[Any]], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """Concatenate arrays (none: an empty array of dtype)."""
    return np.concatenate(arrays).astype(dtype, copy=False) if len(arrays) else np.empty(0, dtype)


@dataclass(frozen=True)
class PartSets:
    """Exact shingle and name sets of one partition (what verification needs), local numbering."""

    sets: U32
    offsets: I64
    names: U32
    name_offsets: I64


@dataclass(frozen=True)
class PartIndex:
    """Signatures, anchors and exact hashes of one partition (what candidate search needs)."""

    signatures: U16  # (docs, num_perm), in 16 bits as the single-process engine keeps them
    set_sizes: I64
    anchor_keys: U32
    anchor_docs: I64  # local doc numbers
    exact: U64
    words: I64

    def __len__(self) -> int:
        return len(self.words)


def sketch_part(texts: Iterable[str], config: DedupConfig) -> tuple[PartSets, PartIndex]:
    """Sketch one partition's texts in batches, as Deduplicator.add does."""
    it = iter(texts)
    parts = []
    while batch := list(islice(it, config.batch_size)):
        parts.append(
            sketch(
                batch, ngram=config.ngram, num_perm=config.num_perm, anchor_rate=config.anchor_rate
            )
        )
    docs = np.cumsum([0, *(len(p) for p in parts)])
    sets = PartSets(
        cat([p.sets for p in parts], np.uint32),
        _joined([(p.sets, p.set_offsets) for p in parts]),
        cat([p.names for p in parts], np.uint32),
        _joined([(p.names, p.name_offsets) for p in parts]),
    )
    sigs = [p.signatures.astype(np.uint16) for p in parts]
    index = PartIndex(
        signatures=np.concatenate(sigs) if sigs else np.empty((0, config.num_perm), np.uint16),
        set_sizes=np.diff(sets.offsets),
        anchor_keys=cat([p.anchor_keys for p in parts], np.uint32),
        anchor_docs=cat([p.anchor_docs + docs[i] for i, p in enumerate(parts)], np.int64),
        exact=cat([p.exact for p in parts], np.uint64),
        words=cat([p.words for p in parts], np.int64),
    )
    return sets, index


def doc_sets(sketched: tuple[Any, ...], docs: Sequence[int], base: int) -> dict[int, U32]:
    """Return the shingle sets of some of a partition's texts, by global text number."""
    sets: PartSets = sketched[0]
    return {base + d: sets.sets[sets.offsets[d] : sets.offsets[d + 1]] for d in docs}


def without_shingles(sketched: tuple[Any, ...], ignore: U32) -> tuple[Any, ...]:
    """Take some shingle hashes out of a sketched partition's sets, sizes and anchors."""
    sets, index, *rest = sketched
    flat, offsets = drop_values(sets.sets, sets.offsets, ignore)
    anchors = ~members(index.anchor_keys, ignore)
    trimmed = PartSets(flat, offsets, sets.names, sets.name_offsets)
    index = replace(
        index,
        set_sizes=np.diff(offsets),
        anchor_keys=index.anchor_keys[anchors],
        anchor_docs=index.anchor_docs[anchors],
    )
    return (trimmed, index, *rest)


def _joined(runs: Sequence[tuple[U32, I64]]) -> I64:
    """Return the offsets of ragged runs laid end to end."""
    elements = np.cumsum([0, *(len(values) for values, _ in runs)])
    offsets = [np.zeros(1, dtype=np.int64)]
    offsets += [o[1:] + elements[i] for i, (_, o) in enumerate(runs)]
    return np.concatenate(offsets)


def bucket_of(keys: npt.NDArray[Any], buckets: int) -> I64:
    """Route keys to buckets 0..buckets-1 (equal keys to one bucket)."""
    mixed = keys.astype(np.uint64) * _ROUTE
    mixed ^= mixed >> np.uint64(31)
    return (mixed % np.uint64(buckets)).astype(np.int64)


@dataclass(frozen=True)
class KeyShard:
    """The keys of one partition that belong to one bucket, with global doc ids."""

    band: npt.NDArray[np.int32]  # band number of each band row
    band_gids: I64
    band_rows: U16  # (entries, rows per band)
    anchor_keys: U32
    anchor_gids: I64
    exact: U64
    exact_gids: I64


def route_keys(index: PartIndex, base: int, *, buckets: int, bands: int) -> list[KeyShard]:
    """Split a partition's band rows, anchors and exact hashes into buckets by key."""
    sized = np.flatnonzero(index.set_sizes > 0)
    rows = index.signatures.shape[1] // bands
    band_rows = index.signatures[sized].reshape(len(sized) * bands, rows)
    band = np.tile(np.arange(bands, dtype=np.int32), len(sized))
    gids = np.repeat(sized + base, bands)
    key = band.astype(np.uint64) + np.uint64(1)
    for c in range(rows):
        key = key * _ROUTE + band_rows[:, c].astype(np.uint64)
    to_band = bucket_of(key, buckets)
    to_anchor = bucket_of(index.anchor_keys, buckets)
    has_exact = np.flatnonzero(index.exact != 0)
    to_exact = bucket_of(index.exact[has_exact], buckets)
    out = []
    for b in range(buckets):
        bi, ai, ei = to_band == b, to_anchor == b, has_exact[to_exact == b]
        out.append(
            KeyShard(
                band=band[bi],
                band_gids=gids[bi],
                band_rows=band_rows[bi],
                anchor_keys=index.anchor_keys[ai],
                anchor_gids=index.anchor_docs[ai] + base,
                exact=index.exact[ei],
                exact_gids=ei + base,
            )
        )
    return out


@dataclass(frozen=True)
class PairShard:
    """Pairs (left < right) bound for one reducer."""

    left: I64
    right: I64
    kind: str  # band | anchor | exact (equal normalised texts: linked without verification)


@dataclass(frozen=True)
class AnchorDf:
    """Anchor occurrences with their document frequency, bound for the document's partition."""

    gids: I64
    keys: U32
    df: I64


def _partition_of(gids: I64, bases: Sequence[int]) -> I64:
    return np.searchsorted(np.asarray(bases, dtype=np.int64), gids, side="right") - 1


def bucket_keys(
    shards: Sequence[KeyShard], config: DedupConfig, *, bases: Sequence[int], reducers: int
) -> tuple[list[list[PairShard]], list[AnchorDf]]:
    """Pair up one bucket's band collisions and equal texts; count its anchors' frequencies."""
    band = cat([s.band for s in shards], np.int32)
    gids = cat([s.band_gids for s in shards], np.int64)
    rows = np.concatenate([s.band_rows for s in shards])
    pairs = PairSet()
    for b in np.unique(band).tolist():  # one band at a time: a group is one band's equal rows
        at = np.flatnonzero(band == b)
        pairs.add(*band_pairs(rows[at], gids[at], bands=1, max_bucket=config.max_bucket))
    found = [PairShard(*pairs.pairs(), "band")]
    el, er = exact_pairs(
        cat([s.exact for s in shards], np.uint64), cat([s.exact_gids for s in shards], np.int64)
    )
    found.append(PairShard(el, er, "exact"))
    keys = cat([s.anchor_keys for s in shards], np.uint32)
    docs = cat([s.anchor_gids for s in shards], np.int64)
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    df = counts[inverse].astype(np.int64)
    ok = (df >= 2) & (df <= config.max_bucket)  # anchor_pairs' frequency window
    owner = _partition_of(docs[ok], bases)
    back = [
        AnchorDf(docs[ok][owner == p], keys[ok][owner == p], df[ok][owner == p])
        for p in range(len(bases))
    ]
    return split_pairs(found, reducers), back


def split_pairs(found: Sequence[PairShard], reducers: int) -> list[list[PairShard]]:
    """Route pairs to reducers by pair."""
    out: list[list[PairShard]] = [[] for _ in range(reducers)]
    for s in found:
        to = bucket_of(
            (s.left.astype(np.uint64) << np.uint64(32)) | s.right.astype(np.uint64), reducers
        )
        for r in range(reducers):
            keep = to == r
            out[r].append(PairShard(s.left[keep], s.right[keep], s.kind))
    return out


@dataclass(frozen=True)
class Offered:
    """Anchors offered for pairing, bound for the anchor's bucket."""

    keys: U32
    gids: I64


def offer_anchors(pieces: Sequence[AnchorDf], *, buckets: int, per_doc: int) -> list[Offered]:
    """Keep each document's per_doc anchors of lowest frequency (then key), as anchor_pairs."""
    gids = cat([p.gids for p in pieces], np.int64)
    keys = cat([p.keys for p in pieces], np.uint32)
    df = cat([p.df for p in pieces], np.int64)
    order = np.lexsort((keys, df, gids))
    g = gids[order]
    first = np.concatenate(([0], np.flatnonzero(g[1:] != g[:-1]) + 1)) if len(g) else g
    rank = np.arange(len(g)) - np.repeat(first, np.diff(np.append(first, len(g))))
    kept = order[rank < per_doc]
    to = bucket_of(keys[kept], buckets)
    return [Offered(keys[kept][to == b], gids[kept][to == b]) for b in range(buckets)]


def anchor_bucket(
    pieces: Sequence[Offered], config: DedupConfig, *, reducers: int
) -> list[list[PairShard]]:
    """Pair the documents that offer one anchor (all of them are offered already)."""
    pairs = PairSet()
    for left, right in anchor_pairs(
        cat([p.keys for p in pieces], np.uint32),
        cat([p.gids for p in pieces], np.int64),
        per_doc=_ANY,
        max_df=config.max_bucket,
    ):
        pairs.add(left, right)
    return split_pairs([PairShard(*pairs.pairs(), "anchor")], reducers)


@dataclass(frozen=True)
class Candidates:
    """Band pairs and anchor pairs (the anchor pairs are filtered by estimate when scored)."""

    band_left: I64
    band_right: I64
    anchor_left: I64
    anchor_right: I64

    @staticmethod
    def concat(parts: Sequence[Candidates]) -> Candidates:
        """Join the candidates of several reducers (no pair is in two of them)."""
        return Candidates(
            *(cat([getattr(p, f.name) for p in parts], np.int64) for f in fields(Candidates))
        )

    def by_block(self, bases: Sequence[int]) -> dict[tuple[int, int], Candidates]:
        """Split the pairs by (partition of left, partition of right)."""
        n = len(bases)
        bk = _partition_of(self.band_left, bases) * n + _partition_of(self.band_right, bases)
        ak = _partition_of(self.anchor_left, bases) * n + _partition_of(self.anchor_right, bases)
        out = {}
        for key in np.union1d(bk, ak).tolist():
            b, a = bk == key, ak == key
            out[divmod(key, n)] = Candidates(
                self.band_left[b], self.band_right[b], self.anchor_left[a], self.anchor_right[a]
            )
        return out


def reduce_pairs(
    pieces: Iterable[Sequence[PairShard]], bases: Sequence[int]
) -> tuple[dict[tuple[int, int], Candidates], tuple[I64, I64]]:
    """Merge one reducer's pairs, drop repeats, group them by block; keep the equal-text pairs."""
    shards = [s for piece in pieces for s in piece]

    def distinct(kind: str) -> tuple[I64, I64]:
        pairs = PairSet()
        for s in shards:
            if s.kind == kind:
                pairs.add(s.left, s.right)
        return pairs.pairs()

    exact = [s for s in shards if s.kind == "exact"]
    found = Candidates(*distinct("band"), *distinct("anchor"))
    return found.by_block(bases), (
        cat([s.left for s in exact], np.int64),
        cat([s.right for s in exact], np.int64),
    )
