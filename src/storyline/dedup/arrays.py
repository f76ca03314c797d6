"""The sketches of a whole corpus, held in flat arrays that grow in place."""

from __future__ import annotations

import array
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from storyline.dedup.sketch import Sketches, members
from storyline.dedup.spill import SetFile, drop_values
from storyline.dedup.tokens import I64, U64
from storyline.dedup.verify import PairEvidence, overlap, ranges


class Growing:
    """A flat numeric buffer that grows in place (realloc), never holding two copies."""

    def __init__(self, typecode: str, dtype: type[np.generic]) -> None:
        self._buf = array.array(typecode)
        self._dtype = dtype
        self._len = 0  # values in use: shrink() leaves a stale tail until the next extend

    def extend(self, values: npt.NDArray[np.generic]) -> None:
        """Append values (converted to the buffer's type)."""
        flat = np.ascontiguousarray(values, dtype=self._dtype).ravel()
        if len(self._buf) > self._len:
            try:
                del self._buf[self._len :]
            except BufferError:  # a numpy view still reads the buffer: copy the part in use
                self._buf = self._buf[: self._len]
        self._buf.frombytes(flat.data.cast("B"))
        self._len = len(self._buf)

    def shrink(self, n: int) -> None:
        """Keep only the first n values (the caller compacted them in place)."""
        self._len = min(n, self._len)

    def view(self) -> npt.NDArray[np.generic]:
        """Return a writable numpy view of the values in use (valid until the next extend)."""
        return np.frombuffer(self._buf, dtype=self._dtype)[: self._len]


@dataclass(frozen=True)
class CorpusSketches:
    """Numpy views of everything the final matching needs, indexed by text number."""

    sets: npt.NDArray[np.uint32]  # sorted distinct shingle hashes of text i:
    set_offsets: I64  # sets[set_offsets[i]:set_offsets[i + 1]]
    signatures: npt.NDArray[np.uint16]  # (texts, num_perm), 16 bits per bin
    anchor_keys: npt.NDArray[np.uint32]
    anchor_docs: npt.NDArray[np.uint32]
    exact: U64
    words: I64
    names: npt.NDArray[np.uint32]  # sorted distinct hashes of the names and numbers of text i:
    name_offsets: I64  # names[name_offsets[i]:name_offsets[i + 1]]
    # the shingle sets, when they were spilled to a file (then `sets` is empty; offsets hold)
    spilled: SetFile | None = field(default=None, repr=False)

    @property
    def sizes(self) -> I64:
        """Return the number of distinct shingles of each text."""
        return np.diff(self.set_offsets)

    def doc_sets(self, docs: Sequence[int]) -> dict[int, npt.NDArray[np.uint32]]:
        """Return the shingle sets of some texts, by text number."""
        if self.spilled is not None:
            return self.spilled.doc_sets(self.set_offsets, docs)
        at = self.set_offsets
        return {d: self.sets[at[d] : at[d + 1]] for d in docs}

    def gather(self, docs: I64) -> tuple[npt.NDArray[np.uint32], I64, I64]:
        """Return (sets laid end to end, offsets, the row of each text) for sorted texts."""
        if self.spilled is not None:
            return self.spilled.gather(self.set_offsets, docs)
        return self.sets, self.set_offsets, docs

    def gather_names(self, docs: I64) -> tuple[npt.NDArray[np.uint32], I64, I64]:
        """Return the name sets of sorted texts as gather returns their shingle sets (same rows)."""
        if self.spilled is None:
            return self.names, self.name_offsets, docs
        at = self.name_offsets
        local = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(at[docs + 1] - at[docs], out=local[1:])
        flat = self.names[ranges(at[docs], local[1:] - local[:-1])]
        return flat, local, np.arange(len(docs), dtype=np.int64)

    def overlap(self, left: I64, right: I64) -> PairEvidence:
        """Count the shingles each pair of texts shares (see verify.overlap)."""
        if self.spilled is not None:
            return self.spilled.overlap(left, right, self.set_offsets)
        return overlap(left, right, self.sets, self.set_offsets)

    def doc_names(self, docs: Sequence[int]) -> dict[int, npt.NDArray[np.uint32]]:
        """Return the name-and-number sets of some texts, by text number."""
        at = self.name_offsets
        return {d: self.names[at[d] : at[d + 1]] for d in docs}


