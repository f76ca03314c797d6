"""Which sentences of a story match, decided once per distinct sentence, not once per copy.

Whether two sentences of different articles match (align.py: exact, fuzzy, paraphrase) depends
only on their comparison keys and content stems. Sentences with the same key and stems are one
*kind*; a story of 70 copies of a report repeats most of its sentences, so the pair decisions are
taken between kinds and every match, carrier and coverage figure is read from the kinds' relation.
The figures are those of comparing every sentence pair: the IDF counts every sentence, and each
product sums its terms in the same order (stem_matrix.py; each pair's value is symmetric).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz

from storyline.analyze.stem_matrix import pair_products, stem_matrices

FUZZY = "fuzzy"
PARAPHRASE = "paraphrase"


class Links:
    """The match relation of a story's sentences, held between kinds of sentence."""

    def __init__(
        self, kind_of: Sequence[int], owner: Sequence[int], keys: Sequence[int], articles: int
    ) -> None:
        """Take each sentence's kind and article number, and each kind's key number."""
        self.kind_of = kind_of
        self.owner = owner
        self.articles = articles
        members: list[list[int]] = [[] for _ in keys]
        for i, kind in enumerate(kind_of):
            members[kind].append(i)
        self.members = members
        self.owners = [frozenset(map(owner.__getitem__, m)) for m in members]
        same_key: dict[int, list[int]] = {}
        for kind, key in enumerate(keys):
            same_key.setdefault(key, []).append(kind)
        self.key_of = keys
        self.same_key = same_key
        # Kind pairs of different keys that match: (low, high) -> (fuzzy | paraphrase, score).
        self.similar: dict[tuple[int, int], tuple[str, float]] = {}
        self.neighbours: list[list[int]] = [[] for _ in keys]
        self._carried: dict[int, tuple[frozenset[int], frozenset[int]]] = {}  # per kind

    def add(self, a: int, b: int, kind: str, score: float) -> None:
        """Record a fuzzy or paraphrase match between two kinds of different keys (a < b)."""
        self.similar[(a, b)] = (kind, score)
        self.neighbours[a].append(b)
        self.neighbours[b].append(a)

    def linked(self, kind: int) -> Iterator[tuple[int, bool]]:
        """Yield the kinds matching kind (itself included), each with: verbatim (not paraphrase)?"""
        for other in self.same_key[self.key_of[kind]]:
            yield other, True
        for other in self.neighbours[kind]:
            pair = (kind, other) if kind < other else (other, kind)
            yield other, self.similar[pair][0] != PARAPHRASE

    def carried_by(self, kind: int) -> tuple[frozenset[int], frozenset[int]]:
        """Return the articles with a sentence matching kind: any way, and verbatim."""
        found = self._carried.get(kind)
        alone = not self.neighbours[kind] and len(self.same_key[self.key_of[kind]]) == 1
        if found is None and alone:
            # Most kinds match no other kind: their own articles carry them, verbatim.
            found = self._carried[kind] = (self.owners[kind], self.owners[kind])
        if found is None:
            anyhow: set[int] = set()
            verbatim: set[int] = set()
            for other, plain in self.linked(kind):
                anyhow.update(self.owners[other])
                if plain:
                    verbatim.update(self.owners[other])
            found = self._carried[kind] = (frozenset(anyhow), frozenset(verbatim))
        return found

    def carried_words(
        self, words: Sequence[int]
    ) -> tuple[list[int], list[list[int]], list[list[int]]]:
        """Return each article's words, and the words of a's sentences carried by b: [a][b].

        Carried any way, then verbatim: by a sentence of b that matches it (b != a).
        """
        n = self.articles
        # Whole numbers: summed in any order, by numpy or by hand, the same counts.
        by_kind = np.zeros((n, len(self.members)), dtype=np.int64)  # article x kind: words
        owners, kinds = (np.asarray(v, dtype=np.int64) for v in (self.owner, self.kind_of))
        np.add.at(by_kind, (owners, kinds), np.asarray(words, dtype=np.int64))
        anyhow = np.zeros((len(self.members), n), dtype=np.int64)  # kind x carrying article
        plain = np.zeros((len(self.members), n), dtype=np.int64)
        # Each kind's carriers set at once (one numpy assignment per table, not per kind).
        found = [self.carried_by(kind) for kind in range(len(self.members))]
        for table, side in ((anyhow, 0), (plain, 1)):
            rows = np.repeat(np.arange(len(found)), [len(f[side]) for f in found])
            table[rows, np.array([a for f in found for a in f[side]], dtype=np.int64)] = 1
        carried, exact = by_kind @ anyhow, by_kind @ plain
        np.fill_diagonal(carried, 0)  # an article's own sentences are not carried by it
        np.fill_diagonal(exact, 0)
        return by_kind.sum(axis=1).tolist(), carried.tolist(), exact.tolist()

    def partners(self, position: int) -> frozenset[int]:
        """Return the positions of the sentences (of other articles) that a sentence matches."""
        own = self.owner[position]
        owner = self.owner
        return frozenset(
            j
            for other, _ in self.linked(self.kind_of[position])
            for j in self.members[other]
            if owner[j] != own
        )

    def kind_pair(self, a: int, b: int) -> tuple[str, float]:
        """Return how two kinds that match do: (exact | fuzzy | paraphrase, score)."""
        if self.key_of[a] == self.key_of[b]:
            return "exact", 1.0
        return self.similar[(a, b) if a < b else (b, a)]


