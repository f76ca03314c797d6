"""Incremental, persistent dedup: add new articles, verify their pairs once per run.

The index lives in the store (sketches, LSH band keys and anchors in indexed tables), so a new
batch is checked against the whole corpus with a few indexed joins, without recomputing
anything and without holding the corpus's index in memory. The store also keeps each text's
exact shingle and name sets, so verification reads them back instead of re-shingling texts;
it leaves out the passages many unrelated articles share (spam.StoreSpam), as corpus mode does,
and runs once at the end of a run, with the passages of all its batches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup.arrays import CorpusSketches
from storyline.dedup.engine import DedupConfig
from storyline.dedup.links import NONE, STRONG, Check
from storyline.dedup.prepare import Prepared, anchor_rows, band_keys, band_rows, prepare
from storyline.dedup.probe import candidates, holders
from storyline.dedup.sketch import U32
from storyline.dedup.spam import StoreSpam, gather
from storyline.dedup.spill import drop_values
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence, overlap
from storyline.store import dedup as sql
from storyline.store import dedup_spam as sql_spam

_PAIRS = 20_000  # member checks verified at once (their sets gathered together)
# Pairs are verified in chunks of at most this many texts, whose sets are gathered once (~3 KB a
# text): chunks of a fixed number of pairs gathered each text again for every chunk that its
# copies' pairs fell in (30k texts: about 200,000 gathers for 20,000-pair chunks).
_TEXTS = 60_000
PENDING = -1  # the kind of a candidate pair not verified yet (store.dedup.save_pending)
Row = tuple[int, int, int, int, int, float, int]  # a dedup_pairs row (see Match)


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


@dataclass(frozen=True)
class Held:
    """Texts read back for verification: positions, sketches, sets less the spam passages."""

    pos: dict[int, int]
    sketches: CorpusSketches
    sets: U32
    offsets: I64


class DedupIndex:
    """The store's dedup index: add(docs, texts) indexes them and returns their links.

    A pair is a candidate when either article finds the other (LSH bands, two shared anchors
    whose holders before the later article are at most max_bucket, or an equal text), so the
    candidates do not depend on how the articles were split into batches or runs. Every
    candidate is verified with the spam passages left out (see spam.StoreSpam) and stored,
    links and non-links alike, so that a later change of the passages can re-judge it.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        config: DedupConfig | None = None,
        *,
        spam: StoreSpam | None = None,
    ) -> None:
        self.conn = conn
        self.config = (config or DedupConfig()).check()
        self.spam = spam
        # the texts the last judge() read, with their sets less the spam passages: the member
        # checks of the regroup that follows read them from here instead of the store again
        self._held: Held | None = None

    def add(self, docs: Sequence[int], texts: Sequence[str]) -> list[Match]:
        """Index new article versions and verify the pending pairs; return the links found."""
        self.index(docs, texts)
        return [Match(*r) for chunk in self._settled() for r in chunk if r[6] != NONE]

    def index(self, docs: Sequence[int], texts: Sequence[str]) -> None:
        """Index new article versions; their candidate pairs wait for settle()."""
        if docs:
            self.index_prepared(docs, prepare(texts, self.config))

    def index_prepared(self, docs: Sequence[int], prepared: Prepared) -> None:
        """Index new article versions from their preparation (prepare.prepare of their texts).

        The pairs are stored unverified (kind PENDING) and the new articles, with those whose
        spam passages this batch changed, are marked pending: settle() verifies every pair of a
        pending article once, with the passages of all batches, instead of each batch
        re-verifying the pairs the one before it changed (that grew with the store).
        """
        if not docs:
            return
        self._held = None  # the spam passages may change
        new = prepared.sketches
        held = holders(self.conn, self.config, new, np.asarray(docs, dtype=np.int64))
        pairs = candidates(self.conn, self.config, prepared, docs, held)
        self._save(docs, prepared)
        affected = set(docs)
        if self.spam is not None:
            rule = self.spam.rule
            first = held.first(rule.min_docs, rule.sample)  # the anchors that make samples
            affected |= self.spam.update(held.keys.tolist(), first=first, batch=(docs, new))
        sql.save_pending(self.conn, pairs)
        sql.add_pending(self.conn, affected)

    def drop_stale(self) -> None:
        """Forget the versions that are no longer current; mark what their passages changed."""
        stale = sql.stale_docs(self.conn)
        if not stale:
            return
        self._held = None
        # their index entries, by key: from the stored sets and signatures where there are some
        sk, pos = gather(self.conn, self.config, stale, stored_only=True, anchored=True)
        known = np.asarray(sorted(pos, key=pos.__getitem__), dtype=np.int64)
        bands = band_rows(known, *band_keys(sk.signatures, sk.sizes, self.config.bands))
        anchors = list(zip(sk.anchor_keys.tolist(), known[sk.anchor_docs].tolist(), strict=True))
        unknown = [d for d in stale if d not in pos]
        keys = {k for k, _ in anchors} | sql.anchor_keys_of(self.conn, unknown)
        sql.drop_stale(self.conn, stale, bands, anchors, unknown)
        if self.spam is not None:
            sql.add_pending(self.conn, self.spam.update(keys))

    def settle(self) -> int:
        """Verify every pair of the pending articles (spam passages left out); return the links."""
        return sum(sum(r[6] != NONE for r in chunk) for chunk in self._settled())

    def _settled(self) -> Iterator[list[Row]]:
        """Verify the pending articles' pairs chunk by chunk; forget that they were pending."""
        docs = sql.pending(self.conn)
        if not docs:
            return
        sql_spam.drop_checks(self.conn, docs)
        redo = sql_spam.pairs_touching(self.conn, docs)
        for chunk in _chunks(redo, _TEXTS):
            yield self.judge(chunk)
        sql.clear_pending(self.conn)

    def judge(self, pairs: Sequence[tuple[int, int]]) -> list[Row]:
        """Verify pairs of doc keys (spam passages left out), store and return the verdicts."""
        if not pairs:
            return []
        wanted = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        sk, pos = gather(self.conn, self.config, np.unique(wanted).tolist())
        ids = np.zeros(sk.sizes.shape, dtype=np.int64)
        ids[list(pos.values())] = list(pos)
        left, right, _ = _positions(wanted, pos)
        sets, offsets = _without(sk, self.spam)
        self._held = Held(pos, sk, sets, offsets)
        ev = overlap(left, right, sets, offsets)
        equal = (sk.exact[left] == sk.exact[right]) & (sk.exact[left] != 0)
        sizes = np.diff(offsets)
        same = PairEvidence.identical(left[equal], right[equal], sizes)
        ev = ev.take(~equal) + same
        kind = self.config.rule.classify(ev, overlap(ev.left, ev.right, sk.names, sk.name_offsets))
        kind[len(ev) - len(same) :] = STRONG  # equal normalised texts
        rows = _rows(sk.signatures, ev, ids, kind)
        sql.save_pairs(self.conn, rows)
        return rows

    def checker(self, docs: Sequence[int]) -> Check:
        """Return links.confirm's check over articles by position in docs (cached in the store)."""

        keys = np.asarray(docs, dtype=np.int64)

        def check(left: I64, right: I64) -> tuple[PairEvidence, PairEvidence]:
            member, rep = keys[left], keys[right]
            pairs = list(zip(member.tolist(), rep.tolist(), strict=True))
            rows = sql_spam.checks(self.conn, pairs)
            missing = sorted({p for p in pairs if p not in rows})
            computed = [
                row
                for start in range(0, len(missing), _PAIRS)  # texts sketched chunk by chunk
                for row in self._checks(missing[start : start + _PAIRS])
            ]
            sql_spam.save_checks(self.conn, computed)
            rows.update(((r[0], r[1]), r) for r in computed)
            got = _evidence(np.array(list(rows.values()), dtype=np.int64), member, rep)
            ev = PairEvidence(left, right, got[:, 0], got[:, 1], got[:, 2])
            return ev, PairEvidence(left, right, got[:, 3], got[:, 4], got[:, 5])

        return check

    def _checks(self, pairs: Sequence[tuple[int, int]]) -> list[sql_spam.CheckRow]:
        """Verify (member, representative) pairs: shingles (spam left out) and names."""
        if not pairs:
            return []
        held = self._sets_of(sorted({d for p in pairs for d in p}))
        pos, sk, sets, offsets = held.pos, held.sketches, held.sets, held.offsets
        wanted = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        left, right, found = _positions(wanted, pos)
        kept = wanted[found].tolist()
        ev = overlap(left, right, sets, offsets)
        names = overlap(left, right, sk.names, sk.name_offsets)
        return [
            (a, b, *row)
            for (a, b), row in zip(
                kept,
                np.stack(
                    [
                        ev.shared,
                        ev.left_size,
                        ev.right_size,
                        names.shared,
                        names.left_size,
                        names.right_size,
                    ],
                    axis=1,
                ).tolist(),
                strict=True,
            )
        ]

    def _sets_of(self, docs: Sequence[int]) -> Held:
        """Return the sketches and sets less spam of docs: those judge() read, if it read all."""
        held = self._held
        if held is None or not all(d in held.pos for d in docs):
            self._held = None  # freed before the store is read
            sk, pos = gather(self.conn, self.config, docs)
            held = Held(pos, sk, *_without(sk, self.spam))
        return held

    def _save(self, docs: Sequence[int], prepared: Prepared) -> None:
        new, sig16 = prepared.sketches, prepared.sig16
        sizes = np.diff(new.set_offsets)
        sketches = [
            (d, int(w), int(s), sql.signed(int(e)), sig16[i].tobytes())
            for i, (d, w, s, e) in enumerate(
                zip(docs, new.words.tolist(), sizes.tolist(), new.exact.tolist(), strict=False)
            )
        ]
        doc_arr = np.asarray(docs, dtype=np.int64)
        anchors = anchor_rows(doc_arr, new)
        sets, names = new.sets.astype("<u4"), new.names.astype("<u4")
        so, no = new.set_offsets.tolist(), new.name_offsets.tolist()
        stored = [
            (d, sets[so[i] : so[i + 1]].tobytes(), names[no[i] : no[i + 1]].tobytes())
            for i, d in enumerate(docs)
        ]
        bands = band_rows(doc_arr, prepared.sized, prepared.band_keys)
        sql.save_sketches(self.conn, sketches, bands, anchors, stored)


