"""Stories' first and last times and their listing order are compared in UTC."""

from __future__ import annotations

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


def test_migration_keys_older_rows_as_python_does(store: Store) -> None:
    values = [
        "2019-11-20T13:42:06+08:00",
        "2019-11-20T06:35:39Z",
        "2019-11-19T17:04-05:00",
        "2017-09-15T00:00:00",
        "2019-11-19",
        "2016-07-14T21:32:16",
        "2019-11-19T21:46:40.123+00:00",
    ]
    write(store, *(make(f"a{i}", f"text {i}", published=v) for i, v in enumerate(values)))
    store.conn.execute("UPDATE articles SET published_key = NULL")
    sql = next(text for number, _, text in migrations() if number == 12)
    update = sql[sql.index("UPDATE articles") : sql.index(";", sql.index("UPDATE articles")) + 1]
    store.conn.execute(update)
    keys = dict(store.conn.execute("SELECT published, published_key FROM articles"))
    assert keys == {v: stored_key(v) for v in values}
