"""Clustering places articles without the write lock: other writers go on meanwhile."""

from __future__ import annotations

from pathlib import Path

from storyline import pipeline
from storyline.store import Store
from support import FIXTURES, make_article, store_articles


def _ingested(path: Path) -> Store:
    store = Store.open(path)
    pipeline.ingest(store, [str(FIXTURES / "seeds")])
    pipeline.clean(store)
    pipeline.dedup(store)
    return store


def test_another_writer_is_not_blocked_while_articles_are_placed(tmp_path: Path) -> None:
    """An ingest meeting a running cluster stores its article at once instead of waiting."""
    db = tmp_path / "s.db"
    written: list[str] = []

    def write_meanwhile(_: int) -> None:
        if written:
            return
        with Store.open(db, busy_timeout=0.2, tell=lambda _: None) as other:
            written.extend(store_articles(other, make_article("late", "A late report.")))

    with _ingested(db) as store:
        report = pipeline.cluster(store, tick=write_meanwhile)
        assert written == ["ingested"]
        assert report.placed == 4
        assert len(store.list_stories()) >= 1


def test_stories_written_meanwhile_make_the_run_place_again_under_the_lock(
    tmp_path: Path,
) -> None:
    """A second cluster run that lands while the first places: the first redoes its work."""
    db = tmp_path / "s.db"
    done: list[int] = []

    def cluster_meanwhile(_: int) -> None:
        if done:
            return
        done.append(1)
        with Store.open(db, busy_timeout=5) as other:  # the old engine held the lock: 5 s
            pipeline.cluster(other)

    with _ingested(db) as store:
        pipeline.cluster(store, tick=cluster_meanwhile)
        first = [(s["id"], s["article_ids"]) for s in store.list_stories()]
    with _ingested(tmp_path / "alone.db") as alone:
        pipeline.cluster(alone)
        expected = [(s["id"], s["article_ids"]) for s in alone.list_stories()]
    assert first == expected
