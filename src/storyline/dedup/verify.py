"""Verify candidate pairs against their exact shingle sets: Jaccard and containment both ways."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from storyline.dedup.threads import in_threads
from storyline.dedup.tokens import I64

F64 = npt.NDArray[np.float64]
_CHUNK = 1 << 18  # set elements compared at once: small enough to sort in cache
PAD = np.uint32(0xFFFFFFFF)  # fills rows; sketch never emits it as a shingle hash


@dataclass(frozen=True)
class PairEvidence:
    """Exact overlap of pairs (left[i], right[i]) of shingle sets."""

    left: I64
    right: I64
    shared: I64  # shingles in both
    left_size: I64
    right_size: I64

    @property
    def jaccard(self) -> F64:
        """Return |L & R| / |L | R|."""
        return _ratio(self.shared, self.left_size + self.right_size - self.shared)

    @property
    def left_in_right(self) -> F64:
        """Return |L & R| / |L|: how much of the left text is inside the right one."""
        return _ratio(self.shared, self.left_size)

    @property
    def right_in_left(self) -> F64:
        """Return |L & R| / |R|: how much of the right text is inside the left one."""
        return _ratio(self.shared, self.right_size)

    def take(self, keep: npt.NDArray[np.bool_] | I64) -> PairEvidence:
        """Return the evidence of the selected pairs."""
        return PairEvidence(
            self.left[keep],
            self.right[keep],
            self.shared[keep],
            self.left_size[keep],
            self.right_size[keep],
        )

    def __add__(self, other: PairEvidence) -> PairEvidence:
        return PairEvidence(
            np.concatenate([self.left, other.left]),
            np.concatenate([self.right, other.right]),
            np.concatenate([self.shared, other.shared]),
            np.concatenate([self.left_size, other.left_size]),
            np.concatenate([self.right_size, other.right_size]),
        )

    def __len__(self) -> int:
        return len(self.left)

    @classmethod
    def empty(cls) -> PairEvidence:
        """Return evidence of no pairs."""
        none = np.empty(0, dtype=np.int64)
        return cls(none, none, none, none, none)

    @classmethod
    def identical(cls, left: I64, right: I64, sizes: I64) -> PairEvidence:
        """Evidence of equal normalised texts: full overlap (a short text counts as one unit)."""
        size = np.maximum(sizes[left], 1)
        return cls(left, right, size, size, size.copy())


def _ratio(part: I64, whole: I64) -> F64:
    """Return part / whole, 0 where whole is 0."""
    out: F64 = np.zeros(len(part))
    np.divide(part, whole, out=out, where=whole > 0)
    return out


def ranges(start: I64, length: I64) -> I64:
    """Return the concatenated index ranges start[i] .. start[i] + length[i] - 1."""
    total = int(length.sum())
    shift = np.repeat(start - (np.cumsum(length) - length), length)
    out: I64 = np.arange(total, dtype=np.int64) + shift
    return out


def overlap(left: I64, right: I64, sets: npt.NDArray[np.uint32], offsets: I64) -> PairEvidence:
    """Count the shingles each pair shares, from sorted per-document sets of distinct hashes."""
    size = np.diff(offsets)
    left_size, right_size = size[left], size[right]
    shared = np.zeros(len(left), dtype=np.int64)
    # the larger set of each pair first; pairs of similar sizes share a padded matrix (little
    # padding, one row sort per pair)
    swap = left_size < right_size
    big_start = np.where(swap, offsets[right], offsets[left])
    small_start = np.where(swap, offsets[left], offsets[right])
    big, small = np.maximum(left_size, right_size), np.minimum(left_size, right_size)
    order = np.lexsort((small, big))

    def count(pick: I64) -> I64:
        matrix = np.concatenate(
            [
                padded_rows(sets, big_start[pick], big[pick]),
                padded_rows(sets, small_start[pick], small[pick]),
            ],
            axis=1,
        )
        return _shared(matrix)

    picks = list(_chunks(order, big))
    for pick, found in zip(picks, in_threads(count, picks), strict=True):
        shared[pick] = found
    return PairEvidence(left, right, shared, left_size, right_size)


def _chunks(order: I64, big: I64) -> Iterator[I64]:
    """Split pairs (in size order) into runs whose padded matrix holds about _CHUNK elements."""
    begin = 0
    while begin < len(order):
        rows = max(1, _CHUNK // max(int(2 * big[order[begin]]), 1))
        while rows > 1 and rows * int(2 * big[order[min(begin + rows, len(order)) - 1]]) > _CHUNK:
            rows //= 2
        pick = order[begin : begin + rows]
        yield pick
        begin += len(pick)


def padded_rows(sets: npt.NDArray[np.uint32], start: I64, length: I64) -> npt.NDArray[np.uint32]:
    """Return a matrix whose row i is sets[start[i]:start[i] + length[i]], PAD beyond.

    Rows are copied from a sliding-window view (one contiguous copy per row, no per-element
    index arrays: twice as fast as gathering by index).
    """
    width = max(int(length.max(initial=0)), 1)
    last = len(sets) - width  # the last start a full window has
    if last >= 0:
        at = np.minimum(start, last)
        rows: npt.NDArray[np.uint32] = sliding_window_view(sets, width)[at]
        for i in np.flatnonzero(at != start).tolist():  # runs near the end of sets: a few
            rows[i, : length[i]] = sets[start[i] : start[i] + length[i]]
    else:
        rows = np.zeros((len(start), width), dtype=np.uint32)
        for i in range(len(start)):
            rows[i, : length[i]] = sets[start[i] : start[i] + length[i]]
    rows[np.arange(width) >= length[:, None]] = PAD
    return rows


def _shared(rows: npt.NDArray[np.uint32]) -> I64:
    """Count the common elements of the two distinct-element runs laid in each row."""
    rows.sort(axis=1)
    # each side holds distinct values (never PAD), so an equal neighbour is one from each side
    same = (rows[:, 1:] == rows[:, :-1]) & (rows[:, 1:] != PAD)
    return same.sum(axis=1, dtype=np.int64)  # type: ignore[no-any-return]
