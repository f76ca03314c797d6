"""Candidate pairs: LSH band collisions, shared anchors, equal normalised texts.

Everything here is a sort of integer keys followed by run detection: no Python dict keyed by
band value exists, and pairs are generated in bounded chunks and folded into a deduplicated
set as they come, so memory stays a few arrays the size of the corpus.
Pairs are int64 arrays (left, right) with left < right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from storyline.dedup.tokens import I64, U64

G = TypeVar("G", bound=np.generic)

_MIX = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_CHUNK = 1 << 20  # pairs generated at once
_BLOCK = 1 << 14  # pairs whose signatures are compared at once


class PairSet:
    """Distinct pairs, folded in bounded chunks (memory: the distinct pairs and one chunk)."""

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.int64)
        self._pending: list[I64] = []
        self._size = 0

    def add(self, left: I64, right: I64) -> None:
        """Add pairs (either order; self-pairs are dropped)."""
        lo, hi = np.minimum(left, right), np.maximum(left, right)
        keep = lo != hi
        self._pending.append((lo[keep] << 32) | hi[keep])
        self._size += len(self._pending[-1])
        if self._size >= _CHUNK:
            self._fold()

    def _fold(self) -> None:
        if self._pending:
            self._keys = distinct(np.concatenate([self._keys, *self._pending]))
            self._pending, self._size = [], 0

    def pairs(self) -> tuple[I64, I64]:
        """Return (left, right), ordered by (left, right)."""
        self._fold()
        return self._keys >> 32, self._keys & 0xFFFFFFFF


def distinct(values: npt.NDArray[G]) -> npt.NDArray[G]:
    """Sort values in place and return the distinct ones (a sort beats numpy's hash unique)."""
    values.sort()
    if not len(values):
        return values
    out: npt.NDArray[G] = values[np.concatenate(([True], values[1:] != values[:-1]))]
    return out


def sorted_unique(values: npt.NDArray[G]) -> npt.NDArray[G]:
    """Return the sorted distinct values, as np.unique does, by a sort.

    numpy 2's np.unique uses a hash table: 2 s for 1.8 million 64-bit keys, a sort 0.02 s.
    """
    ordered = np.sort(values, axis=None)
    if not len(ordered):
        return ordered
    out: npt.NDArray[G] = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    return out


def runs(sorted_keys: npt.NDArray[np.integer]) -> tuple[I64, I64]:
    """Return (start, length) of each run of equal values in a sorted array."""
    if not len(sorted_keys):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    start = np.concatenate(([0], np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1))
    length = np.diff(np.append(start, len(sorted_keys)))
    return start, length


def group_pairs(
    members: I64, start: I64, length: I64, *, max_bucket: int
) -> Iterator[tuple[I64, I64]]:
    """Pair up the members of each group, in chunks: all pairs, or a star and a chain if big.

    A group larger than max_bucket (a phrase every page of a site carries, a viral story) would
    cost size**2 pairs; its first member and consecutive members are paired instead, which still
    joins it when those pairs verify and costs 2 * size.
    """
    small = (length >= 2) & (length <= max_bucket)
    s, n = start[small], length[small]
    per = n * (n - 1) // 2
    ends = np.cumsum(per)
    begin = 0
    while begin < len(s):
        stop = max(
            int(np.searchsorted(ends, ends[begin] - per[begin] + _CHUNK, "right")), begin + 1
        )
        cs, cn = s[begin:stop], n[begin:stop]
        # element k of a group pairs with every later element of the group
        pos = np.repeat(cs, cn) + _ranks(cn)
        after = np.repeat(cs + cn, cn) - pos - 1
        left = np.repeat(pos, after)
        yield members[left], members[left + 1 + _ranks(after)]
        begin = stop
    big = length > max_bucket
    if big.any():
        bs, bn = start[big], length[big]
        tail = np.repeat(bs, bn - 1) + _ranks(bn - 1) + 1
        yield members[np.repeat(bs, bn - 1)], members[tail]
        yield members[tail - 1], members[tail]


def _ranks(counts: I64) -> I64:
    """Return 0..c-1 for each count c, concatenated."""
    total = int(counts.sum())
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total, dtype=np.int64) - offsets


def band_key(signatures: npt.NDArray[np.unsignedinteger], band: int, bands: int) -> U64:
    """Hash the rows of one band of each signature into a 64-bit key."""
    rows = signatures.shape[1] // bands
    cols = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = np.full(len(cols), np.uint64(band + 1), dtype=np.uint64)
    for c in range(rows):
        key = (key * _MIX) ^ cols[:, c]
    key ^= key >> np.uint64(29)
    key *= _MIX2
    return key


