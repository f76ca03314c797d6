"""Cleaning pages through the uncleaned articles: each row read once, in doc order."""

from __future__ import annotations

from storyline import pipeline
from storyline.models import CleanedText
from storyline.store import Store
from support import make_article, store_articles


def test_pages_follow_doc_order_and_skip_cleaned(store: Store) -> None:
    store_articles(
        store, *(make_article(f"a{n}", f"Text number {n} of the feed.") for n in range(5))
    )
    first = list(store.uncleaned(limit=2))
    assert [a.id for _, a in first] == ["a0", "a1"]
    rest = list(store.uncleaned(after=first[-1][0]))
    assert [a.id for _, a in rest] == ["a2", "a3", "a4"]
    with store.transaction():
        store.save_cleaned(rest[0][0], CleanedText(text="cleaned", removed=()))
    assert [a.id for _, a in store.uncleaned(after=first[-1][0], limit=5)] == ["a3", "a4"]


def test_clean_in_small_chunks_cleans_every_article_once(store: Store) -> None:
    store_articles(store, *(make_article(f"b{n}", f"Story {n}. It has words.") for n in range(7)))
    assert pipeline.clean(store, chunk=3, workers=1) == 7
    assert list(store.uncleaned()) == []
    assert pipeline.clean(store, chunk=3, workers=1) == 0
