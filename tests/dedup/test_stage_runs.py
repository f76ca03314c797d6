"""Store-mode dedup in batches and runs: each pair is verified once, with the passages of the
whole run; the stored evidence does not depend on the batch size; an interrupted run is
finished by the next one; versions sketched before the store kept sets still work."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.dedup import stage
from storyline.dedup.index import DedupIndex
from storyline.dedup.stage import dedup_store
from storyline.models import Article
from storyline.store import Store
from support import corpus_gen, store_articles


def _generated(n: int) -> list[Article]:
    gen = corpus_gen()
    return [
        Article(id=r["id"], text=r["text"], content_hash=r["id"], published=r["published"])
        for r in gen.generate(n, 3, profile="v2")
    ]


def _pairs(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """Return every stored pair's evidence and kind, by article ids."""
    rows = conn.execute(
        "SELECT a.id, b.id, p.shared, p.doc_size, p.other_size, p.kind FROM dedup_pairs p "
        "JOIN articles a ON a.doc = p.doc JOIN articles b ON b.doc = p.other ORDER BY 1, 2"
    )
    return [tuple(r) for r in rows]


def _run(path: Path, parts: list[list[Article]]) -> tuple[dict[str, str], list[tuple[object, ...]]]:
    with Store.open(path) as store:
        for part in parts:
            store_articles(store, *part)
            dedup_store(store)
        return store.duplicate_groups(), _pairs(store.conn)


def test_small_batches_store_the_evidence_of_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = _generated(400)
    whole = _run(tmp_path / "one.db", [articles])
    monkeypatch.setattr(stage, "BATCH", 37)
    batched = _run(tmp_path / "batches.db", [articles])
    assert batched[0] == whole[0]
    # every pair judged with the passages of all batches, not those of the batch it came in
    assert batched[1] == whole[1]
    assert len(set(whole[0].values())) > 20


def test_an_interrupted_run_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = _generated(300)
    whole = _run(tmp_path / "one.db", [articles])

    def fail(self: DedupIndex) -> int:
        raise RuntimeError("stopped")

    with Store.open(tmp_path / "cut.db") as store:
        store_articles(store, *articles)
        with monkeypatch.context() as patch:
            patch.setattr(stage, "BATCH", 100)
            patch.setattr(DedupIndex, "settle", fail)
            with pytest.raises(RuntimeError):
                dedup_store(store)  # the batches are committed, their pairs not verified
        assert dedup_store(store).indexed == 0
        assert (store.duplicate_groups(), _pairs(store.conn)) == whole


def test_versions_sketched_before_sets_were_kept_are_re_read(tmp_path: Path) -> None:
    articles = _generated(300)
    changed = replace(articles[5], text=articles[200].text, content_hash="changed")
    whole = _run(tmp_path / "one.db", [[*articles[:5], changed, *articles[6:]]])
    with Store.open(tmp_path / "old.db") as store:
        store_articles(store, *articles[:150])
        dedup_store(store)
        old = store.article_doc(articles[5].id)
        with store.transaction():  # as a store migrated from before 0016 holds them
            store.conn.execute("DELETE FROM dedup_sets")
        store_articles(store, changed, *articles[150:])
        dedup_store(store)
        left = store.conn.execute(
            "SELECT (SELECT COUNT(*) FROM dedup_bands WHERE doc = ?) + "
            "(SELECT COUNT(*) FROM dedup_anchors WHERE doc = ?)",
            (old, old),
        ).fetchone()[0]
        assert left == 0  # the stale version's index entries are gone
        assert store.duplicate_groups() == whole[0]


def test_a_stale_version_leaves_no_index_entries(tmp_path: Path) -> None:
    articles = _generated(60)
    with Store.open(tmp_path / "s.db") as store:
        store_articles(store, *articles)
        dedup_store(store)
        old = store.article_doc(articles[0].id)
        store_articles(store, replace(articles[0], text=articles[1].text, content_hash="new"))
        dedup_store(store)
        for table in ("dedup_bands", "dedup_anchors", "dedup_sets", "dedup_sketches"):
            count = f"SELECT COUNT(*) FROM {table} WHERE doc = ?"
            assert store.conn.execute(count, (old,)).fetchone()[0] == 0, table
        assert store.duplicate_groups()[articles[0].id] == store.duplicate_groups()[articles[1].id]
