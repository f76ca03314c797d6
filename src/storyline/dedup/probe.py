"""A batch's candidate pairs in store mode: band, exact and anchor lookups, in arrays.

The batch's keys are probed in the store with one indexed join per kind of key, and the hits
are expanded back to the batch's texts by sorting, not in Python loops over every key (a batch
of 5,000 texts has 160,000 band keys and ~100,000 anchors).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup.candidates import estimate_containment, group_pairs, runs, sorted_unique
from storyline.dedup.engine import DedupConfig
from storyline.dedup.matching import ANCHOR_SLACK
from storyline.dedup.prepare import Prepared
from storyline.dedup.sketch import Sketches
from storyline.dedup.tokens import I64
from storyline.dedup.verify import ranges
from storyline.store import dedup as sql
from storyline.store import dedup_spam as sql_spam

Pairs = tuple[I64, I64]  # (batch position, doc key) of each candidate
_EMPTY = np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class Holders:
    """The first holders of a batch's anchors, batch included (at most max_bucket + 1 each)."""

    keys: I64  # the anchors, ascending
    offsets: I64  # docs[offsets[i]:offsets[i + 1]]: the holders of keys[i], ascending
    docs: I64

    def first(self, at_least: int, sample: int) -> dict[int, list[int]]:
        """Return the first `sample` holders of the anchors that `at_least` texts hold."""
        lens = np.diff(self.offsets)
        starts = self.offsets[:-1]
        return {
            int(self.keys[i]): self.docs[starts[i] : starts[i] + min(lens[i], sample)].tolist()
            for i in np.flatnonzero(lens >= at_least).tolist()
        }


def holders(conn: sqlite3.Connection, config: DedupConfig, new: Sketches, docs: I64) -> Holders:
    """Return the first max_bucket + 1 holders of each anchor of a batch, batch included."""
    limit = config.max_bucket + 1
    rows = sql_spam.first_holder_lists(conn, np.unique(new.anchor_keys).tolist(), limit)
    lens = np.array([docs_of.count(",") + 1 for _, docs_of in rows], dtype=np.int64)
    stored = np.array([key for key, _ in rows], dtype=np.int64)
    text = ",".join(docs_of for _, docs_of in rows)
    flat = np.array(text.split(",") if text else [], dtype=np.int64)
    keys = np.concatenate([np.repeat(stored, lens), new.anchor_keys.astype(np.int64)])
    of = np.concatenate([flat, docs[new.anchor_docs]])
    order = np.lexsort((of, keys))
    keys, of = keys[order], of[order]
    new_pair = np.concatenate(([True], (keys[1:] != keys[:-1]) | (of[1:] != of[:-1])))
    keys, of = keys[new_pair[: len(keys)]], of[new_pair[: len(keys)]]
    start, length = runs(keys)
    rank = np.arange(len(keys)) - np.repeat(start, length)
    keys, of = keys[rank < limit], of[rank < limit]
    start, _ = runs(keys)
    return Holders(keys[start], np.append(start, len(keys)).astype(np.int64), of)


def candidates(
    conn: sqlite3.Connection,
    config: DedupConfig,
    prepared: Prepared,
    docs: Sequence[int],
    held: Holders,
) -> list[tuple[int, int]]:
    """Return the candidate pairs (doc, other), doc < other, of a batch's texts (see index.py)."""
    doc_arr = np.asarray(docs, dtype=np.int64)
    new, sig16 = prepared.sketches, prepared.sig16
    found = [
        _band_pairs(conn, prepared, doc_arr),
        _exact_pairs(conn, new, doc_arr),
        _promising(conn, config, sig16, new, doc_arr, _anchor_pairs(config, new, doc_arr, held)),
    ]
    mine = np.concatenate([doc_arr[i] for i, _ in found])
    other = np.concatenate([d for _, d in found])
    lo, hi = np.minimum(mine, other), np.maximum(mine, other)
    keep = lo != hi
    lo, hi = lo[keep], hi[keep]
    order = np.lexsort((hi, lo))
    lo, hi = lo[order], hi[order]
    first = np.concatenate(([True], (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])))[: len(lo)]
    return list(zip(lo[first].tolist(), hi[first].tolist(), strict=True))


def _bucket_pairs(keys: I64, pos: I64, hit_key: I64, hit_doc: I64, docs: I64) -> Pairs:
    """Expand store hits (key, doc) and the batch's own shared keys into (position, doc) pairs.

    keys, pos: one probe key per batch text that has it (sortable int64 keys).
    """
    order = np.argsort(keys, kind="stable")
    keys, pos = keys[order], pos[order]
    start, length = runs(keys)
    if not len(start):
        return _EMPTY, _EMPTY
    at = np.searchsorted(keys[start], hit_key)
    ok = (at < len(start)) & (keys[start[np.minimum(at, len(start) - 1)]] == hit_key)
    at, hit_doc = at[ok], hit_doc[ok]
    stored_i = pos[ranges(start[at], length[at])]
    stored_d = np.repeat(hit_doc, length[at])
    # texts of the batch that share a key with each other: every pair, however many share it
    within = list(group_pairs(pos, start, length, max_bucket=len(pos)))
    left = [stored_i, *(i for i, _ in within)]
    right = [stored_d, *(docs[j] for _, j in within)]
    return np.concatenate(left), np.concatenate(right)


