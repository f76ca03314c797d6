"""Stored story analyses: save, read back, replace and prune."""

from __future__ import annotations

from storyline.store import Store


def test_save_get_replace_and_prune(store: Store) -> None:
    assert store.get_analysis("s1") is None
    with store.transaction():
        store.save_analysis("s1", "fp1", {"id": "s1", "title": "Brücke – “zu”"})
        store.save_analysis("s2", "fp2", {"id": "s2"})
    assert store.get_analysis("s1") == ("fp1", {"id": "s1", "title": "Brücke – “zu”"})
    with store.transaction():
        store.save_analysis("s1", "fp1b", {"id": "s1", "title": "new"})
    assert store.get_analysis("s1") == ("fp1b", {"id": "s1", "title": "new"})
    with store.transaction():
        assert store.prune_analyses(["s1"]) == 1
    assert store.get_analysis("s2") is None and store.get_analysis("s1") is not None
    with store.transaction():
        assert store.prune_analyses([]) == 1
    assert store.get_analysis("s1") is None
