"""Shingle sets kept in a temporary file instead of memory (corpus mode at a million texts).

The exact sets are most of a corpus's sketches (566 million hashes, 2.1 GiB at 1M texts),
yet each step reads only some of them at once: the samples of shared lines and passages, one
block while shingles are dropped, the texts of some thousands of pairs while they are
verified. So they are appended to an unnamed temporary file as texts are sketched, and read
back by plain positional reads (never mapped: mapped pages would count as resident): what is
resident is the current step's share only. The results are those of sets held in memory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from storyline.dedup.candidates import sorted_unique
from storyline.dedup.sketch import members
from storyline.dedup.threads import in_threads
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence, overlap
from storyline.errors import StorylineError

U32 = npt.NDArray[np.uint32]
_ITEM = 4  # bytes per hash
BLOCK = 1 << 22  # set elements filtered at once (drop_values)
_GROUP = 2  # blocks of drop_values read from the file at once
PAIRS = 1 << 15  # pairs verified at once: their texts' sets (~2 KB each) are read in together


def drop_values(
    flat: U32,
    offsets: I64,
    drop: U32,
    *,
    block: int = BLOCK,
    out: U32 | None = None,
) -> tuple[U32, I64]:
    """Take the values of `drop` (sorted, distinct) out of runs laid end to end.

    Block by block, so the temporaries stay a few MB: over a whole corpus's sets (500 million
    elements at 1M texts) a keep mask, its int64 running count and the lookups cost ~20 bytes
    an element, several times the sets themselves (a 12.5 GiB peak at 1M texts). With
    `out=flat` the values are compacted in place (a block is copied before it is written
    back, never past what is still to be read) and the result is a view of flat.
    """
    new_offsets = offsets.copy()
    removed = 0

    def gone_in(i: int) -> U32:
        """Return the positions, inside block i, of the values to drop."""
        return np.flatnonzero(members(flat[i : i + block], drop)).astype(np.uint32)

    # the lookups of every block at once, on threads; removed positions are kept per block
    gone = in_threads(gone_in, range(0, len(flat), block))
    for i, found in zip(range(0, len(flat), block), gone, strict=True):
        # a run's new start: its old start less the values removed before it
        lo, hi = np.searchsorted(offsets, (i, min(i + block, len(flat))))
        new_offsets[lo:hi] -= removed + np.searchsorted(found, offsets[lo:hi] - i)
        removed += len(found)
    new_offsets[np.searchsorted(offsets, len(flat)) :] -= removed
    if out is None:
        out = np.empty(len(flat) - removed, dtype=flat.dtype)
    at = 0
    for i, out_of in zip(range(0, len(flat), block), gone, strict=True):
        part = flat[i : i + block]
        keep = np.ones(len(part), dtype=np.bool_)
        keep[out_of] = False
        out[at : at + len(part) - len(out_of)] = part[keep]
        at += len(part) - len(out_of)
    return out[:at], new_offsets


class SetFile:
    """Sorted per-text shingle sets laid end to end in an unnamed temporary file."""

    def __init__(self, directory: str | None = None) -> None:
        # unnamed (unlinked at once): nothing is left behind, whatever stops the process
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 (closed in close())
        self.elements = 0

    def append(self, values: U32) -> None:
        """Append the sets of the next texts (their offsets are the caller's)."""
        try:
            self._file.write(np.ascontiguousarray(values, dtype=np.uint32).tobytes())
        except OSError as exc:  # a full disk: say where, not a traceback
            raise StorylineError(
                f"cannot keep the shingle sets in a temporary file ({exc}); free space in "
                "the temporary directory or point TMPDIR elsewhere (4 bytes a shingle)"
            ) from exc
        self.elements += len(values)

    def read(self, start: int, stop: int) -> U32:
        """Return the hashes at positions start..stop - 1."""
        self._file.flush()
        out = np.empty(max(stop - start, 0), dtype=np.uint32)
        if len(out):
            _pread_into(self._file.fileno(), out, start)
        return out

    def gather(self, offsets: I64, docs: I64) -> tuple[U32, I64, I64]:
        """Return the sets of sorted distinct texts laid end to end, their offsets, and rows.

        Texts that follow each other are read in one call; rows are 0..len(docs) - 1.
        """
        self._file.flush()
        starts, stops = offsets[docs], offsets[docs + 1]
        local = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(stops - starts, out=local[1:])
        flat = np.empty(int(local[-1]), dtype=np.uint32)
        # runs of neighbouring texts are contiguous in the file
        cut = np.flatnonzero(starts[1:] != stops[:-1]) + 1
        first = np.concatenate(([0], cut)).astype(np.int64)
        last = np.concatenate((cut, [len(docs)])).astype(np.int64)
        fd = self._file.fileno()
        for a, b in zip(first.tolist(), last.tolist(), strict=True):
            lo, hi = int(local[a]), int(local[b])
            if hi > lo:
                _pread_into(fd, flat[lo:hi], int(starts[a]))
        return flat, local, np.arange(len(docs), dtype=np.int64)

    def doc_sets(self, offsets: I64, docs: Sequence[int]) -> dict[int, U32]:
        """Return the sets of some texts, by text number."""
        wanted = sorted_unique(np.asarray(docs, dtype=np.int64))
        flat, local, _ = self.gather(offsets, wanted)
        return {int(d): flat[local[i] : local[i + 1]] for i, d in enumerate(wanted.tolist())}

    def overlap(self, left: I64, right: I64, offsets: I64) -> PairEvidence:
        """Count the shingles each pair shares (as verify.overlap), PAIRS pairs at a time."""
        shared = np.zeros(len(left), dtype=np.int64)
        for i in range(0, len(left), PAIRS):
            lp, rp = left[i : i + PAIRS], right[i : i + PAIRS]
            docs = sorted_unique(np.concatenate([lp, rp]))
            flat, local, _ = self.gather(offsets, docs)
            ev = overlap(np.searchsorted(docs, lp), np.searchsorted(docs, rp), flat, local)
            shared[i : i + PAIRS] = ev.shared
        size = np.diff(offsets)
        return PairEvidence(left, right, shared, size[left], size[right])

    def drop(self, offsets: I64, drop: U32, *, block: int = BLOCK) -> I64:
        """Take the values of `drop` out of every set, in the file; return the new offsets.

        drop_values on spans of _GROUP blocks read in turn, so the result is that of the sets
        in memory; the kept values are written back in place (never past what is still to be
        read).
        """
        n = self.elements
        new_offsets = offsets.copy()
        at = 0
        for g in range(0, n, block * _GROUP):
            stop = min(g + block * _GROUP, n)
            lo, hi = np.searchsorted(offsets, (g, stop))
            span = self.read(g, stop)
            kept, local = drop_values(span, offsets[lo:hi] - g, drop, block=block, out=span)
            new_offsets[lo:hi] = local + at  # kept values before the span: at
            _pwrite(self._file.fileno(), kept, at)
            at += len(kept)
        new_offsets[np.searchsorted(offsets, n) :] -= n - at
        self._file.truncate(at * _ITEM)
        self._file.seek(0, os.SEEK_END)
        self.elements = at
        return new_offsets

    def close(self) -> None:
        """Delete the file."""
        self._file.close()


def _pread_into(fd: int, out: U32, start: int) -> None:
    """Fill out with the hashes from position start of the file."""
    view = out.data.cast("B")
    done = 0
    while done < len(view):
        got = os.preadv(fd, [view[done:]], start * _ITEM + done)
        if got <= 0:
            raise OSError(f"spilled shingle sets end early (at byte {start * _ITEM + done})")
        done += got


def _pwrite(fd: int, values: U32, start: int) -> None:
    """Write the hashes at position start of the file."""
    view = np.ascontiguousarray(values).data.cast("B")
    done = 0
    while done < len(view):
        done += os.pwrite(fd, view[done:], start * _ITEM + done)
