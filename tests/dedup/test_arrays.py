"""Corpus arrays: taking shared-passage shingles out of every text's set."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup.arrays import CorpusSketches, SketchArrays, without_shingles
from storyline.dedup.sketch import sketch
from storyline.dedup.spill import drop_values

U32 = np.uint32


def old_without(
    flat: np.ndarray, offsets: np.ndarray, drop: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The whole-corpus mask and running count drop_values replaced (same results)."""
    keep = ~np.isin(flat, drop)
    return flat[keep], np.concatenate(([0], np.cumsum(keep)))[offsets]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 40), max_size=12, unique=True), max_size=12),
    st.lists(st.integers(0, 40), max_size=15, unique=True),
    st.integers(1, 9),
)
def test_drop_values_equals_the_whole_corpus_mask(
    runs: list[list[int]], drop: list[int], block: int
) -> None:
    flat = np.array([v for run in runs for v in sorted(run)], dtype=U32)
    offsets = np.concatenate(([0], np.cumsum([len(r) for r in runs]))).astype(np.int64)
    ignore = np.array(sorted(drop), dtype=U32)
    got, got_offsets = drop_values(flat, offsets, ignore, block=block)
    want, want_offsets = old_without(flat, offsets, ignore)
    assert np.array_equal(got, want) and got.dtype == U32
    assert np.array_equal(got_offsets, want_offsets) and got_offsets.dtype == np.int64


def corpus(texts: int, per_text: int) -> CorpusSketches:
    rng = np.random.default_rng(7)
    flat = np.sort(rng.integers(0, 1 << 31, (texts, per_text), dtype=U32), axis=1).ravel()
    offsets = np.arange(texts + 1, dtype=np.int64) * per_text
    none = np.empty(0, dtype=U32)
    return CorpusSketches(
        sets=flat,
        set_offsets=offsets,
        signatures=np.zeros((texts, 16), dtype=np.uint16),
        anchor_keys=flat[::32].copy(),
        anchor_docs=np.repeat(np.arange(texts, dtype=U32), per_text // 32),
        exact=np.zeros(texts, dtype=np.uint64),
        words=np.full(texts, per_text, dtype=np.int64),
        names=none,
        name_offsets=np.zeros(texts + 1, dtype=np.int64),
    )


def test_without_shingles_needs_little_beyond_the_kept_sets() -> None:
    """At a million texts the sets are ~2 GB: the filter must not add int64 per element."""
    big = corpus(40_000, 256)  # 10 M shingles, 40 MB
    ignore = np.unique(big.sets[::10])  # a tenth of them are shared passages
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        trimmed = without_shingles(big, ignore)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    want, want_offsets = old_without(big.sets, big.set_offsets, ignore)
    assert np.array_equal(trimmed.sets, want)
    assert np.array_equal(trimmed.set_offsets, want_offsets)
    # the kept sets (0.9 x 40 MB) and bounded blocks; the whole-corpus mask and its
    # int64 running count took over 4x the sets
    assert peak < 2 * big.sets.nbytes


def test_drop_shingles_in_place_equals_the_copy_and_keeps_growing(
    make_article: Callable[..., str],
) -> None:
    texts = [make_article(i) for i in range(30)]
    arrays = SketchArrays(64)
    arrays.append(sketch(texts[:20], ngram=3, num_perm=64, anchor_rate=4))
    before = arrays.view()
    ignore = np.unique(before.sets[::3])
    fields = ("sets", "set_offsets", "anchor_keys", "anchor_docs")
    copied = without_shingles(before, ignore)
    want = {name: getattr(copied, name).copy() for name in fields}
    arrays.drop_shingles(ignore)
    got = arrays.view()
    for name in fields:
        assert np.array_equal(getattr(got, name), want[name]), name
    # appending after the drop continues from the kept values, not the stale tail
    del before, got, copied  # views must not outlive an append (as before)
    more = sketch(texts[20:], ngram=3, num_perm=64, anchor_rate=4)
    arrays.append(more)
    grown = arrays.view()
    kept = len(want["sets"])
    assert np.array_equal(grown.sets[:kept], want["sets"])
    assert np.array_equal(grown.sets[kept:], more.sets)
    assert grown.set_offsets[-1] == len(grown.sets)
    assert (
        len(grown.anchor_keys)
        == len(grown.anchor_docs)
        == len(want["anchor_keys"]) + len(more.anchor_keys)
    )