def _chunks(pairs: list[tuple[int, int]], texts: int) -> Iterator[list[tuple[int, int]]]:
    """Split pairs, in order, into runs that hold at most `texts` distinct texts each."""
    seen: set[int] = set()
    start = 0
    for k, (a, b) in enumerate(pairs):
        if len(seen) + 2 > texts and (a not in seen or b not in seen):
            yield pairs[start:k]
            seen.clear()
            start = k
        seen.add(a)
        seen.add(b)
    if start < len(pairs):
        yield pairs[start:]


def _positions(pairs: I64, pos: dict[int, int]) -> tuple[I64, I64, npt.NDArray[np.bool_]]:
    """Return the positions (left, right) of the pairs of doc keys whose docs both have one,
    and which of the pairs those are (a mask over pairs)."""
    known = np.fromiter(pos, dtype=np.int64, count=len(pos))
    at = np.fromiter(pos.values(), dtype=np.int64, count=len(pos))
    order = np.argsort(known)
    known, at = known[order], at[order]
    i = np.searchsorted(known, pairs).clip(max=max(len(known) - 1, 0))
    ok = (known[i] == pairs).all(axis=1) if len(known) else np.zeros(len(pairs), dtype=np.bool_)
    return at[i[ok, 0]], at[i[ok, 1]], ok


