"""Incremental, persistent dedup: add new articles, get their verified matches.

The index lives in the store (sketches, LSH band keys and anchors in indexed tables), so a new
batch is checked against the whole corpus with a few indexed joins, without recomputing
anything and without holding the corpus's index in memory. Candidate texts are read back from
the store and re-shingled for exact verification.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup.arrays import CorpusSketches, SketchArrays
from storyline.dedup.candidates import band_key, distinct, estimate_containment
from storyline.dedup.engine import DedupConfig
from storyline.dedup.links import STRONG, WEAK
from storyline.dedup.matching import ANCHOR_SLACK, Candidates, candidates, verify
from storyline.dedup.sketch import Sketches, sketch
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence
from storyline.store import dedup as sql


@dataclass(frozen=True)
class Match:
    """A verified link between two article versions (doc < other) and its evidence."""

    doc: int
    other: int
    shared: int
    doc_size: int
    other_size: int
    estimate: float  # Jaccard estimated from the signatures
    kind: int  # STRONG or WEAK

    def row(self) -> tuple[int, int, int, int, int, float, int]:
        """Return the dedup_pairs row."""
        return (
            self.doc,
            self.other,
            self.shared,
            self.doc_size,
            self.other_size,
            self.estimate,
            self.kind,
        )


class DedupIndex:
    """The store's dedup index: add(docs, texts) indexes them and returns their matches."""

    def __init__(self, conn: sqlite3.Connection, config: DedupConfig | None = None) -> None:
        self.conn = conn
        self.config = (config or DedupConfig()).check()

    def _sketch(self, texts: Sequence[str]) -> Sketches:
        c = self.config
        return sketch(texts, ngram=c.ngram, num_perm=c.num_perm, anchor_rate=c.anchor_rate)

    def add(self, docs: Sequence[int], texts: Sequence[str]) -> list[Match]:
        """Index new article versions (doc keys and texts); return their verified matches."""
        if not docs:
            return []
        new = self._sketch(texts)
        sig16 = new.signatures.astype(np.uint16)
        probed = self._probe(new, sig16)
        old_docs = sorted({d for pairs in probed.values() for d in pairs} - set(docs))
        stored = sql.texts(self.conn, old_docs)
        old_docs = [d for d in old_docs if d in stored]
        arrays = SketchArrays(self.config.num_perm)
        arrays.append(new)
        arrays.append(self._sketch([stored[d] for d in old_docs]))
        corpus = arrays.view()
        ids = np.array([*docs, *old_docs], dtype=np.int64)
        found = self._candidates(
            corpus, probed, {d: i for i, d in enumerate(ids.tolist())}, len(docs)
        )
        strong, weak, _ = verify(corpus, found, self.config.rule, all_pairs=True)
        matches = _matches(corpus, strong, ids, STRONG) + _matches(corpus, weak, ids, WEAK)
        self._save(docs, new, sig16, matches)
        return matches

    def _probe(self, new: Sketches, sig16: npt.NDArray[np.uint16]) -> dict[int, set[int]]:
        """Find stored articles that may match each new text (by position in the batch)."""
        c = self.config
        out: dict[int, set[int]] = defaultdict(set)
        sized = np.flatnonzero(np.diff(new.set_offsets) > 0)
        wanted: dict[tuple[int, int], list[int]] = defaultdict(list)
        for band in range(c.bands):
            # Viewed as int64: SQLite's signed form of each unsigned key (see sql.signed).
            keys = band_key(sig16[sized], band, c.bands).view(np.int64)
            for i, key in zip(sized.tolist(), keys.tolist(), strict=False):
                wanted[(band, key)].append(i)
        for band, key, doc in sql.band_matches(self.conn, wanted):
            for i in wanted[(band, key)]:
                out[i].add(doc)
        by_key: dict[int, list[int]] = defaultdict(list)
        for key, i in zip(new.anchor_keys.tolist(), new.anchor_docs.tolist(), strict=False):
            by_key[key].append(i)
        shared: dict[tuple[int, int], int] = defaultdict(int)
        for key, doc in sql.anchor_matches(self.conn, by_key, max_df=c.max_bucket):
            for i in by_key[key]:
                shared[(i, doc)] += 1
        self._keep_promising(new, sig16, [p for p, n in shared.items() if n >= 2], out)
        exact = {sql.signed(int(h)): i for i, h in enumerate(new.exact.tolist()) if h}
        for h, doc in sql.exact_matches(self.conn, exact):
            out[exact[h]].add(doc)
        return out

    def _keep_promising(
        self,
        new: Sketches,
        sig16: npt.NDArray[np.uint16],
        pairs: list[tuple[int, int]],
        out: dict[int, set[int]],
    ) -> None:
        """Add the anchor pairs whose estimated containment could pass verification."""
        if not pairs:
            return
        stored = sql.signatures(self.conn, sorted({d for _, d in pairs}))
        pairs = [(i, d) for i, d in pairs if d in stored]
        if not pairs:
            return
        num_perm = self.config.num_perm
        sigs = np.concatenate(
            [sig16]
            + [np.frombuffer(stored[d][0], dtype=np.uint16).reshape(1, num_perm) for _, d in pairs]
        )
        sizes = np.concatenate([np.diff(new.set_offsets), [stored[d][1] for _, d in pairs]])
        left = np.array([i for i, _ in pairs], dtype=np.int64)
        right = len(sig16) + np.arange(len(pairs), dtype=np.int64)
        est = estimate_containment(sigs, sizes.astype(np.int64), left, right)
        floor = self.config.threshold * ANCHOR_SLACK
        for (i, d), e in zip(pairs, est.tolist(), strict=False):
            if e >= floor:
                out[i].add(d)

    def _candidates(
        self, corpus: CorpusSketches, probed: dict[int, set[int]], pos: dict[int, int], n_new: int
    ) -> Candidates:
        """Join the batch's own candidates with the probed ones; drop stored-stored pairs."""
        own = candidates(corpus, self.config.settings)
        left = [own.left]
        right = [own.right]
        for i, peers in probed.items():
            at = [pos[d] for d in peers if d in pos]
            left.append(np.full(len(at), i, dtype=np.int64))
            right.append(np.array(at, dtype=np.int64))
        lo = np.concatenate(left)
        hi = np.concatenate(right)
        lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
        keep = (lo < n_new) & (lo != hi)
        key = distinct((lo[keep] << 32) | hi[keep])
        eq = own.equal_left < n_new
        return Candidates(key >> 32, key & 0xFFFFFFFF, own.equal_left[eq], own.equal_right[eq])

    def _save(
        self,
        docs: Sequence[int],
        new: Sketches,
        sig16: npt.NDArray[np.uint16],
        matches: list[Match],
    ) -> None:
        c = self.config
        sizes = np.diff(new.set_offsets)
        sketches = [
            (d, int(w), int(s), sql.signed(int(e)), sig16[i].tobytes())
            for i, (d, w, s, e) in enumerate(
                zip(docs, new.words.tolist(), sizes.tolist(), new.exact.tolist(), strict=False)
            )
        ]
        sized = np.flatnonzero(sizes > 0)
        doc_arr = np.asarray(docs, dtype=np.int64)
        bands = [
            (band, k, int(d))
            for band in range(c.bands)
            for k, d in zip(
                band_key(sig16[sized], band, c.bands).view(np.int64).tolist(),
                doc_arr[sized].tolist(),
                strict=False,
            )
        ]
        anchors = list(
            zip(new.anchor_keys.tolist(), doc_arr[new.anchor_docs].tolist(), strict=False)
        )
        sql.save_sketches(self.conn, sketches, bands, anchors)
        sql.save_pairs(self.conn, (m.row() for m in matches))


def _matches(corpus: CorpusSketches, ev: PairEvidence, ids: I64, kind: int) -> list[Match]:
    """Turn evidence between corpus positions into matches between doc keys (doc < other)."""
    sig = corpus.signatures
    est = (sig[ev.left] == sig[ev.right]).mean(axis=1) if len(ev) else np.empty(0)
    out = []
    for k in range(len(ev)):
        a, b = int(ids[ev.left[k]]), int(ids[ev.right[k]])
        sa, sb = int(ev.left_size[k]), int(ev.right_size[k])
        if a > b:
            a, b, sa, sb = b, a, sb, sa
        out.append(Match(a, b, int(ev.shared[k]), sa, sb, float(est[k]), kind))
    return out
