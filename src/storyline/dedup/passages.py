"""Passages that many unrelated texts share anywhere in them (reused spam, quoted statements).

A press release glued onto many articles, the same quoted statement in many outlets' reports:
these passages are shared by texts that otherwise have nothing in common, so they are evidence
of spam, not of a copy. Closing lines (boilerplate.py) catch them when they stand on lines of
their own at the end; here the passage is found from the anchors (the content-defined 1-in-32
sample of shingles), wherever it is and however the lines were joined:

  * anchors that at least `min_docs` texts hold are grouped by the first `sample` texts that
    hold them (one group per passage and set of texts: an intact passage's anchors agree);
  * the passage of a group is what its sample texts all share, and it is spam when, beyond it,
    the texts are unrelated: the upper quartile of their pairs' containment, the passage taken
    out, is below `related` (copies of one article share much more than any one passage, so an
    article that others excerpt, and its copies, stay evidence);
  * or, whatever its share, when the texts disagree on their names and numbers: a template's
    stock sentences, filled with the facts of different events (copies keep their facts);
  * the shingles of spam passages then count for no text in verification.

Everything depends on the anchors and the texts' shingle sets only, in text order, so a
partitioned (Dask) run that gathers the same anchors finds the same passages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup.boilerplate import DocSets
from storyline.dedup.candidates import distinct, runs, sorted_unique
from storyline.dedup.sketch import U32
from storyline.dedup.threads import in_threads
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PAD, PairEvidence, overlap, padded_rows

_CHUNK = 1024  # groups whose passages are intersected at once (~100 MB of temporaries)
_WIDTH = 1 << 22  # set elements laid side by side at once (common_shingles)
_GATHERED = 1 << 14  # groups whose sample texts' sets are read in at once (~150 MB at most)
_JUDGED = 1 << 16  # groups judged at once (each row alone: ~100 bytes a pair, 6 pairs a group)
# sorted text numbers -> (sets laid end to end, offsets, the row of each text in offsets)
Stacked = Callable[[I64], tuple[U32, I64, I64]]


@dataclass(frozen=True)
class PassageRule:
    """When a shared passage is spam."""

    min_docs: int = 3  # texts that must share it
    sample: int = 4  # texts it is judged on (the first that hold it)
    related: float = 0.15  # upper-quartile containment beyond the passage: related texts
    max_share: float = 0.6  # a passage above this share of its texts is their article,
    names: float = 0.5  # unless their names and numbers disagree (upper quartile below this)
    min_names: int = 3  # texts with fewer names and numbers agree with any


def passage_shingles(
    keys: npt.NDArray[np.uint32],
    docs: npt.NDArray[np.integer],
    sets: Stacked,
    names: Stacked,
    rule: PassageRule | None = None,
) -> tuple[U32, int]:
    """Return the shingle hashes of spam passages, and how many passages they are.

    `sets` and `names` give the texts' shingle and name sets (see in_place and stacked).
    """
    rule = rule or PassageRule()
    groups = _groups(keys, docs, rule)
    if not len(groups):
        return np.empty(0, dtype=np.uint32), 0
    # groups a few thousand at a time: the sets of their sample texts are read in together
    # (all of them at once would be a third of the corpus's sets at a million texts)
    parts = [
        _passages(groups[i : i + _GATHERED], sets, names, rule)
        for i in range(0, len(groups), _GATHERED)
    ]
    found = [p for p, _ in parts if len(p)]
    spam = sum(n for _, n in parts)
    if not found:
        return np.empty(0, dtype=np.uint32), spam
    return sorted_unique(np.concatenate(found)).astype(np.uint32), spam


def _passages(groups: I64, sets: Stacked, names: Stacked, rule: PassageRule) -> tuple[U32, int]:
    """Return the shingles of the spam passages among some groups, and how many are spam."""
    verdict, local, flat, offsets = _judge(groups, sets, names, rule)
    spam = np.flatnonzero(verdict)
    if not len(spam):
        return np.empty(0, dtype=np.uint32), 0
    picked = in_threads(
        lambda i: common_shingles(local[spam[i : i + _CHUNK]], flat, offsets),
        range(0, len(spam), _CHUNK),
    )
    return sorted_unique(np.concatenate(picked)), len(spam)


def judge_samples(
    rows: I64, sets: Stacked, names: Stacked, rule: PassageRule | None = None
) -> tuple[npt.NDArray[np.bool_], list[U32]]:
    """Judge groups given by their samples; return which are spam, and each one's passage.

    rows: one group a row, its first `sample` texts (a shorter sample padded with its first
    text), as passage_shingles groups them. The passage of a group that is not spam is empty.
    For a caller that keeps groups apart (store mode updates them run by run).
    """
    spam, local, flat, offsets = _judge(rows, sets, names, rule or PassageRule())
    picked = np.flatnonzero(spam)
    values, of = common_by_row(local[picked], flat, offsets)
    order = np.argsort(of, kind="stable")  # a row's values stay ascending
    values, of = values[order], picked[of[order]]
    bounds = np.searchsorted(of, np.arange(len(spam) + 1))
    passages = [values[bounds[i] : bounds[i + 1]] for i in range(len(spam))]
    return spam, passages


def _judge(
    groups: I64, sets: Stacked, names: Stacked, rule: PassageRule
) -> tuple[npt.NDArray[np.bool_], I64, U32, I64]:
    """Judge each group (a row of sample texts); return the verdicts and the rows' set data."""
    wanted = sorted_unique(groups)
    flat, offsets, rows = sets(wanted)
    local = rows[np.searchsorted(wanted, groups)]
    flat_names, name_offsets, name_rows = names(wanted)
    if not np.array_equal(rows, name_rows):
        raise ValueError("shingle and name sets must number their rows alike")
    judged = [
        _spam(local[i : i + _JUDGED], (flat, offsets), (flat_names, name_offsets), rule)
        for i in range(0, len(local), _JUDGED)
    ]
    spam = np.concatenate(judged) if judged else np.zeros(0, dtype=np.bool_)
    return spam, local, flat, offsets


