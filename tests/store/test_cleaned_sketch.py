"""Issue 22: a dedup sketch taken from raw text is refreshed once the text is cleaned."""

from __future__ import annotations

from storyline import pipeline
from storyline.models import CleanedText
from storyline.store import Store
from support import make_article, store_articles

BODY = " ".join(f"word{i}" for i in range(80))


def sketch_words(store: Store, doc: int) -> int | None:
    row = store.conn.execute("SELECT words FROM dedup_sketches WHERE doc = ?", (doc,)).fetchone()
    return None if row is None else int(row[0])


def test_cleaning_after_dedup_makes_dedup_sketch_the_clean_text(store: Store) -> None:
    raw = BODY + " Subscribe to our newsletter for more stories like this one today"
    store_articles(store, make_article("a", raw), make_article("b", BODY + " other"))
    pipeline.dedup(store)  # as after --no-clean: sketched from the raw text
    doc = store.article_doc("a")
    assert doc is not None and sketch_words(store, doc) not in (None, 80)
    with store.transaction():
        store.save_cleaned(doc, CleanedText(BODY))
    pipeline.dedup(store)
    assert sketch_words(store, doc) == 80


def test_cleaning_that_keeps_the_text_keeps_the_sketch(store: Store) -> None:
    store_articles(store, make_article("a", BODY))
    pipeline.dedup(store)
    doc = store.article_doc("a")
    assert doc is not None
    with store.transaction():
        store.save_cleaned(doc, CleanedText(BODY))
    assert sketch_words(store, doc) == 80
