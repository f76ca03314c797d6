"""How many shingles each pair of a story's articles share, counted once per pair.

The copy graph and the tie-break of publication order compare every pair of articles in both
directions (containment of a in b, and of b in a). Both directions share one intersection; for
many articles, all intersections come at once from a sparse product of the article x shingle
matrix instead of one Python set intersection per pair.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy import sparse

MATRIX_MIN = 12  # from this many articles on, count all pairs at once with a sparse product
MATRIX_MAX = 3_000  # above this, a dense pair table is too big: count pairs one by one


class Overlaps:
    """Shingle sets by article id, with each pair's intersection size counted once."""

    def __init__(self, sets: Mapping[str, frozenset[int]]) -> None:
        self.sets = sets
        self._shared: dict[tuple[str, str], int] = {}
        self._index: dict[str, int] = {}
        self._table: np.ndarray | None = None
        if MATRIX_MIN <= len(sets) <= MATRIX_MAX:
            self._index = {a: i for i, a in enumerate(sets)}
            self._table = _pair_table([sets[a] for a in sets])

    def containment(self, a: str, b: str) -> float:
        """Return the share of a's shingles that b also has (0 when a has none)."""
        mine = self.sets[a]
        if not mine:
            return 0.0
        return self.shared(a, b) / len(mine)

    def shared(self, a: str, b: str) -> int:
        """Return how many shingles a and b share."""
        if self._table is not None:
            return int(self._table[self._index[a], self._index[b]])
        key = (a, b) if a < b else (b, a)
        count = self._shared.get(key)
        if count is None:
            count = self._shared[key] = len(self.sets[a] & self.sets[b])
        return count


def _pair_table(sets: list[frozenset[int]]) -> np.ndarray:
    """Return the table of intersection sizes of every pair of sets."""
    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    values = np.fromiter((h for s in sets for h in s), dtype=np.int64, count=int(sizes.sum()))
    _, cols = np.unique(values, return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), sizes)
    ones = np.ones(len(values), dtype=np.int64)
    shape = (len(sets), int(cols.max(initial=-1)) + 1)
    # Sets hold each shingle once, so the product counts shared shingles exactly.
    matrix = sparse.csr_matrix((ones, (rows, cols.ravel())), shape=shape)
    return np.asarray((matrix @ matrix.T).toarray())