def link_kinds(
    links: Links,
    stems: Sequence[frozenset[str]],
    counts: Sequence[int],
    keys: Sequence[str],
    thresholds: tuple[float, float, float, float, int],
) -> None:
    """Add the fuzzy and paraphrase matches between kinds to links.

    stems, counts and keys are each kind's (counts: its sentences); thresholds are AlignConfig's
    (fuzzy, dice, contained, partial, min_shared).
    """
    fuzzy, dice_min, contained, partial, min_shared = thresholds
    weights, binary = stem_matrices(stems, counts)
    if binary.shape[1] == 0:
        return
    # Shared IDF weight and shared stem count of every pair: same sparsity pattern, same order.
    rows, cols, common, n_shared = pair_products(weights, binary)
    totals = np.asarray(weights.sum(axis=1)).ravel()
    cover_i, cover_j = common / totals[rows], common / totals[cols]
    low, high = np.minimum(cover_i, cover_j), np.maximum(cover_i, cover_j)
    dice = 2 * common / (totals[rows] + totals[cols])
    key_of = np.asarray(links.key_of, dtype=np.int64)
    # A kind found in one article only (-1: in several): two such kinds of the same article have
    # no pair of sentences from different articles to match.
    lone = np.array([min(o) if len(o) == 1 else -1 for o in links.owners], dtype=np.int64)
    apart = (key_of[rows] != key_of[cols]) & ((lone[rows] != lone[cols]) | (lone[rows] < 0))
    paraphrase = (n_shared >= min_shared) & (
        (dice >= dice_min) | ((high >= contained) & (low >= partial))
    )
    ks = np.flatnonzero(apart & ((low >= 0.3) | paraphrase))
    # Plain Python values: indexing numpy arrays one scalar at a time is slow.
    for a, b, least, para, score in zip(
        rows[ks].tolist(),
        cols[ks].tolist(),
        low[ks].tolist(),
        paraphrase[ks].tolist(),
        dice[ks].tolist(),
        strict=True,
    ):
        if least >= 0.3:
            ratio = fuzz.ratio(keys[a], keys[b], score_cutoff=fuzzy)  # 0 below the cutoff
            if ratio >= fuzzy:
                links.add(a, b, FUZZY, round(ratio / 100, 3))
                continue
        if para:
            links.add(a, b, PARAPHRASE, round(score, 3))
