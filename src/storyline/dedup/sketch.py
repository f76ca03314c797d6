"""Sketch a batch of texts: exact shingle sets, one-permutation MinHash signatures, anchors.

One sort of (document, shingle hash) keys gives everything at once: each document's sorted set
of distinct shingle hashes (kept for exact verification), its one-permutation-hashing signature
(the first key of every (document, bin) run is that bin's minimum: O(n) per document instead of
O(n * num_perm)), and its anchors (the shingles whose hash is 0 modulo the anchor rate: a
content-defined sample, so a passage copied into a longer text keeps its anchors).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import xxhash

from storyline.dedup.tokens import I64, U64, WordBatch, hash_words

U32 = npt.NDArray[np.uint32]
HASH_MASK = 0x7FFFFFFF  # shingle hashes have 31 bits, so 0xFFFFFFFF never is one
EMPTY = np.uint32(0xFFFFFFFF)  # an empty bin; real bin values are < 2**(31 - log2(num_perm))
_P = np.uint64(0x100000001B3)  # odd multiplier combining word hashes into n-gram hashes
_M = np.uint64(0xBF58476D1CE4E5B9)
_DENSIFY = np.uint64(0x94D049BB133111EB)
_MAX_ATTEMPTS = 64
_TABLE_FROM = 1 << 20  # values at which members() filters by a table first
_TABLE_SIZE = 1 << 24


@dataclass(frozen=True)
class Sketches:
    """The sketches of a batch of texts, indexed by position in the batch."""

    sets: U32  # sorted distinct shingle hashes, per text: sets[set_offsets[i]:set_offsets[i+1]]
    set_offsets: I64
    signatures: U32  # (texts, num_perm); all EMPTY for a text without shingles
    anchor_keys: U32
    anchor_docs: I64
    exact: U64  # hash of the normalised word sequence; 0 for a text without words
    words: I64  # word count per text
    names: U32  # sorted distinct hashes of the names and numbers of text i:
    name_offsets: I64  # names[name_offsets[i]:name_offsets[i + 1]]

    def __len__(self) -> int:
        return len(self.words)


def shingle_keys(words: WordBatch, ngram: int) -> tuple[U64, I64]:
    """Hash every word n-gram inside each text into a key (text << 31 | 31-bit hash).

    Returns the keys, in text order, and the number of n-grams of each text.
    """
    counts = np.maximum(np.diff(words.offsets) - (ngram - 1), 0)
    total = int(counts.sum())
    w = words.hashes
    if total == 0:
        return np.empty(0, dtype=np.uint64), counts
    span = len(w) - ngram + 1
    acc = w[:span].copy()
    for k in range(1, ngram):
        acc *= _P
        acc += w[k : span + k]
    # keep only n-grams that start and end inside one text
    starts = np.cumsum(counts) - counts
    shift = np.repeat(words.offsets[:-1] - starts, counts)
    h = acc[np.arange(total, dtype=np.int64) + shift]
    h *= _M  # multiplicative hashing: the top bits depend on every bit of the n-gram
    h >>= np.uint64(33)
    h |= np.repeat(np.arange(len(counts), dtype=np.uint64) << np.uint64(31), counts)
    return h, counts


def sketch(texts: Sequence[str], *, ngram: int, num_perm: int, anchor_rate: int) -> Sketches:
    """Sketch a batch of texts (see module doc)."""
    words = hash_words(texts)
    n = len(texts)
    keys = _distinct(shingle_keys(words, ngram)[0])
    sets, set_offsets = _per_text(keys, n)
    signatures = _signatures(keys, n, num_perm)
    anchor_keys, anchor_docs = anchors(sets, set_offsets, anchor_rate)
    names, name_offsets = name_sets(words)
    return Sketches(
        sets=sets,
        set_offsets=set_offsets,
        signatures=signatures,
        anchor_keys=anchor_keys,
        anchor_docs=anchor_docs,
        exact=_exact_hashes(words),
        words=np.diff(words.offsets),
        names=names,
        name_offsets=name_offsets,
    )


def anchors(sets: U32, set_offsets: I64, anchor_rate: int) -> tuple[U32, I64]:
    """Return the anchors of texts' shingle sets (the hashes anchor_rate divides), their texts."""
    at = np.flatnonzero((sets & np.uint32(anchor_rate - 1)) == 0)
    return sets[at], (np.searchsorted(set_offsets, at, side="right") - 1).astype(np.int64)