def common_shingles(rows: I64, flat: U32, offsets: I64) -> U32:
    """Return the shingles that every text of a row holds, for each row (a group's passage)."""
    return common_by_row(rows, flat, offsets)[0]


def common_by_row(rows: I64, flat: U32, offsets: I64) -> tuple[U32, I64]:
    """Return the shingles that every text of a row holds, and the row each one is of.

    Each row's texts' sets are laid side by side in one padded matrix row and sorted: a value
    all t distinct texts hold is a run of t equal values (sets hold distinct values), so it
    starts where the value t - 1 places on is equal. Rows of similar width share a matrix.
    """
    ordered = np.sort(rows, axis=1)
    distinct = np.ones(ordered.shape, dtype=np.bool_)
    distinct[:, 1:] = ordered[:, 1:] != ordered[:, :-1]  # each text once per row
    texts = distinct.sum(axis=1)
    size = np.where(distinct, np.diff(offsets)[ordered], 0)
    big_first = np.argsort(-size, axis=1, kind="stable")  # columns of similar sizes pad less
    ordered = np.take_along_axis(ordered, big_first, axis=1)
    size = np.take_along_axis(size, big_first, axis=1)
    order = np.lexsort((texts, size.sum(axis=1)))
    found: list[U32] = []
    of_row: list[I64] = []
    begin = 0
    while begin < len(order):
        take = max(1, _WIDTH // max(int(size[order[begin]].sum()), 1))
        while take > 1 and take * int(size[order[begin : begin + take]].max(axis=0).sum()) > _WIDTH:
            take //= 2
        pick = order[begin : begin + take]
        matrix = np.concatenate(
            [
                padded_rows(flat, offsets[ordered[pick, j]], size[pick, j])
                for j in range(size.shape[1])
            ],
            axis=1,
        )
        matrix.sort(axis=1)
        for t in np.unique(texts[pick]).tolist():
            part = matrix[texts[pick] == t]
            run = part[:, t - 1 :] == part[:, : part.shape[1] - t + 1]
            hit = run & (part[:, t - 1 :] != PAD)
            found.append(part[:, : part.shape[1] - t + 1][hit])
            of_row.append(pick[texts[pick] == t][np.nonzero(hit)[0]])
        begin += len(pick)
    if not found:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64)
    return np.concatenate(found), np.concatenate(of_row).astype(np.int64)


def in_place(flat: U32, offsets: I64) -> Stacked:
    """Read the sets of texts from corpus-wide arrays (row = text number; nothing copied)."""
    return lambda docs: (flat, offsets, docs)


