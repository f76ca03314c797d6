"""The sparse matrices of sentence alignment: sentence x stem weights and their pair products.

Kept apart from align.py: how they are built decides the order in which each product sums its
terms, so they are built exactly as the COO route of scipy would build them (and tested so).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse


def above_diagonal(matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the rows, columns and values of the entries right of the diagonal, row by row.

    In order of row, then column: the entries of sparse.triu(matrix, k=1).tocsr(), sorted.
    """
    matrix.sort_indices()
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    keep = matrix.indices > rows
    return rows[keep], matrix.indices[keep], matrix.data[keep]


def pair_products(
    weights: sparse.csr_matrix, binary: sparse.csr_matrix
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the rows, columns, shared weight and shared stem count of the pairs (row < column).

    As above_diagonal(weights @ binary.T) and above_diagonal(binary @ binary.T)[2], from one
    product: the weights carry the presence as an imaginary part (w + 1j), and times a present
    stem (1 + 0j) each term is exactly w + 1j, summed part by part in the same order.
    """
    joined = sparse.csr_matrix(
        (weights.data + 1j, weights.indices, weights.indptr), shape=weights.shape
    )
    rows, cols, values = above_diagonal(joined @ binary.T)
    return rows, cols, values.real.copy(), values.imag.copy()


def stem_matrices(
    stems: Sequence[frozenset[str]], counts: Sequence[int]
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Build the sentence x stem matrices: IDF weights and presence.

    counts: how many sentences each row stands for; the IDF counts them all.
    """
    vocab: dict[str, int] = {}
    cols: list[int] = []
    for group in stems:
        cols.extend(vocab.setdefault(stem, len(vocab)) for stem in group)
    shape = (len(stems), len(vocab))
    # Built as CSR directly (each row's stems are distinct), indices sorted as the COO route
    # would sort them: the same arrays, so every product sums in the same order.
    indptr = np.concatenate(([0], np.cumsum([len(g) for g in stems], dtype=np.int64)))
    ones = np.ones(len(cols), dtype=np.float64)
    binary = sparse.csr_matrix((ones, np.array(cols, dtype=np.int64), indptr), shape=shape)
    binary.sort_indices()
    per_entry = np.repeat(np.asarray(counts, dtype=np.int64), np.diff(binary.indptr))
    # Whole numbers summed in floats are exact: the same integer counts as one row each.
    df = np.bincount(binary.indices, per_entry, minlength=len(vocab)).astype(np.int64)
    sentences = int(sum(counts))
    idf = np.log((sentences + 1) / (df + 1)) + 1.0
    weights = sparse.csr_matrix(
        (idf[binary.indices], binary.indices.copy(), binary.indptr.copy()), shape=shape
    )
    weights.sort_indices()  # already sorted: only records it
    return weights, binary
