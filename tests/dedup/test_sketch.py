"""Shingle sets, one-permutation signatures, anchors."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup.sketch import EMPTY, densify, sketch


def sk(texts: list[str], ngram: int = 3, num_perm: int = 128):  # type: ignore[no-untyped-def]
    return sketch(texts, ngram=ngram, num_perm=num_perm, anchor_rate=32)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abc xyz.", max_size=200), min_size=1, max_size=5))
def test_signatures_are_deterministic_and_batch_independent(texts: list[str]) -> None:
    batch = sk(texts)
    again = sk(list(texts))
    assert np.array_equal(batch.signatures, again.signatures)
    for i, text in enumerate(texts):
        assert np.array_equal(sk([text]).signatures[0], batch.signatures[i])


def test_sets_are_sorted_distinct_and_cover_every_shingle() -> None:
    text = "one two three one two three four"  # shingles repeat
    out = sk([text])
    values = out.sets[out.set_offsets[0] : out.set_offsets[1]]
    assert np.all(np.diff(values.astype(np.int64)) > 0)
    assert len(values) == 4  # "one two three" twice, then three more distinct


def test_identical_texts_share_the_whole_signature_and_different_ones_little(
    make_article: Callable[..., str],
) -> None:
    article = make_article
    a, b = article(1), article(2)
    out = sk([a, a, b])
    assert np.array_equal(out.signatures[0], out.signatures[1])
    assert (out.signatures[0] == out.signatures[2]).mean() < 0.2


def test_short_and_empty_texts_have_no_shingles_but_short_ones_an_exact_hash() -> None:
    out = sk(["", "two words", "two  WORDS!"])
    assert np.diff(out.set_offsets).tolist() == [0, 0, 0]
    assert out.words.tolist() == [0, 2, 2]
    assert out.exact[0] == 0 and out.exact[1] == out.exact[2] != 0
    assert np.all(out.signatures == EMPTY)


def test_densify_fills_every_bin_of_a_sparse_signature_consistently() -> None:
    out = sk(["alpha beta gamma delta", "alpha beta gamma delta"], num_perm=64)
    assert np.all(out.signatures != EMPTY)
    assert np.array_equal(out.signatures[0], out.signatures[1])
    empty_row = np.full((1, 16), EMPTY, dtype=np.uint32)
    densify(empty_row)  # nothing to copy from: left empty, no crash
    assert np.all(empty_row == EMPTY)


def test_anchors_are_a_content_defined_sample_of_the_set(make_article: Callable[..., str]) -> None:
    article = make_article
    text = article(3)
    out = sk([f"header words here. {text}", text])
    first = set(out.anchor_keys[out.anchor_docs == 0].tolist())
    second = set(out.anchor_keys[out.anchor_docs == 1].tolist())
    assert second and second <= first
    assert np.all(out.anchor_keys % 32 == 0)


def test_members_of_a_corpus_sized_array_match_a_binary_search() -> None:
    # above a million values members() filters by a table first: it must find the same ones
    from storyline.dedup.sketch import members

    rng = np.random.default_rng(3)
    known = np.unique(rng.integers(0, 2**31, 50_000).astype(np.uint32))
    # over a million of them pass the table (a corpus full of boilerplate): searched, once
    values = np.concatenate([rng.integers(0, 2**31, 1_000_000).astype(np.uint32)] + [known] * 24)
    at = np.searchsorted(known, values).clip(0, len(known) - 1)
    assert np.array_equal(members(values, known), known[at] == values)