def without_shingles(corpus: CorpusSketches, ignore: npt.NDArray[np.uint32]) -> CorpusSketches:
    """Return the corpus with some shingle hashes taken out of every text's exact set."""
    sets, set_offsets = drop_values(corpus.sets, corpus.set_offsets, ignore)
    anchors = ~members(corpus.anchor_keys, ignore)
    return replace(
        corpus,
        sets=sets,
        set_offsets=set_offsets,
        anchor_keys=corpus.anchor_keys[anchors],
        anchor_docs=corpus.anchor_docs[anchors],
    )


class SketchArrays:
    """Accumulate batch sketches into corpus-wide arrays."""

    def __init__(self, num_perm: int, *, spill: SetFile | None = None) -> None:
        self.num_perm = num_perm
        self._spill = spill  # the shingle sets go to this file instead of memory
        self._sets = Growing("I", np.uint32)
        self._set_offsets = Growing("q", np.int64)
        self._set_offsets.extend(np.zeros(1, dtype=np.int64))
        self._sigs = Growing("H", np.uint16)
        self._anchor_keys = Growing("I", np.uint32)
        self._anchor_docs = Growing("I", np.uint32)
        self._exact = Growing("Q", np.uint64)
        self._words = Growing("q", np.int64)
        self._names = Growing("I", np.uint32)
        self._name_offsets = Growing("q", np.int64)
        self._name_offsets.extend(np.zeros(1, dtype=np.int64))
        self.count = 0
        self._elements = 0
        self._name_elements = 0

    def append(self, sk: Sketches) -> None:
        """Append the sketches of the next texts."""
        if self._spill is None:
            self._sets.extend(sk.sets)
        else:
            self._spill.append(sk.sets)
        self._set_offsets.extend(sk.set_offsets[1:] + self._elements)
        # 16 bits per bin: a chance collision (2**-16) barely moves a band or an estimate
        self._sigs.extend(sk.signatures.astype(np.uint16))
        self._anchor_keys.extend(sk.anchor_keys)
        self._anchor_docs.extend(sk.anchor_docs + self.count)
        self._exact.extend(sk.exact)
        self._words.extend(sk.words)
        self._names.extend(sk.names)
        self._name_offsets.extend(sk.name_offsets[1:] + self._name_elements)
        self.count += len(sk)
        self._elements += len(sk.sets)
        self._name_elements += len(sk.names)

    def drop_shingles(self, ignore: npt.NDArray[np.uint32]) -> None:
        """Take some shingle hashes out of every text's set and out of the anchors, in place.

        In place because a copy of the sets (2 GB at a million texts) doubles their memory.
        """
        offsets = self._set_offsets.view()
        if self._spill is not None:
            offsets[:] = self._spill.drop(offsets, ignore)  # type: ignore[arg-type]
            self._elements = self._spill.elements
        else:
            sets = self._sets.view()
            kept, new_offsets = drop_values(sets, offsets, ignore, out=sets)  # type: ignore[arg-type]
            offsets[:] = new_offsets
            self._elements = len(kept)
            self._sets.shrink(len(kept))
        keys, docs = self._anchor_keys.view(), self._anchor_docs.view()
        keep = ~members(keys, ignore)  # type: ignore[arg-type]
        n = int(keep.sum())
        keys[:n], docs[:n] = keys[keep], docs[keep]
        self._anchor_keys.shrink(n)
        self._anchor_docs.shrink(n)

    def view(self) -> CorpusSketches:
        """Return numpy views of the arrays (valid until the next append)."""
        return CorpusSketches(
            sets=self._sets.view(),  # type: ignore[arg-type]
            set_offsets=self._set_offsets.view(),  # type: ignore[arg-type]
            signatures=self._sigs.view().reshape(self.count, self.num_perm),  # type: ignore[arg-type]
            anchor_keys=self._anchor_keys.view(),  # type: ignore[arg-type]
            anchor_docs=self._anchor_docs.view(),  # type: ignore[arg-type]
            exact=self._exact.view(),  # type: ignore[arg-type]
            words=self._words.view(),  # type: ignore[arg-type]
            names=self._names.view(),  # type: ignore[arg-type]
            name_offsets=self._name_offsets.view(),  # type: ignore[arg-type]
            spilled=self._spill,
        )