def _band_pairs(conn: sqlite3.Connection, prepared: Prepared, docs: I64) -> Pairs:
    """Pair the batch's texts with the texts, stored or in the batch, that share a band."""
    sized, keys = prepared.sized, prepared.band_keys
    lefts, rights = [], []
    for band in range(len(keys)):
        hits = sql.band_matches(conn, band, sorted_unique(keys[band]).tolist())
        found = np.array(hits, dtype=np.int64).reshape(-1, 2)
        i, d = _bucket_pairs(keys[band], sized, found[:, 0], found[:, 1], docs)
        lefts.append(i)
        rights.append(d)
    return np.concatenate([_EMPTY, *lefts]), np.concatenate([_EMPTY, *rights])


def _exact_pairs(conn: sqlite3.Connection, new: Sketches, docs: I64) -> Pairs:
    """Pair the batch's texts with the texts of equal normalised text."""
    has = np.flatnonzero(new.exact != 0)
    keys = new.exact[has].view(np.int64)
    hits = sql.exact_matches(conn, sorted_unique(keys).tolist())
    hit_key = np.array([h for h, _ in hits], dtype=np.int64)
    hit_doc = np.array([d for _, d in hits], dtype=np.int64)
    return _bucket_pairs(keys, has, hit_key, hit_doc, docs)


def _anchor_pairs(config: DedupConfig, new: Sketches, docs: I64, held: Holders) -> Pairs:
    """Return (batch position, doc) pairs sharing two anchors that few hold.

    An anchor counts for a pair when at most max_bucket articles before the later of the
    two hold it: the same pairs whether the articles came in one batch or many.
    """
    if not len(held.keys):
        return _EMPTY, _EMPTY
    limit = config.max_bucket + 1
    lens, offs, flat = np.diff(held.offsets), held.offsets[:-1], held.docs
    k = np.searchsorted(held.keys, new.anchor_keys.astype(np.int64))
    i = new.anchor_docs
    mine = docs[i]
    # more than max_bucket hold it before this text (and before any pair): no evidence
    counts = ~((lens[k] == limit) & (flat[offs[k] + lens[k] - 1] < mine))
    k, i, mine = k[counts], i[counts], mine[counts]
    by = flat[ranges(offs[k], lens[k])]
    pos = np.repeat(i, lens[k])
    other = by != np.repeat(mine, lens[k])
    pos, by = pos[other], by[other]
    base = int(by.max(initial=0)) + 1
    key = pos * base + by
    key.sort()
    start, length = runs(key)
    twice = key[start[length >= 2]]
    return twice // base, twice % base


def _promising(
    conn: sqlite3.Connection,
    config: DedupConfig,
    sig16: npt.NDArray[np.uint16],
    new: Sketches,
    docs: I64,
    pairs: Pairs,
) -> Pairs:
    """Keep the anchor pairs whose estimated containment could pass verification."""
    pos, other = pairs
    if not len(pos):
        return _EMPTY, _EMPTY
    by_doc = np.argsort(docs)
    at = np.minimum(np.searchsorted(docs[by_doc], other), len(docs) - 1)
    inside = docs[by_doc[at]] == other
    outside = sorted_unique(other[~inside]).tolist()
    stored = sql.signatures(conn, outside)
    known = np.array([d for d in outside if d in stored], dtype=np.int64)
    blob = b"".join(stored[d][0] for d in known.tolist())
    stored_sig = np.frombuffer(blob, dtype="<u2").reshape(len(known), config.num_perm)
    sizes = np.diff(new.set_offsets)
    all_sizes = np.concatenate([sizes, [stored[d][1] for d in known.tolist()]]).astype(np.int64)
    sigs = np.concatenate([sig16, stored_sig.astype(np.uint16)])
    right = np.full(len(pos), -1, dtype=np.int64)
    right[inside] = by_doc[at[inside]]
    if len(known):
        where = np.searchsorted(known, other[~inside])
        hit = (where < len(known)) & (known[np.minimum(where, len(known) - 1)] == other[~inside])
        right[np.flatnonzero(~inside)[hit]] = len(sig16) + where[hit]
    ok = right >= 0
    pos, other, right = pos[ok], other[ok], right[ok]
    est = estimate_containment(sigs, all_sizes, pos, right)
    keep = est >= config.threshold * ANCHOR_SLACK
    return pos[keep], other[keep]
