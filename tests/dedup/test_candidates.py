"""Candidate generation: groups, pair sets, bands, anchors, equal texts."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations, pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup.candidates import (
    PairSet,
    anchor_pairs,
    band_pairs,
    exact_pairs,
    group_pairs,
    sorted_unique,
)
from storyline.dedup.sketch import sketch


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=12), max_size=12), st.integers(2, 6))
def test_group_pairs_are_all_pairs_or_a_star_and_chain(sizes: list[int], cap: int) -> None:
    members = np.arange(sum(sizes), dtype=np.int64)[::-1].copy()
    start = (
        np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        if sizes
        else np.empty(0, np.int64)
    )
    length = np.array(sizes, dtype=np.int64)
    found = {
        tuple(sorted(p))
        for lo, hi in group_pairs(members, start, length, max_bucket=cap)
        for p in zip(lo.tolist(), hi.tolist(), strict=True)
    }
    expected: set[tuple[int, ...]] = set()
    for s, n in zip(start.tolist(), sizes, strict=False):
        group = members[s : s + n].tolist()
        if n <= cap:
            expected |= {tuple(sorted(p)) for p in combinations(group, 2)}
        else:
            expected |= {tuple(sorted((group[0], x))) for x in group[1:]}
            expected |= {tuple(sorted(p)) for p in pairwise(group)}
    assert found == expected


def test_pair_set_drops_repeats_and_self_pairs_across_folds() -> None:
    found = PairSet()
    found.add(np.array([1, 2, 3, 3]), np.array([2, 1, 3, 4]))
    found.add(np.array([4]), np.array([3]))
    left, right = found.pairs()
    assert list(zip(left.tolist(), right.tolist(), strict=False)) == [(1, 2), (3, 4)]


def corpus(texts: list[str]):  # type: ignore[no-untyped-def]
    return sketch(texts, ngram=3, num_perm=128, anchor_rate=32)


def test_bands_pair_near_duplicates_and_not_strangers(make_article: Callable[..., str]) -> None:
    article = make_article
    a, b = article(1), article(2)
    out = corpus([a, a + " one more sentence here.", b])
    left, right = band_pairs(
        out.signatures.astype(np.uint16), np.arange(3), bands=32, max_bucket=128
    )
    assert list(zip(left.tolist(), right.tolist(), strict=False)) == [(0, 1)]


def test_anchors_pair_a_text_with_a_longer_page_that_holds_it(
    make_article: Callable[..., str],
) -> None:
    article = make_article
    a = article(1)
    page = f"{article(50, 40)}\n\n{a}\n\n{article(51, 40)}"
    out = corpus([a, page, article(2)])
    chunks = list(anchor_pairs(out.anchor_keys, out.anchor_docs, per_doc=8, max_df=128))
    pairs = {(int(a), int(b)) for left, right in chunks for a, b in zip(left, right, strict=True)}
    assert (0, 1) in pairs and (0, 2) not in pairs


def test_equal_texts_are_paired_with_the_first_one() -> None:
    exact = np.array([5, 0, 5, 7, 5], dtype=np.uint64)
    left, right = exact_pairs(exact, np.arange(5))
    assert list(zip(left.tolist(), right.tolist(), strict=False)) == [(0, 2), (0, 4)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), max_size=60), st.sampled_from([np.uint64, np.uint32]))
def test_sorted_unique_equals_numpy_unique(values: list[int], dtype: type) -> None:
    a = np.array(values, dtype=np.uint64).astype(dtype).reshape(-1, 1)
    got = sorted_unique(a)
    assert got.dtype == np.unique(a).dtype
    assert got.tolist() == np.unique(a).tolist()
    assert a.ravel().tolist() == np.array(values, dtype=np.uint64).astype(dtype).tolist()
