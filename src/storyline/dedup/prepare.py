"""A store-mode batch's per-text work: sketches, 16-bit signatures and band keys, computed once.

This is all of dedup's work that needs no store, so it runs in worker processes, part by part:
every value of a text depends on that text alone, so the parts laid end to end (join) equal
the batch sketched in one piece, whatever the number of parts or workers. The index stores
the 16-bit signatures and band keys that the probes look up: both come from here, not each
computing its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup.candidates import band_key
from storyline.dedup.engine import DedupConfig
from storyline.dedup.sketch import Sketches, sketch
from storyline.dedup.tokens import I64

U16 = npt.NDArray[np.uint16]
SketchJob = tuple[int, Sequence[int], Sequence[str], DedupConfig]  # batch number, docs, texts
SketchPart = tuple[int, Sequence[int], "Prepared"]  # batch number, docs, their preparation


@dataclass(frozen=True)
class Prepared:
    """The sketches of a batch of texts and what the index derives from them."""

    sketches: Sketches
    sig16: U16  # (texts, num_perm): the signatures as stored, 16 bits per bin
    sized: I64  # the positions of the texts with shingles (the only ones in the bands)
    band_keys: I64  # (bands, len(sized)): each band's key, as SQLite's signed integer

    def __len__(self) -> int:
        return len(self.sketches)


def prepare(texts: Sequence[str], config: DedupConfig) -> Prepared:
    """Sketch texts and derive their 16-bit signatures and band keys."""
    c = config
    new = sketch(texts, ngram=c.ngram, num_perm=c.num_perm, anchor_rate=c.anchor_rate)
    sig16 = new.signatures.astype(np.uint16)
    sized, keys = band_keys(sig16, np.diff(new.set_offsets), c.bands)
    return Prepared(new, sig16, sized, keys)


def band_keys(sig16: U16, sizes: I64, bands: int) -> tuple[I64, I64]:
    """Return the positions of the texts with shingles and their keys, (bands, texts) of them."""
    sized = np.flatnonzero(sizes > 0).astype(np.int64)
    keys = np.empty((bands, len(sized)), dtype=np.int64)
    for band in range(bands):
        # Viewed as int64: SQLite's signed form of each unsigned key (see store.dedup.signed).
        keys[band] = band_key(sig16[sized], band, bands).view(np.int64)
    return sized, keys


def band_rows(docs: I64, sized: I64, keys: I64) -> Iterator[tuple[int, int, int]]:
    """Return the band index entries (band, key, doc) of the texts at positions sized, in
    key order (sorted in arrays: sorting a batch's 160,000 tuples cost more than storing them).
    """
    band = np.repeat(np.arange(len(keys), dtype=np.int64), len(sized))
    key = keys.reshape(-1)
    doc = np.tile(docs[sized], len(keys))
    order = np.lexsort((doc, key, band))
    return zip(band[order].tolist(), key[order].tolist(), doc[order].tolist(), strict=True)


def anchor_rows(docs: I64, sketches: Sketches) -> Iterator[tuple[int, int]]:
    """Return the anchor index entries (key, doc) of sketched texts, in key order."""
    key = sketches.anchor_keys.astype(np.int64)
    doc = docs[sketches.anchor_docs]
    order = np.lexsort((doc, key))
    return zip(key[order].tolist(), doc[order].tolist(), strict=True)


def prepare_part(job: SketchJob) -> SketchPart:
    """Prepare one part of a batch (in a worker process); keep its batch number and docs."""
    number, docs, texts, config = job
    return number, docs, prepare(texts, config)


def join(parts: Sequence[Prepared]) -> Prepared:
    """Lay the preparations of consecutive parts of a batch end to end, as one."""
    if len(parts) == 1:
        return parts[0]
    starts = np.cumsum([0, *(len(p) for p in parts)])[:-1]  # each part's first position
    sk = [p.sketches for p in parts]
    return Prepared(
        Sketches(
            sets=np.concatenate([s.sets for s in sk]),
            set_offsets=_offsets([s.set_offsets for s in sk]),
            signatures=np.concatenate([s.signatures for s in sk]),
            anchor_keys=np.concatenate([s.anchor_keys for s in sk]),
            anchor_docs=np.concatenate(
                [s.anchor_docs + n for s, n in zip(sk, starts, strict=True)]
            ),
            exact=np.concatenate([s.exact for s in sk]),
            words=np.concatenate([s.words for s in sk]),
            names=np.concatenate([s.names for s in sk]),
            name_offsets=_offsets([s.name_offsets for s in sk]),
        ),
        np.concatenate([p.sig16 for p in parts]),
        np.concatenate([p.sized + n for p, n in zip(parts, starts, strict=True)]),
        np.concatenate([p.band_keys for p in parts], axis=1),
    )


def _offsets(parts: Sequence[I64]) -> I64:
    """Join per-part offsets (each starting at 0) into the offsets of the parts end to end."""
    shift = np.cumsum([0, *(int(o[-1]) for o in parts)])
    rest = [o[1:] + s for o, s in zip(parts, shift[:-1], strict=True)]
    return np.concatenate([parts[0][:1], *rest]).astype(np.int64)
