"""Shared passages: judged and intersected in bounded chunks of groups, with the same result."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.dedup import passages
from storyline.dedup.engine import Deduplicator
from storyline.dedup.passages import in_place, passage_shingles
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
