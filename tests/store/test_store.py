"""Store: migrations, versions, idempotence and an Article round trip."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import StoreError
from storyline.models import CleanedText, RemovedSpan
from storyline.store import Store
from storyline.store.db import migrations
from support import make_article as make
from support import store_articles as write


def test_migrations_are_numbered_and_applied(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == migrations()[-1][0]
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store.open(tmp_path / "s.db") as again:  # reopening migrates nothing twice
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == version


def test_a_store_from_a_newer_storyline_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        newer = migrations()[-1][0] + 1
        store.conn.execute(f"PRAGMA user_version = {newer}")
    for readonly in (False, True):
        with pytest.raises(StoreError, match=f"schema version {newer}.*upgrade storyline"):
            Store.open(tmp_path / "s.db", readonly=readonly)


def test_same_content_is_unchanged_and_new_content_a_new_version(store: Store) -> None:
    assert write(store, make("a", "first text")) == ["ingested"]
    assert write(store, make("a", "first text")) == ["unchanged"]
    assert write(store, make("a", "second text")) == ["new-version"]
    current = store.get_article("a")
    assert current is not None and current.text == "second text" and current.version == 2
    old = store.get_article("a", version=1)
    assert old is not None and old.text == "first text"
    assert store.count_articles() == 1 and len(store.versions("a")) == 2


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    try:
        with store.transaction():
            batch = store.new_batch()
            store.upsert_article(make("x", "text"), batch)
            raise RuntimeError("crash")
    except RuntimeError:
        pass
    assert store.count_articles() == 0


def test_cleaned_text_round_trip(store: Store) -> None:
    write(store, make("a", "keep this. drop that."))
    doc = store.article_doc("a")
    assert doc is not None
    cleaned = CleanedText("keep this.", (RemovedSpan(11, 21, "promo"),))
    with store.transaction():
        store.save_cleaned(doc, cleaned)
    assert store.get_cleaned("a") == cleaned


def test_readonly_open_of_missing_db_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from storyline.errors import StoreError

    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "none.db", readonly=True)


text_st = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)
opt_st = st.none() | st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=text_st,
    title=opt_st,
    source=opt_st,
    url=opt_st,
    published=st.none() | st.dates().map(lambda d: d.isoformat()),
    authors=st.lists(st.text(min_size=1, max_size=10), max_size=3).map(tuple),
)
def test_article_round_trips_through_the_store(
    tmp_path_factory: object,
    text: str,
    title: str | None,
    source: str | None,
    url: str | None,
    published: str | None,
    authors: tuple[str, ...],
) -> None:
    path = tmp_path_factory.mktemp("rt") / "rt.db"  # type: ignore[attr-defined]
    article = replace(
        make("id-1", text),
        title=title,
        source=source,
        url=url,
        published=published,
        authors=authors,
        raw="raw " + text,
        path="p#1",
    )
    with Store.open(path) as store:
        write(store, article)
        assert store.get_article("id-1") == article
    sqlite3.connect(path).close()
