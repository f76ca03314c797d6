"""Shared passages: judged and intersected in bounded chunks of groups, with the same result."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup import passages
from storyline.dedup.engine import Deduplicator
from storyline.dedup.passages import common_shingles, in_place, passage_shingles
from support import corpus_gen


def _generated_texts(docs: int, seed: int) -> list[str]:
    """Return the texts of a generated v2 corpus (reused spam blocks, templates, copies)."""
    module = corpus_gen()
    return [record["text"] for record in module.generate(docs, seed=seed)]


def test_passages_in_small_chunks_equal_one_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    dedup = Deduplicator()
    dedup.add(_generated_texts(3000, seed=1))
    corpus = dedup.sketches()

    def found() -> tuple[np.ndarray, int]:
        return passage_shingles(
            corpus.anchor_keys,
            corpus.anchor_docs,
            in_place(corpus.sets, corpus.set_offsets),
            in_place(corpus.names, corpus.name_offsets),
        )

    monkeypatch.setattr(passages, "_CHUNK", 1 << 30)
    monkeypatch.setattr(passages, "_JUDGED", 1 << 30)
    whole, count = found()
    assert count > 20  # the generator's reused spam blocks are there
    monkeypatch.setattr(passages, "_CHUNK", 7)
    monkeypatch.setattr(passages, "_JUDGED", 5)
    parts, part_count = found()
    assert part_count == count
    assert np.array_equal(parts, whole)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sets(st.integers(0, 60), max_size=40), min_size=1, max_size=9),
    st.lists(st.lists(st.integers(0, 8), min_size=4, max_size=4), min_size=1, max_size=12),
    st.sampled_from([1, 50, 1 << 22]),
)
def test_common_shingles_are_what_every_text_of_a_row_holds(
    sets: list[set[int]], picks: list[list[int]], width: int
) -> None:
    rows = np.array([[i % len(sets) for i in pick] for pick in picks], dtype=np.int64)
    flat = np.concatenate([np.array(sorted(s), dtype=np.uint32) for s in sets])
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in sets])]).astype(np.int64)
    with mock.patch.object(passages, "_WIDTH", width):
        got = common_shingles(rows, flat, offsets)
    want = [v for row in rows.tolist() for v in set.intersection(*(sets[d] for d in row))]
    assert sorted(got.tolist()) == sorted(want)