def _evidence(rows: I64, member: I64, rep: I64) -> I64:
    """Return the six evidence columns of check rows (doc, rep, ...) for each (member, rep);
    zeros where there is none. Members are distinct (confirm checks each once a round)."""
    got = np.zeros((len(member), 6), dtype=np.int64)
    if not len(rows):
        return got
    rows = rows.reshape(-1, 8)[np.argsort(rows.reshape(-1, 8)[:, 0], kind="stable")]
    i = np.searchsorted(rows[:, 0], member).clip(max=len(rows) - 1)
    ok = (rows[i, 0] == member) & (rows[i, 1] == rep)
    got[ok] = rows[i[ok], 2:]
    return got


def _without(sk: CorpusSketches, spam: StoreSpam | None) -> tuple[U32, I64]:
    """Return the texts' shingle sets with the spam passages' shingles taken out."""
    if spam is None or not len(spam.shingles):
        return sk.sets, sk.set_offsets
    return drop_values(sk.sets, sk.set_offsets, spam.shingles)


def _rows(
    sig: npt.NDArray[np.uint16], ev: PairEvidence, ids: I64, kind: npt.NDArray[np.int8]
) -> list[Row]:
    """Turn evidence between positions into dedup_pairs rows between doc keys (doc < other)."""
    est = (sig[ev.left] == sig[ev.right]).mean(axis=1) if len(ev) else np.empty(0)
    a, b = ids[ev.left], ids[ev.right]
    swap = a > b
    sa, sb = ev.left_size, ev.right_size
    return list(
        zip(
            np.where(swap, b, a).tolist(),
            np.where(swap, a, b).tolist(),
            ev.shared.tolist(),
            np.where(swap, sb, sa).tolist(),
            np.where(swap, sa, sb).tolist(),
            est.tolist(),
            kind.tolist(),
            strict=True,
        )
    )
