"""Stories' first and last times and their listing order are compared in UTC."""

from __future__ import annotations

import sqlite3

from storyline.dates import stored_key
from storyline.store import Store
from storyline.store import clusters as cluster_sql
from storyline.store.clusters import MemberRow
from storyline.store.db import migrations
from support import make_article as make
from support import store_articles as write


def _story(store: Store, story: str, dated: dict[str, str]) -> None:
    write(store, *(make(a, f"text of {a}", published=p) for a, p in dated.items()))
    docs = dict(store.conn.execute("SELECT id, doc FROM articles WHERE is_current = 1"))
    rows = [
        MemberRow(a, docs[a], story, f"{p}|{a}", None, None, "seed", 1.0, (), (), None)
        for a, p in dated.items()
    ]
    with store.transaction():
        cluster_sql.save_members(store.conn, rows)
        cluster_sql.refresh_stories(store.conn, [story])


def test_first_and_last_are_instants_not_strings(store: Store) -> None:
    # 13:42 at +08:00 is 05:42 UTC: earlier than 06:35 UTC, though it sorts later as a string.
    _story(store, "s1", {"a": "2019-11-20T06:35:39+00:00", "b": "2019-11-20T13:42:06+08:00"})
    story = store.get_story("s1")
    assert story is not None
    assert story["first_published"] == "2019-11-20T13:42:06+08:00"
    assert story["last_published"] == "2019-11-20T06:35:39+00:00"


def test_stories_list_most_recent_first_in_utc(store: Store) -> None:
    _story(store, "s-tokyo", {"t": "2019-11-20T15:00:00+09:00"})  # 06:00 UTC
    _story(store, "s-london", {"l": "2019-11-20T07:00:00+00:00"})  # 07:00 UTC
    assert [s["id"] for s in store.list_stories()] == ["s-london", "s-tokyo"]


def _migration(number: int) -> list[str]:
    """Split a packaged migration into its statements."""
    sql = next(text for n, _, text in migrations() if n == number)
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if not line.lstrip().startswith("--"):
            buffer += line
        if buffer.strip() and sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return statements


def test_migration_rekeys_older_rows_and_first_last_as_python_does(store: Store) -> None:
    values = [
        "2019-11-20T13:42:06+08:00",
        "2019-11-20T06:35:39Z",
        "2019-11-19T17:04-05:00",
        "2017-09-15T00:00:00",
        "2019-11-19",
        "2016-07-14T21:32:16",
        "2019-11-19T21:46:40.123+00:00",
        "2019-11-19T21:46:40.123456+00:00",
        "not a date",
    ]
    _story(store, "s1", {f"a{i}": v for i, v in enumerate(values)})
    # A second and a millisecond within it: the story opens with the millisecond.
    _story(store, "s2", {"sec": "2019-11-19T17:35:39-05:00", "ms": "2019-11-20T06:35:39.250+08:00"})
    python = {
        s: (row["first_published"], row["last_published"])
        for s in ("s1", "s2")
        if (row := store.get_story(s)) is not None
    }
    keys = dict(store.conn.execute("SELECT published, published_key FROM articles"))
    assert keys == {
        v: stored_key(v)
        for v in [*values, "2019-11-19T17:35:39-05:00", "2019-11-20T06:35:39.250+08:00"]
    }
    # Rows as storyline 0012 keyed them: re-run its keys, then this migration over them.
    store.conn.execute("UPDATE cluster_stories SET first_published = 'x', last_published = 'x'")
    for statement in _migration(12):
        if statement.startswith("UPDATE"):
            store.conn.execute(statement)
    assert (
        store.conn.execute("SELECT published_key FROM articles WHERE id = 'a4'").fetchone()[0]
        == "2019-11-19T~"
    )
    for statement in _migration(15):
        store.conn.execute(statement)
    assert dict(store.conn.execute("SELECT published, published_key FROM articles")) == keys
    for story, (first, last) in python.items():
        row = store.get_story(story)
        assert row is not None and (row["first_published"], row["last_published"]) == (first, last)
        keyed = store.conn.execute(
            "SELECT first_key_utc, last_key_utc FROM cluster_stories WHERE id = ?", (story,)
        ).fetchone()
        assert tuple(keyed) == (stored_key(first), stored_key(last))
    assert python["s2"] == ("2019-11-20T06:35:39.250+08:00", "2019-11-19T17:35:39-05:00")
