"""Spilled shingle sets (corpus mode): the same sets, drops, overlaps and clusters as in memory."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup import passages, spill
from storyline.dedup.boilerplate import ClosingLines
from storyline.dedup.corpus import CorpusReport, shared_passages
from storyline.dedup.engine import Deduplicator
from storyline.dedup.passages import passage_shingles
from storyline.dedup.spill import SetFile, drop_values
from storyline.dedup.threads import in_threads
from storyline.dedup.verify import overlap
from storyline.errors import StorylineError
from support import corpus_gen

U32 = np.uint32
RUNS = st.lists(st.lists(st.integers(0, 60), max_size=14, unique=True), min_size=1, max_size=14)


def _layout(runs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    flat = np.array([v for run in runs for v in sorted(run)], dtype=U32)
    offsets = np.concatenate(([0], np.cumsum([len(r) for r in runs]))).astype(np.int64)
    return flat, offsets


def _spilled(flat: np.ndarray, pieces: int = 3) -> SetFile:
    out = SetFile()
    for part in np.array_split(flat, pieces):
        out.append(part)
    return out


@settings(max_examples=150, deadline=None)
@given(RUNS, st.lists(st.integers(0, 60), max_size=20, unique=True), st.integers(1, 9))
def test_drop_in_the_file_equals_drop_values(
    runs: list[list[int]], drop: list[int], block: int
) -> None:
    flat, offsets = _layout(runs)
    ignore = np.array(sorted(drop), dtype=U32)
    want, want_offsets = drop_values(flat, offsets, ignore, block=block)
    sets = _spilled(flat)
    got_offsets = sets.drop(offsets, ignore, block=block)
    assert np.array_equal(got_offsets, want_offsets)
    assert np.array_equal(sets.read(0, sets.elements), want)
    sets.close()


@settings(max_examples=150, deadline=None)
@given(RUNS, st.data())
def test_gather_and_overlap_read_what_memory_holds(
    runs: list[list[int]], data: st.DataObject
) -> None:
    flat, offsets = _layout(runs)
    n = len(runs)
    sets = _spilled(flat)
    docs = np.array(sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1))), dtype=np.int64)
    got, local, rows = sets.gather(offsets, docs)
    for row, d in zip(rows.tolist(), docs.tolist(), strict=True):
        assert np.array_equal(got[local[row] : local[row + 1]], flat[offsets[d] : offsets[d + 1]])
    pairs = data.draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30)
    )
    left = np.array([a for a, _ in pairs], dtype=np.int64)
    right = np.array([b for _, b in pairs], dtype=np.int64)
    want, ev = overlap(left, right, flat, offsets), sets.overlap(left, right, offsets)
    for name in ("left", "right", "shared", "left_size", "right_size"):
        assert np.array_equal(getattr(ev, name), getattr(want, name)), name
    sets.close()


def test_threads_keep_the_order_of_the_serial_loop() -> None:
    items = list(range(50))
    assert in_threads(lambda i: i * i, items, threads=2) == [i * i for i in items]
    assert in_threads(lambda i: i * i, items[:3], threads=2) == [0, 1, 4]


def _clusters(texts: list[str], *, spilled: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    dedup = Deduplicator(spill=spilled)
    for i in range(0, len(texts), 500):
        dedup.add(texts[i : i + 500])
    closing = ClosingLines()
    for i, text in enumerate(texts):
        closing.add(text, i)
    ignore = shared_passages(dedup, closing, CorpusReport())
    result = dedup.finish(ignore=ignore)
    dedup.close()
    return result.labels, result.links.left, result.links.right


def test_spilled_sets_give_the_clusters_of_sets_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated news corpus (spam blocks, excerpts, templates, copies of copies): the same
    clusters and links whether the sets wait in a file or in memory, with verification read
    in small pieces so that many pieces are gathered."""
    texts = [str(r["text"]) for r in corpus_gen().generate(1500, seed=5)]
    monkeypatch.setattr(spill, "PAIRS", 64)
    spilled = _clusters(texts, spilled=True)
    held = _clusters(texts, spilled=False)
    for got, want in zip(spilled, held, strict=True):
        assert np.array_equal(got, want)
    assert len(np.unique(spilled[0])) < len(texts)  # copies were found


def test_a_full_disk_is_a_clean_error(monkeypatch: pytest.MonkeyPatch) -> None:
    sets = SetFile()

    def full(_: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sets._file, "write", full)
    with pytest.raises(StorylineError, match="TMPDIR"):
        sets.append(np.arange(10, dtype=U32))
    sets.close()


def test_passages_judged_a_few_groups_at_a_time_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [str(r["text"]) for r in corpus_gen().generate(1500, seed=6)]
    dedup = Deduplicator(spill=True)
    dedup.add(texts)
    corpus = dedup.sketches()

    def found() -> tuple[np.ndarray, int]:
        keys, docs = corpus.anchor_keys, corpus.anchor_docs
        return passage_shingles(keys, docs, corpus.gather, corpus.gather_names)

    whole, count = found()
    monkeypatch.setattr(passages, "_GATHERED", 7)
    parts, part_count = found()
    assert count > 7 and part_count == count
    assert np.array_equal(parts, whole)
    dedup.close()
