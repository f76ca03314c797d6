"""Store-mode dedup sketches in worker processes, part by part: the same index, pairs and groups
as one process sketching whole batches."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from storyline.dedup import stage
from storyline.dedup.engine import DedupConfig
from storyline.dedup.prepare import join, prepare
from storyline.dedup.stage import dedup_store
from storyline.models import Article
from storyline.store import Store
from support import corpus_gen, count_pool_starts, store_articles

_TABLES = ("dedup_sketches", "dedup_sets", "dedup_bands", "dedup_anchors", "dedup_pairs",
           "dedup_groups", "dedup_checks", "dedup_spam", "dedup_passage_groups",
           "dedup_passage_anchors")  # fmt: skip


def _generated(n: int) -> list[Article]:
    gen = corpus_gen()
    return [
        Article(id=r["id"], text=r["text"], content_hash=r["id"], published=r["published"])
        for r in gen.generate(n, 3, profile="v2")
    ]


def _tables(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Return every row of the dedup tables, in a fixed order."""
    return {t: sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {t}")) for t in _TABLES}


def _run(path: Path, articles: list[Article], workers: int) -> dict[str, list[tuple[object, ...]]]:
    with Store.open(path) as store:
        store_articles(store, *articles)
        report = dedup_store(store, workers=workers)
        assert report.indexed == len(articles)
        return _tables(store.conn)


def test_two_workers_store_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = _generated(300)
    monkeypatch.setattr(stage, "BATCH", 90)  # four batches, the last one short
    one = _run(tmp_path / "one.db", articles, workers=1)
    monkeypatch.setattr(stage, "PART", 17)  # batches in uneven parts, over processes
    started = count_pool_starts(monkeypatch)
    two = _run(tmp_path / "two.db", articles, workers=2)
    assert started == [2]  # the parts were sketched in worker processes
    assert len(one["dedup_groups"]) == 300 and len(one["dedup_pairs"]) > 20
    assert one == two


def test_parts_joined_equal_the_batch_prepared_at_once() -> None:
    texts = [a.text for a in _generated(60)] + ["", "too short", "Short words only."]
    config = DedupConfig()
    whole = prepare(texts, config)
    cuts = [0, 1, 14, 40, 61, len(texts)]
    joined = join([prepare(texts[a:b], config) for a, b in pairwise(cuts)])
    for name in ("sig16", "sized", "band_keys"):
        assert np.array_equal(getattr(joined, name), getattr(whole, name)), name
    for f in fields(whole.sketches):
        ours, theirs = getattr(joined.sketches, f.name), getattr(whole.sketches, f.name)
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), f.name
