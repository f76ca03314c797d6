"""Store mode's shared passages: corpus mode's spam passages (passages.py), kept run by run.

Corpus mode groups the anchors that `min_docs` or more texts hold by their first `sample`
holders and judges the passage each group's texts share once the whole corpus is sketched. The
store keeps the same groups: only the anchors of a new batch (or of versions that went stale)
can change holders, so only their first holders are looked up again (an indexed range scan per
anchor, never the thousands that hold a footer), and only samples never judged before are read
back and judged, by passages.passage_shingles itself. The shingles of live spam groups count
for no article. When they change, the articles that hold their anchors are returned, so the
caller re-verifies their pairs: after any sequence of runs every pair has been judged with the
passages a single run over the same articles finds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np

from storyline.dedup.arrays import CorpusSketches, SketchArrays
from storyline.dedup.engine import DedupConfig
from storyline.dedup.passages import PassageRule, in_place, judge_samples
from storyline.dedup.sketch import U32, Sketches, anchors, sketch
from storyline.dedup.tokens import I64
from storyline.store import dedup as sql
from storyline.store import dedup_spam as spam_sql

Batch = tuple[Sequence[int], Sketches]  # a batch's doc keys and their sketches


def gather(
    conn: sqlite3.Connection,
    config: DedupConfig,
    ids: Sequence[int],
    batch: Batch | None = None,
    *,
    stored_only: bool = False,
    anchored: bool = False,
) -> tuple[CorpusSketches, dict[int, int]]:
    """Return sketches of articles, and each doc's position in them.

    The batch's come as sketched; the others as stored (sets included), or, for versions
    sketched before the store kept sets, read back and sketched again unless stored_only (a
    missing doc is left out). The batch's docs all have positions, asked for or not. Stored
    sketches have their anchors only if anchored (verification and passages need none).
    """
    arrays = SketchArrays(config.num_perm)
    pos: dict[int, int] = {}
    if batch is not None:
        arrays.append(batch[1])
        pos = {d: i for i, d in enumerate(batch[0])}
    wanted = [d for d in ids if d not in pos]
    stored = sql.stored_sketches(conn, wanted)
    if stored:
        known = sorted(stored)
        pos.update((d, arrays.count + i) for i, d in enumerate(known))
        arrays.append(_from_rows([stored[d] for d in known], config, anchored=anchored))
    texts = {} if stored_only else sql.texts(conn, [d for d in wanted if d not in stored])
    missing = sorted(texts)
    if missing:
        c = config
        sk = sketch(
            [texts[d] for d in missing],
            ngram=c.ngram,
            num_perm=c.num_perm,
            anchor_rate=c.anchor_rate,
        )
        pos.update((d, arrays.count + i) for i, d in enumerate(missing))
        arrays.append(sk)
    return arrays.view(), pos


def _from_rows(
    rows: Sequence[tuple[bytes, bytes, bytes, int, int]],
    config: DedupConfig,
    *,
    anchored: bool = False,
) -> Sketches:
    """Rebuild sketches from stored rows (shingle set, name set, signature, exact, words);
    with their anchors if anchored (else none)."""
    flat, offsets = _joined([r[0] for r in rows])
    names, name_offsets = _joined([r[1] for r in rows])
    anchor_keys, anchor_docs = (
        anchors(flat, offsets, config.anchor_rate)
        if anchored
        else (np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64))
    )
    sig = np.frombuffer(b"".join(r[2] for r in rows), dtype="<u2")
    return Sketches(
        sets=flat,
        set_offsets=offsets,
        signatures=sig.reshape(len(rows), config.num_perm).astype(np.uint32),
        anchor_keys=anchor_keys,
        anchor_docs=anchor_docs,
        exact=np.array([r[3] for r in rows], dtype=np.int64).view(np.uint64),
        words=np.array([r[4] for r in rows], dtype=np.int64),
        names=names,
        name_offsets=name_offsets,
    )


def _joined(blobs: Sequence[bytes]) -> tuple[U32, I64]:
    """Return stored sets (uint32 little-endian blobs) laid end to end, and their offsets."""
    flat = np.frombuffer(b"".join(blobs), dtype="<u4").astype(np.uint32)
    sizes = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // 4
    return flat, np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)


class StoreSpam:
    """The spam passages of a store's articles, updated batch by batch."""

    def __init__(
        self, conn: sqlite3.Connection, config: DedupConfig, rule: PassageRule | None = None
    ) -> None:
        self.conn = conn
        self.config = config
        self.rule = rule or PassageRule()
        self.shingles: U32 = np.array(spam_sql.spam_shingles(conn), dtype=np.uint32)

    def update(
        self,
        keys: Iterable[int],
        *,
        first: dict[int, list[int]] | None = None,
        batch: Batch | None = None,
    ) -> set[int]:
        """Regroup the anchors `keys` (their holders changed); return the articles to re-verify.

        first: each key's first holders (ascending), when the caller has them already;
        batch: the sketches of a batch, so its texts are not read back and sketched again.
        """
        keys = sorted(set(keys))
        if not keys:
            return set()
        if first is None:
            first = spam_sql.first_holders(self.conn, keys, self.rule.sample)
        first = {k: first[k][: self.rule.sample] for k in keys if k in first}
        old = spam_sql.anchor_groups(self.conn, keys)
        samples = {
            k: ",".join(map(str, docs))
            for k, docs in first.items()
            if len(docs) >= self.rule.min_docs
        }
        grp_of = spam_sql.groups_by_sample(self.conn, sorted(set(samples.values())))
        added = self._judge(sorted(set(samples.values()) - set(grp_of)), grp_of, batch)
        moved = [(k, grp_of[s]) for k, s in samples.items() if old.get(k) != grp_of[s]]
        gone = [k for k in old if k not in samples]
        losing = {old[k] for k in gone} | {old[k] for k, _ in moved if k in old}
        lost = spam_sql.group_passages(self.conn, losing)
        spam_sql.set_anchor_groups(self.conn, moved, gone)
        spam_sql.drop_unreferenced(self.conn, losing)
        return self._apply(spam_sql.group_passages(self.conn, added), lost)

    def _judge(
        self, samples: Sequence[str], grp_of: dict[str, int], batch: Batch | None
    ) -> list[int]:
        """Judge new samples, store them; return the numbers of the spam ones."""
        if not samples:
            return []
        rows = [[int(d) for d in s.split(",")] for s in samples]
        corpus, at = gather(self.conn, self.config, sorted({d for r in rows for d in r}), batch)
        rows = [[d for d in row if d in at] for row in rows]  # a doc gone since: judged without
        k = self.rule.sample
        # rows of positions (in doc order, as the sample), short ones padded with their first
        padded = np.array([[at[d] for d in row + row[:1] * (k - len(row))] for row in rows])
        flags, passages = judge_samples(
            padded.astype(np.int64).reshape(len(rows), k),
            in_place(corpus.sets, corpus.set_offsets),
            in_place(corpus.names, corpus.name_offsets),
            self.rule,
        )
        judged = [
            (sample, bool(f), passage.tolist())
            for sample, f, passage in zip(samples, flags.tolist(), passages, strict=True)
        ]
        numbers = spam_sql.add_groups(self.conn, judged)
        grp_of.update(numbers)
        spam = [numbers[sample] for sample, f, _ in judged if f]
        return spam

    def _apply(
        self, added: list[tuple[list[int], list[int]]], lost: list[tuple[list[int], list[int]]]
    ) -> set[int]:
        """Update the spam shingles from the (sample, passage) of the spam groups added and
        lost; return the articles that hold what entered or left the spam set.

        Those are the holders of the anchors that changed, and the samples of the passages
        that changed (a passage's anchors may stay spam through another group while the rest
        of it leaves), with their candidates. Not the holders of every anchor of a changed
        passage: a common spam block judged again in a new sample changes nothing, and its
        hundreds of holders are not re-verified. (A text that holds changed shingles but none
        of their anchors, and is no candidate of a sample, keeps its earlier evidence: the one
        case where runs in batches may differ from one run.)
        """
        if not added and not lost:
            return set()
        before = self.shingles
        gone = {s for _, passage in lost for s in passage}
        kept = spam_sql.still_spam(self.conn, gone) if gone else set()
        dropped = np.array(sorted(gone - kept), dtype=np.uint32)
        new = np.array(sorted({s for _, passage in added for s in passage}), dtype=np.uint32)
        self.shingles = np.setdiff1d(np.union1d(before, new), dropped).astype(np.uint32)
        changed = set(np.setxor1d(before, self.shingles).tolist())
        if not changed:
            return set()
        rate = self.config.anchor_rate
        samples = {
            d
            for sample, passage in (*added, *lost)
            if not changed.isdisjoint(passage)
            for d in sample
        }
        # a text holding a passage's shingles but none of its anchors copies a sample text: it
        # is a candidate of one
        near = {d for pair in spam_sql.pairs_touching(self.conn, samples) for d in pair}
        return near | samples | spam_sql.holders(self.conn, [s for s in changed if s % rate == 0])