def stacked(of: DocSets) -> Stacked:
    """Fetch the sets of texts one by one (from a partitioned corpus) and stack them."""

    def fetch(docs: I64) -> tuple[U32, I64, I64]:
        flat, offsets = _flat(of, docs)
        return flat, offsets, np.arange(len(docs), dtype=np.int64)

    return fetch


def _flat(of: DocSets, docs: I64) -> tuple[U32, I64]:
    """Fetch per-text sets; return them laid end to end, and their offsets."""
    found = of(docs.tolist())
    sets = [found[int(d)] for d in docs]
    offsets = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in sets], out=offsets[1:])
    flat = np.concatenate(sets).astype(np.uint32) if sets else np.empty(0, dtype=np.uint32)
    return flat, offsets


def _groups(keys: npt.NDArray[np.uint32], docs: npt.NDArray[np.integer], rule: PassageRule) -> I64:
    """Return the distinct sample tuples (rows of `sample` texts) of frequent anchors."""
    comp = (keys.astype(np.uint64) << np.uint64(32)) | docs.astype(np.uint64)
    comp = distinct(comp)  # by key, then text
    start, length = runs(comp >> np.uint64(32))
    ok = length >= rule.min_docs
    start, length = start[ok], length[ok]
    k = rule.sample
    take = np.minimum(length, k)
    rows = np.full((len(start), k), -1, dtype=np.int64)
    for j in range(k):
        has = take > j
        rows[has, j] = (comp[start[has] + j] & np.uint64(0xFFFFFFFF)).astype(np.int64)
    rows = np.unique(rows, axis=0) if len(rows) else rows
    # pad short rows with their own first text: a self-pair is never compared (see _spam)
    pad = rows < 0
    rows[pad] = np.broadcast_to(rows[:, :1], rows.shape)[pad]
    return rows


def _spam(
    local: I64, shingles: tuple[U32, I64], names: tuple[U32, I64], rule: PassageRule
) -> npt.NDArray[np.bool_]:
    """Tell which groups' texts are unrelated beyond the passage they share."""
    n, k = local.shape
    a, b = np.triu_indices(k, 1)
    left, right = local[:, a].ravel(), local[:, b].ravel()
    real = left != right
    ev = overlap(left[real], right[real], *shingles)
    flat_shared = np.full(len(left), -1, dtype=np.int64)
    flat_shared[real] = ev.shared
    sizes = np.diff(shingles[1])
    shared = flat_shared.reshape(n, -1)
    small = np.minimum(sizes[left], sizes[right]).reshape(n, -1)
    valid = shared >= 0
    # the passage is at most what the least-sharing pair shares
    passage = np.where(valid, shared, np.iinfo(np.int64).max).min(axis=1, keepdims=True)
    own = np.maximum(small - passage, 1)
    beyond = np.where(valid, (shared - passage) / own, np.nan)
    agree = np.full(len(left), np.nan)
    agree[real] = _name_share(overlap(left[real], right[real], *names), rule)
    upper, upper_names = _upper_quartile(beyond), _upper_quartile(agree.reshape(n, -1))
    share = passage[:, 0] / np.where(valid, small, np.iinfo(np.int64).max).min(axis=1)
    enough = valid.sum(axis=1) >= rule.min_docs * (rule.min_docs - 1) // 2
    unrelated = (upper < rule.related) & (share <= rule.max_share)
    spam: npt.NDArray[np.bool_] = enough & (unrelated | (upper_names < rule.names))
    return spam


def _upper_quartile(rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Return each row's 75th percentile (linear, as numpy's), NaN left out; NaN if all are."""
    ordered = np.sort(rows, axis=1)  # NaN last
    count = (~np.isnan(rows)).sum(axis=1)
    at = 0.75 * np.maximum(count - 1, 0)
    lo = np.floor(at).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(count - 1, 0))
    take = np.arange(len(rows))
    low, high = ordered[take, lo], ordered[take, hi]
    out: npt.NDArray[np.float64] = low + (at - lo) * np.where(hi > lo, high - low, 0.0)
    out[count == 0] = np.nan
    return out


def _name_share(ev: PairEvidence, rule: PassageRule) -> npt.NDArray[np.float64]:
    """Return the share of the smaller name set inside the other (1 when too few to tell)."""
    fewer = np.minimum(ev.left_size, ev.right_size)
    out: npt.NDArray[np.float64] = np.ones(len(fewer))
    ok = fewer >= rule.min_names
    out[ok] = ev.shared[ok] / fewer[ok]
    return out
