"""The alignment's sparse matrices: the same arrays as scipy's COO and triu route builds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from storyline.analyze.stem_matrix import above_diagonal, pair_products, stem_matrices

STEMS = st.lists(st.frozensets(st.sampled_from("abcdefghij"), max_size=6), max_size=12)


def _reference(stems: list[frozenset[str]]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Build the matrices the way align did before: from COO coordinates."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, group in enumerate(stems):
        for stem in group:
            rows.append(i)
            cols.append(vocab.setdefault(stem, len(vocab)))
    shape = (len(stems), len(vocab))
    ones = np.ones(len(rows), dtype=np.float64)
    binary = sparse.csr_matrix((ones, (rows, cols)), shape=shape)
    df = np.asarray(binary.sum(axis=0)).ravel()
    idf = np.log((len(stems) + 1) / (df + 1)) + 1.0
    weights = sparse.csr_matrix((idf[cols] if cols else ones, (rows, cols)), shape=shape)
    return weights, binary


def _same(a: sparse.csr_matrix, b: sparse.csr_matrix) -> bool:
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)  # bit for bit: products sum in this order
    )


@settings(max_examples=200)
@given(STEMS)
def test_matrices_and_products_equal_the_coo_route(stems: list[frozenset[str]]) -> None:
    # One sentence per row: the COO route's matrices, weighed by their own document counts.
    weights, binary = stem_matrices(stems, [1] * len(stems))
    old_weights, old_binary = _reference(stems)
    assert _same(weights, old_weights) and _same(binary, old_binary)
    if binary.shape[1] == 0:
        return
    for left in (weights, binary):
        rows, cols, values = above_diagonal(left @ binary.T)
        old = sparse.triu(left @ binary.T, k=1).tocsr()
        old.sort_indices()
        old_rows = np.repeat(np.arange(old.shape[0]), np.diff(old.indptr))
        assert np.array_equal(rows, old_rows) and np.array_equal(cols, old.indices)
        assert np.array_equal(values, old.data)


@settings(max_examples=200)
@given(STEMS, st.lists(st.integers(1, 4), min_size=12, max_size=12))
def test_rows_standing_for_several_sentences_weigh_as_the_repeated_rows(
    stems: list[frozenset[str]], counts: list[int]
) -> None:
    # One row per kind of sentence with its count: the IDF and every product of the rows are
    # those of the matrix with each sentence repeated.
    counts = counts[: len(stems)]
    weights, binary = stem_matrices(stems, counts)
    repeated = [s for s, n in zip(stems, counts, strict=True) for _ in range(n)]
    full_weights, full_binary = stem_matrices(repeated, [1] * len(repeated))
    first = np.cumsum([0, *counts])[:-1].astype(np.int64)  # each kind's first sentence
    assert np.array_equal(weights.toarray(), full_weights.toarray()[first])
    assert np.array_equal(binary.toarray(), full_binary.toarray()[first])
    if binary.shape[1]:
        small = (weights @ binary.T).toarray()
        full = (full_weights @ full_binary.T).toarray()
        assert np.array_equal(small, full[np.ix_(first, first)])


@settings(max_examples=200)
@given(STEMS, st.lists(st.integers(1, 4), min_size=12, max_size=12))
def test_pair_products_equal_the_two_products_bit_for_bit(
    stems: list[frozenset[str]], counts: list[int]
) -> None:
    weights, binary = stem_matrices(stems, counts[: len(stems)])
    if binary.shape[1] == 0:
        return
    rows, cols, common, shared = pair_products(weights, binary)
    old_rows, old_cols, old_common = above_diagonal(weights @ binary.T)
    old_shared = above_diagonal(binary @ binary.T)[2]
    assert np.array_equal(rows, old_rows) and np.array_equal(cols, old_cols)
    assert common.dtype == old_common.dtype and common.tobytes() == old_common.tobytes()
    assert shared.dtype == old_shared.dtype and shared.tobytes() == old_shared.tobytes()
