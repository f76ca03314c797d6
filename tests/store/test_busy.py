"""A writer meeting another process's write waits for it, says so, and fails cleanly at last."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.store import Store
from storyline.store.db import busy_timeout
from support import make_article, run_cli, store_articles


def _hold_lock(db: Path, seconds: float, held: threading.Event) -> None:
    """Hold the write lock of db for a while, as a long `storyline cluster` does."""
    with Store.open(db) as other, other.transaction():
        held.set()
        time.sleep(seconds)


def test_a_writer_waits_for_the_other_and_says_what_it_waits_for(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store.open(db).close()
    held = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(db, 1.0, held))
    holder.start()
    held.wait()
    notes: list[str] = []
    with Store.open(db, busy_timeout=30, tell=notes.append) as store:
        assert store_articles(store, make_article("a", "some text")) == ["ingested"]
    holder.join()
    assert notes and "waiting for another process writing" in notes[0]
    assert str(db) in notes[0] and "STORYLINE_BUSY_TIMEOUT" in notes[0]


def test_a_writer_gives_up_with_a_clear_error_after_the_timeout(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store.open(db).close()
    held = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(db, 2.0, held))
    holder.start()
    held.wait()
    try:
        with (
            Store.open(db, busy_timeout=0.3, tell=lambda _: None) as store,
            pytest.raises(StoreError, match="still being written by another process"),
        ):
            store_articles(store, make_article("a", "some text"))
    finally:
        holder.join()


def test_busy_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_BUSY_TIMEOUT", "12.5")
    assert busy_timeout() == 12.5
    assert busy_timeout(3) == 3
    monkeypatch.setenv("STORYLINE_BUSY_TIMEOUT", "soon")
    with pytest.raises(StoreError, match="not a number"):
        busy_timeout()
    monkeypatch.setenv("STORYLINE_BUSY_TIMEOUT", "nan")
    with pytest.raises(StoreError, match="0 or more"):
        busy_timeout()


def test_ingest_into_a_busy_store_ends_with_a_message_not_a_traceback(
    tmp_path: Path, fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`storyline ingest` while another process writes: a note, then a one-line error."""
    db = tmp_path / "s.db"
    Store.open(db).close()
    monkeypatch.setenv("STORYLINE_BUSY_TIMEOUT", "1")
    held = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(db, 8.0, held))
    holder.start()
    held.wait()
    try:
        result = run_cli("ingest", str(fixtures / "articles.jsonl"), db=db)
    finally:
        holder.join()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "waiting for another process writing" in result.stderr
    assert "error:" in result.stderr and "STORYLINE_BUSY_TIMEOUT" in result.stderr
