"""From corpus sketches to clusters: candidates, exact verification, links.

Candidate pairs come from LSH bands (texts agreeing on every row of a band of their MinHash
signatures), from shared anchors (each text offers its rarest shared anchors; pairs whose
estimated containment could pass are kept) and from equal normalised texts. Each candidate is
verified against the exact shingle sets; clusters come from verified links only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup.arrays import CorpusSketches
from storyline.dedup.candidates import (
    PairSet,
    anchor_pairs,
    band_pairs,
    by_promise,
    estimate_containment,
    exact_pairs,
)
from storyline.dedup.graph import components, connected
from storyline.dedup.links import STRONG, WEAK, Check, LinkRule
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence, overlap

OFFERED = 16  # anchors each text offers for pairing (its rarest shared ones)
ANCHOR_SLACK = 0.9  # estimated containment may undershoot the threshold this much
ROUNDS = 8  # clusters-only mode: each cluster verifies at most this many candidate pairs


@dataclass(frozen=True)
class MatchSettings:
    """The candidate-generation settings of DedupConfig that matching needs."""

    bands: int
    max_bucket: int
    rule: LinkRule


@dataclass(frozen=True)
class Candidates:
    """Pairs to verify (most promising first) and pairs of equal normalised texts."""

    left: I64
    right: I64
    equal_left: I64
    equal_right: I64


def candidates(corpus: CorpusSketches, settings: MatchSettings) -> Candidates:
    """Find the candidate pairs of a corpus."""
    sizes = corpus.sizes
    sized = np.flatnonzero(sizes > 0)
    sigs = corpus.signatures
    found = PairSet()
    found.add(*band_pairs(sigs[sized], sized, bands=settings.bands, max_bucket=settings.max_bucket))
    chunks = anchor_pairs(
        corpus.anchor_keys, corpus.anchor_docs, per_doc=OFFERED, max_df=settings.max_bucket
    )
    floor = settings.rule.threshold * ANCHOR_SLACK
    for al, ar in chunks:
        keep = estimate_containment(sigs, sizes, al, ar) >= floor
        found.add(al[keep], ar[keep])
    left, right = found.pairs()
    left, right = by_promise(left, right, estimate_containment(sigs, sizes, left, right))
    el, er = exact_pairs(corpus.exact, np.arange(len(sizes), dtype=np.int64))
    return Candidates(left, right, el, er)


def verify(
    corpus: CorpusSketches, found: Candidates, rule: LinkRule, *, all_pairs: bool
) -> tuple[PairEvidence, PairEvidence, int]:
    """Verify candidates; return (strong links, weak links, pairs verified).

    With all_pairs False only clusters are wanted: pairs that strong links already join are
    skipped (exact: such a pair cannot change a cluster), and each round verifies, for every
    cluster, only its most promising open pairs (Boruvka's order; 1, 2, 4, ... per round), so a
    cluster of k copies costs about k verifications, not k**2. The work is bounded: a cluster
    gets at most 2**ROUNDS - 1 tries, and a candidate still open after them is not verified.
    """
    n = len(corpus.words)
    strong = PairEvidence.identical(found.equal_left, found.equal_right, corpus.sizes)
    weak = PairEvidence.empty()
    labels = components(n, strong.left, strong.right)
    left, right = found.left, found.right
    verified = 0
    for round_ in range(1 if all_pairs else ROUNDS):
        if not all_pairs:
            open_ = ~connected(labels, left, right)
            left, right = left[open_], right[open_]
        if not len(left):
            break
        pick = np.ones(len(left), dtype=np.bool_)
        if not all_pairs:
            pick = first_per_cluster(labels, left, right, round_width(round_))
        ev = corpus.overlap(left[pick], right[pick])
        names = _names(corpus, ev, rule)
        left, right = left[~pick], right[~pick]
        verified += len(ev)
        kind = rule.classify(ev, names)
        strong, weak = strong + ev.take(kind == STRONG), weak + ev.take(kind == WEAK)
        labels = components(n, strong.left, strong.right)
    return strong, weak, verified


def checker(corpus: CorpusSketches) -> Check:
    """Return a function that verifies any pairs of the corpus (shingles and names)."""

    def check(left: I64, right: I64) -> tuple[PairEvidence, PairEvidence]:
        ev = corpus.overlap(left, right)
        return ev, overlap(left, right, corpus.names, corpus.name_offsets)

    return check


def _names(corpus: CorpusSketches, ev: PairEvidence, rule: LinkRule) -> PairEvidence:
    """Compare the names of the pairs the link rule asks about (the others: as if none)."""
    asked = np.flatnonzero(rule.asks_names(ev))
    found = overlap(ev.left[asked], ev.right[asked], corpus.names, corpus.name_offsets)
    columns = []
    for values in (found.shared, found.left_size, found.right_size):
        column = np.zeros(len(ev), dtype=np.int64)
        column[asked] = values
        columns.append(column)
    return PairEvidence(ev.left, ev.right, *columns)


def first_per_cluster(labels: I64, left: I64, right: I64, per: int = 1) -> npt.NDArray[np.bool_]:
    """Mark, for every cluster, the first `per` pairs (in candidate order) that touch it."""
    touched = np.concatenate([labels[left], labels[right]])
    order = np.argsort(touched, kind="stable")
    start = np.concatenate(([0], np.flatnonzero(np.diff(touched[order])) + 1))
    rank = np.arange(len(order)) - np.repeat(start, np.diff(np.append(start, len(order))))
    pick = np.zeros(len(left), dtype=np.bool_)
    pick[order[rank < per] % len(left)] = True
    return pick


def round_width(round_: int) -> int:
    """Return how many open pairs each cluster verifies in a round: 1, 2, 4, ...

    A text with many look-alikes (a templated story has hundreds of siblings whose names
    disagree) is rejected pair after pair; doubling the pairs per round still reaches its
    real copies within ROUNDS rounds, while a cluster that links early costs one pair.
    """
    return 1 << round_
