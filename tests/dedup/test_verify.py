"""Exact verification of candidate pairs."""

from __future__ import annotations

from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup import verify
from storyline.dedup.verify import overlap

value_sets = st.lists(
    st.sets(st.integers(min_value=0, max_value=5000), max_size=300), min_size=2, max_size=8
)


@settings(max_examples=60, deadline=None)
@given(value_sets, st.data())
def test_overlap_equals_python_set_intersection(sets: list[set[int]], data: st.DataObject) -> None:
    flat = np.concatenate([np.array(sorted(s), dtype=np.uint32) for s in sets] or [[]])
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in sets])]).astype(np.int64)
    n = len(sets)
    pairs = data.draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=20)
    )
    left = np.array([a for a, _ in pairs], dtype=np.int64)
    right = np.array([b for _, b in pairs], dtype=np.int64)
    ev = overlap(left, right, flat.astype(np.uint32), offsets)
    for k, (a, b) in enumerate(pairs):
        assert ev.shared[k] == len(sets[a] & sets[b])
    for values in (ev.jaccard, ev.left_in_right, ev.right_in_left):
        assert np.all((values >= 0) & (values <= 1))
    assert np.all(ev.jaccard <= np.minimum(ev.left_in_right, ev.right_in_left) + 1e-12)


def test_overlap_of_no_pairs_and_empty_sets() -> None:
    offsets = np.array([0, 0, 2], dtype=np.int64)
    sets = np.array([1, 2], dtype=np.uint32)
    ev = overlap(np.array([0], dtype=np.int64), np.array([1], dtype=np.int64), sets, offsets)
    assert ev.shared.tolist() == [0] and ev.jaccard.tolist() == [0.0]
    none = overlap(np.empty(0, np.int64), np.empty(0, np.int64), sets, offsets)
    assert len(none) == 0


@settings(max_examples=60, deadline=None)
@given(value_sets, st.data(), st.sampled_from([1, 7, 64, 1 << 18]))
def test_overlap_in_small_chunks_equals_python_set_intersection(
    sets: list[set[int]], data: st.DataObject, chunk: int
) -> None:
    """Many chunks, pairs either way round, runs at the very end of the flat array."""
    flat = np.concatenate([np.array(sorted(s), dtype=np.uint32) for s in sets])
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in sets])]).astype(np.int64)
    n = len(sets)
    pairs = data.draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40)
    )
    left = np.array([a for a, _ in pairs], dtype=np.int64)
    right = np.array([b for _, b in pairs], dtype=np.int64)
    with mock.patch.object(verify, "_CHUNK", chunk):
        ev = verify.overlap(left, right, flat, offsets)
    assert ev.shared.tolist() == [len(sets[a] & sets[b]) for a, b in pairs]
    assert ev.left_size.tolist() == [len(sets[a]) for a, _ in pairs]