def band_pairs(
    signatures: npt.NDArray[np.unsignedinteger], docs: I64, *, bands: int, max_bucket: int
) -> tuple[I64, I64]:
    """Pair the documents whose signatures agree on every row of at least one band."""
    doc_bits = max(int(docs.max(initial=0)).bit_length(), 1)
    found = PairSet()
    for band in range(bands):
        key = band_key(signatures, band, bands)
        # the key's high bits, then the document: one sort groups a band's collisions
        high = (key >> np.uint64(doc_bits)) << np.uint64(doc_bits)
        comp = np.sort(high | docs.astype(np.uint64))
        start, length = runs(comp >> np.uint64(doc_bits))
        member = (comp & np.uint64((1 << doc_bits) - 1)).astype(np.int64)
        for left, right in group_pairs(member, start, length, max_bucket=max_bucket):
            found.add(left, right)
    return found.pairs()


def anchor_pairs(
    keys: npt.NDArray[np.uint32], docs: npt.NDArray[np.integer], *, per_doc: int, max_df: int
) -> Iterator[tuple[I64, I64]]:
    """Pair documents through their rarest shared anchors (prefix filtering).

    Each document offers its `per_doc` anchors of lowest document frequency among those it
    shares with at least one other document (frequency 2..max_df; a more frequent anchor is
    boilerplate or a stock phrase, not evidence); documents offering one anchor are paired.
    Two texts of which one holds much of the other share many anchors, and their rarest shared
    ones are rare for both, so they offer them both. Pairs cost sum(offered**2) per anchor,
    never sum(frequency**2). Yields pairs in bounded chunks (repeats possible across chunks).
    """
    comp = (keys.astype(np.uint64) << np.uint64(32)) | docs.astype(np.uint64)
    comp.sort()
    start, length = runs(comp >> np.uint64(32))
    ok = (length >= 2) & (length <= max_df)
    pick = np.repeat(ok, length)
    df = np.repeat(length[ok], length[ok]).astype(np.uint64)
    comp = comp[pick]
    # rank each document's anchors by (frequency, key) and keep the first per_doc
    rank_key = ((comp & np.uint64(0xFFFFFFFF)) << np.uint64(42)) | (df << np.uint64(32))
    rank_key |= comp >> np.uint64(32)
    del comp, df, pick
    rank_key.sort()
    doc = (rank_key >> np.uint64(42)).astype(np.int64)
    first = np.concatenate(([0], np.flatnonzero(doc[1:] != doc[:-1]) + 1))
    rank = np.arange(len(doc)) - np.repeat(first, np.diff(np.append(first, len(doc))))
    keep = rank < per_doc
    offered = ((rank_key[keep] & np.uint64(0xFFFFFFFF)) << np.uint64(32)) | doc[keep].astype(
        np.uint64
    )
    del rank_key, doc, rank, keep
    offered.sort()  # back in (key, doc) order
    start, length = runs(offered >> np.uint64(32))
    members = (offered & np.uint64(0xFFFFFFFF)).astype(np.int64)
    for left, right in group_pairs(members, start, length, max_bucket=max_df):
        key = distinct((np.minimum(left, right) << 32) | np.maximum(left, right))
        yield key >> 32, key & 0xFFFFFFFF


def estimate_containment(
    signatures: npt.NDArray[np.unsignedinteger], sizes: I64, left: I64, right: I64
) -> npt.NDArray[np.float32]:
    """Estimate max(containment either way) from MinHash agreement and the exact set sizes.

    Agreement estimates the Jaccard index J; with the sizes, |L & R| = J (|L| + |R|) / (1 + J).
    """
    out = np.empty(len(left), dtype=np.float32)
    for begin in range(0, len(left), _BLOCK):
        lb, rb = left[begin : begin + _BLOCK], right[begin : begin + _BLOCK]
        j = np.count_nonzero(signatures[lb] == signatures[rb], axis=1) / signatures.shape[1]
        sl, sr = sizes[lb], sizes[rb]
        out[begin : begin + _BLOCK] = j * (sl + sr) / (1 + j) / np.maximum(np.minimum(sl, sr), 1)
    return out


def by_promise(left: I64, right: I64, score: npt.NDArray[np.floating]) -> tuple[I64, I64]:
    """Order candidate pairs most promising (highest score) first."""
    order = np.argsort(-score, kind="stable")
    return left[order], right[order]


def exact_pairs(exact: U64, docs: I64) -> tuple[I64, I64]:
    """Pair each document with the first document of equal normalised text (a star per group)."""
    has = exact != 0
    ex, dc = exact[has], docs[has]
    order = np.lexsort((dc, ex))
    ex, dc = ex[order], dc[order]
    start, length = runs(ex)
    multi = length >= 2
    s, n = start[multi], length[multi]
    first = np.repeat(dc[s], n - 1)
    other = dc[np.repeat(s, n - 1) + _ranks(n - 1) + 1]
    return first, other