def name_sets(words: WordBatch) -> tuple[U32, I64]:
    """Return each text's sorted distinct hashes of its names and numbers, and their offsets.

    A text without a single capital was case-folded (a lowercased repost): its names are
    lost and its numbers alone would not say whether it copies another, so it has none.
    """
    n = len(words)
    if words.telling is None or words.capitals is None:
        return np.empty(0, dtype=np.uint32), np.zeros(n + 1, dtype=np.int64)
    at = np.flatnonzero(words.telling)
    docs = np.searchsorted(words.offsets, at, side="right") - 1
    cased = np.zeros(n, dtype=np.bool_)
    cased[np.searchsorted(words.offsets, words.capitals, side="right") - 1] = True
    at, docs = at[cased[docs]], docs[cased[docs]]
    keys = (words.hashes[at] * _M) >> np.uint64(33)
    keys |= docs.astype(np.uint64) << np.uint64(31)
    names, offsets = _per_text(_distinct(keys), n)
    return names, offsets


def _distinct(keys: U64) -> U64:
    """Sort (text << 31 | hash) keys in place and drop repeats."""
    keys.sort()
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys


def _per_text(keys: U64, n: int) -> tuple[U32, I64]:
    """Split sorted distinct keys of n texts into hashes and per-text offsets."""
    values = (keys & np.uint64(HASH_MASK)).astype(np.uint32)
    docs = (keys >> np.uint64(31)).astype(np.int64)
    return values, np.searchsorted(docs, np.arange(n + 1))


def _signatures(keys: U64, n: int, num_perm: int) -> U32:
    """One-permutation hashing of sorted (doc, hash) keys, densified."""
    bits = num_perm.bit_length() - 1
    shift = np.uint64(31 - bits)
    sig = np.full(n * num_perm, EMPTY, dtype=np.uint32)
    if len(keys):
        cell = (keys >> shift).astype(np.int64)  # doc * num_perm + bin
        first = np.concatenate(([0], np.flatnonzero(cell[1:] != cell[:-1]) + 1))
        sig[cell[first]] = (keys[first] & np.uint64((1 << (31 - bits)) - 1)).astype(np.uint32)
    square: U32 = sig.reshape(n, num_perm)
    densify(square)
    return square


def densify(sig: U32) -> None:
    """Fill empty bins in place from filled bins chosen by a fixed hash of (bin, attempt).

    Optimal densification (Shrivastava, 2017): the probe sequence depends only on the bin, so two
    identical sets densify identically and the collision probability stays the Jaccard index.
    """
    _n, num_perm = sig.shape
    filled = sig != EMPTY
    has_any = filled.any(axis=1)
    rows, bins = np.nonzero(~filled & has_any[:, None])
    if not len(rows):
        return
    source = sig.copy()
    bits = np.uint64(64 - (num_perm.bit_length() - 1))
    for attempt in range(_MAX_ATTEMPTS):
        probe = (bins.astype(np.uint64) * np.uint64(num_perm) + np.uint64(attempt)) * _DENSIFY
        probe ^= probe >> np.uint64(31)
        probe *= _M
        take = (probe >> bits).astype(np.int64)
        value = source[rows, take]
        ok = value != EMPTY
        sig[rows[ok], bins[ok]] = value[ok]
        rows, bins = rows[~ok], bins[~ok]
        if not len(rows):
            return
    # a nearly empty signature: fall back to the first filled bin at or after each empty one
    for r, b in zip(rows.tolist(), bins.tolist(), strict=False):
        order = np.roll(np.arange(num_perm), -b)
        sig[r, b] = source[r, order[np.argmax(source[r, order] != EMPTY)]]


def members(values: U32, sorted_set: U32) -> npt.NDArray[np.bool_]:
    """Flag the values found in a sorted array of distinct hashes (one binary search each)."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=np.bool_)
    if len(values) < _TABLE_FROM:
        return _searched(values, sorted_set)
    # many values (a corpus's shingles): a table of the low hash bits rules most out at the cost
    # of one lookup each; only the rest are searched
    table = np.zeros(_TABLE_SIZE, dtype=np.bool_)
    table[sorted_set & np.uint32(_TABLE_SIZE - 1)] = True
    maybe = np.flatnonzero(table[values & np.uint32(_TABLE_SIZE - 1)])
    found = np.zeros(len(values), dtype=np.bool_)
    found[maybe] = _searched(values[maybe], sorted_set)
    return found


def _searched(values: U32, sorted_set: U32) -> npt.NDArray[np.bool_]:
    """Flag the values found in a sorted array of distinct hashes by binary search."""
    at = np.searchsorted(sorted_set, values).clip(0, len(sorted_set) - 1)
    hit: npt.NDArray[np.bool_] = sorted_set[at] == values
    return hit


def _exact_hashes(words: WordBatch) -> U64:
    """Hash each text's normalised word sequence (0 when it has no words)."""
    raw = memoryview(words.hashes.tobytes())
    off = (words.offsets * 8).tolist()
    out = [xxhash.xxh3_64_intdigest(raw[a:b]) if b > a else 0 for a, b in itertools.pairwise(off)]
    return np.array(out, dtype=np.uint64)
