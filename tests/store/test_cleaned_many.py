"""Cleaned texts saved many per statement: the same rows, index and sketches as one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import pipeline
from storyline.models import CleanedText, RemovedSpan
from storyline.store import Store
from storyline.store import articles as articles_sql
from support import make_article, store_articles

WORDS = ["harbour", "council", "budget", "vote", "storm", "bridge", "election", "court"]


def _texts(n: int) -> list[tuple[str, str]]:
    """Return (id, raw text) of n articles that share some words and differ in others."""
    return [
        (f"a{i}", f"The {WORDS[i % 8]} story number {i} about the {WORDS[(i * 3) % 8]} today.")
        for i in range(n)
    ]


def _fill(store: Store, n: int) -> list[int]:
    store_articles(store, *(make_article(a, t, title=f"Title {a}") for a, t in _texts(n)))
    docs = [store.article_doc(a) for a, _ in _texts(n)]
    assert all(d is not None for d in docs)
    return [d for d in docs if d is not None]


def _state(store: Store) -> tuple[list[tuple[object, ...]], dict[str, list[int]]]:
    rows = [tuple(r) for r in store.conn.execute("SELECT doc, text, removed FROM cleaned")]
    found = {
        w: [
            r[0]
            for r in store.conn.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid", (w,)
            )
        ]
        for w in [*WORDS, "cleaned", "again", "title"]
    }
    return sorted(rows), found


def _rows(docs: list[int], word: str) -> list[tuple[int, CleanedText]]:
    return [
        (d, CleanedText(f"{word} text {k} {WORDS[k % 8]}", (RemovedSpan(0, 3, "promo"),)))
        for k, d in enumerate(docs)
    ]


@pytest.mark.parametrize("per_statement", [1, 3, 300])
def test_many_per_statement_store_and_index_as_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_statement: int
) -> None:
    monkeypatch.setattr(articles_sql, "CLEANED_ROWS_PER_STATEMENT", per_statement)
    states = []
    for how in ("one", "many"):
        with Store.open(tmp_path / f"{how}-{per_statement}.db") as store:
            docs = _fill(store, 10)
            # cleaned once, then re-cleaned (the index must drop the old words), a doc twice
            batches = [_rows(docs, "cleaned"), _rows(docs[::2], "again") + _rows(docs[:1], "x")]
            for batch in batches:
                with store.transaction():
                    if how == "one":
                        for doc, cleaned in batch:
                            store.save_cleaned(doc, cleaned)
                    else:
                        store.save_cleaned_many(batch)
            states.append(_state(store))
    assert states[0] == states[1]
    assert states[1][1]["again"] and states[1][1]["cleaned"]


def test_many_drops_a_stale_sketch_and_keeps_a_current_one(store: Store) -> None:
    docs = _fill(store, 2)
    pipeline.dedup(store)  # sketched from the raw texts
    raw = dict(_texts(2))
    with store.transaction():
        store.save_cleaned_many(
            [(docs[0], CleanedText("a different text now")), (docs[1], CleanedText(raw["a1"]))]
        )
    sketched = {r[0] for r in store.conn.execute("SELECT doc FROM dedup_sketches")}
    assert docs[0] not in sketched and docs[1] in sketched
