"""Clustering a store: incremental runs, batch equivalence, events, duplicates, views."""

from __future__ import annotations

import json
import random
import zlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from storyline import pipeline
from storyline.cluster.model import ClusterConfig
from storyline.cluster.run import KEEP_DAYS, checkpoints_to_keep, cluster_store
from storyline.errors import NotFoundError, UsageError
from storyline.store import Store
from storyline.store import checkpoints as state_sql
from storyline.stories import list_stories, story_detail
from support import FIXTURES, SEED_IDS


def ingest(store: Store, records: list[dict[str, Any]], folder: Path, name: str) -> None:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    pipeline.ingest(store, [str(path)])


def partition(store: Store) -> dict[str, str]:
    return {a: s["id"] for s in list_stories(store) for a in s["article_ids"]}


def test_seeds_form_exactly_one_story(store: Store) -> None:
    pipeline.ingest(store, [str(FIXTURES / "seeds")])
    pipeline.clean(store)
    report = cluster_store(store)
    assert report.placed == 4 and report.stories == 1
    (story,) = list_stories(store)
    assert sorted(story["article_ids"]) == SEED_IDS
    assert story["first_published"] == "2024-04-26" and story["last_published"] == "2024-04-28"
    assert story["title"]
    again = cluster_store(store)
    assert again.placed == 0 and again.stories == 1  # nothing new: nothing to do


def test_one_by_one_feeding_equals_one_batch(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    with Store.open(tmp_path / "batch.db") as batch:
        ingest(batch, events, tmp_path, "all")
        cluster_store(batch)
        expected = partition(batch)
    order = events[:]
    random.Random(7).shuffle(order)
    with Store.open(tmp_path / "inc.db") as inc:
        seen_events = []
        for start in range(0, len(order), 9):
            ingest(inc, order[start : start + 9], tmp_path, f"part{start}")
            seen_events += cluster_store(inc).events
        assert partition(inc) == expected  # same stories, same ids
        assert any(e.kind == "renamed" for e in seen_events)  # late first articles renamed stories
        for story in list_stories(inc):
            detail = story_detail(inc, story["id"])
            assert [a["id"] for a in detail["articles"]] == story["article_ids"]


def test_new_version_is_reclustered(
    tmp_path: Path, store: Store, events: list[dict[str, Any]]
) -> None:
    ingest(store, events, tmp_path, "all")
    cluster_store(store)
    first = events[0]
    changed = {**first, "title": "Chess final in Ravenna", "text": "A chess final was played."}
    ingest(store, [changed], tmp_path, "changed")
    report = cluster_store(store)
    assert report.placed >= 1
    story = story_detail(store, store.story_of_article(first["id"]) or "")
    assert story["article_ids"] == [first["id"]]  # it no longer reports the event


def test_duplicates_are_always_in_one_story(
    tmp_path: Path, store: Store, events: list[dict[str, Any]]
) -> None:
    ingest(store, events, tmp_path, "all")
    a = next(e for e in events if e["group"] == "earthquake")
    b = next(e for e in events if e["group"] == "election")
    cluster_store(store)
    assert store.story_of_article(a["id"]) != store.story_of_article(b["id"])
    report = cluster_store(store, duplicates={a["id"]: "g", b["id"]: "g"})
    assert report.placed > 0 and report.events  # the replay joined two stories
    assert store.story_of_article(a["id"]) == store.story_of_article(b["id"])
    detail = story_detail(store, store.story_of_article(a["id"]) or "")
    kinds = {x["id"]: x["link"]["kind"] for x in detail["articles"]}
    assert "duplicate" in (kinds[a["id"]], kinds[b["id"]])
    merge = next(e for e in report.events if e.kind == "merge")
    assert merge.story_id == store.story_of_article(a["id"])


def test_merged_away_id_leads_to_its_successor(
    tmp_path: Path, store: Store, events: list[dict[str, Any]]
) -> None:
    ingest(store, events, tmp_path, "all")
    a = next(e for e in events if e["group"] == "earthquake")
    b = next(e for e in events if e["group"] == "election")
    cluster_store(store)
    old = {store.story_of_article(a["id"]), store.story_of_article(b["id"])}
    both = {e["id"]: "g" for e in events if e["event"] in (a["event"], b["event"])}
    cluster_store(store, duplicates=both)  # one story now: the younger one is merged away
    survivor = store.story_of_article(a["id"])
    (gone,) = old - {survivor}
    assert gone is not None and story_detail(store, gone)["redirected_from"] == gone
    assert story_detail(store, gone)["id"] == survivor
    assert any(e["kind"] == "merge" for e in story_detail(store, gone)["events"])


def test_changed_settings_replay_everything(
    tmp_path: Path, store: Store, events: list[dict[str, Any]]
) -> None:
    ingest(store, events, tmp_path, "all")
    cluster_store(store)
    strict = cluster_store(store, ClusterConfig(threshold=0.99))
    assert strict.placed == len(events) and strict.replayed_from == ""
    assert len(list_stories(store)) == len(events)  # nothing is that similar
    assert any(e.kind == "split" for e in strict.events)


def test_views_check_their_input(store: Store) -> None:
    with pytest.raises(NotFoundError, match="storyline stories"):
        story_detail(store, "s-missing")
    with pytest.raises(UsageError):
        list_stories(store, limit=0)
    assert list_stories(store) == []


def spread(records: list[dict[str, Any]], hours: float) -> list[dict[str, Any]]:
    """Re-date records in order, one every `hours`, so a small corpus spans weeks."""
    start = datetime(2024, 3, 1)
    return [
        {**r, "published": (start + timedelta(hours=hours * k)).isoformat()}
        for k, r in enumerate(sorted(records, key=lambda r: r["published"]))
    ]


@pytest.mark.parametrize("late_days", [0.6, 2.5, 12.0])
def test_a_late_article_replays_about_as_much_as_it_is_late(
    tmp_path: Path, events: list[dict[str, Any]], late_days: float
) -> None:
    dated = spread(events, hours=12)  # 69 reports over 34 days
    *feed, late = dated
    late = {**late, "published": (_time(feed[-1]) - timedelta(days=late_days)).isoformat()}
    with Store.open(tmp_path / "feed.db") as store:
        for start in range(0, len(feed), 2):  # a run a day
            ingest(store, feed[start : start + 2], tmp_path, f"day{start}")
            cluster_store(store)
        ingest(store, [late], tmp_path, "late")
        report = cluster_store(store)
        assert report.replayed_from  # restored from a checkpoint, not from the start
        since = datetime.fromisoformat(report.replayed_from.split("|")[0])
        replayed = [r for r in feed if _time(r) > since]
        assert report.placed == len(replayed) + 1
        # the last checkpoint of the day (of the week, past KEEP_DAYS) before it
        slack = 1 if late_days < KEEP_DAYS else 7
        assert late_days < (_time(feed[-1]) - since).total_seconds() / 86400 <= late_days + slack
        incremental = partition(store)
    with Store.open(tmp_path / "batch.db") as batch:
        ingest(batch, [*feed, late], tmp_path, "all")
        cluster_store(batch)
        assert incremental == partition(batch)


def _time(record: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(record["published"])


def test_checkpoints_kept_are_the_last_of_each_recent_day_and_week() -> None:
    keys = [f"2024-03-{day:02d}T{hour:02d}:00:00|a" for day in range(1, 32) for hour in (6, 18)]
    kept = sorted(checkpoints_to_keep([*keys, "~|undated"]))
    days = [f"2024-03-{day}T18:00:00|a" for day in (29, 30, 31)]  # 2 days back and today
    weeks = [f"2024-03-{day:02d}T18:00:00|a" for day in (3, 10, 17, 24)]  # Sundays, + today's
    assert kept == sorted({*days, *weeks, "~|undated"})
    assert checkpoints_to_keep([]) == set()
    assert checkpoints_to_keep(keys[:1]) == {keys[0]}
    assert checkpoints_to_keep([""]) == {""}  # the state of an empty store


def test_a_state_larger_than_the_bound_still_restores_in_pieces(
    tmp_path: Path, events: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ordered = sorted(events, key=lambda e: e["published"])
    half = len(ordered) // 2
    monkeypatch.setattr(state_sql, "CHECKPOINT_CHUNK", 1)  # one story per piece
    with Store.open(tmp_path / "pieces.db") as store:
        ingest(store, ordered[:half], tmp_path, "first")
        cluster_store(store)
        newest = "(SELECT MAX(after_key) FROM cluster_checkpoints)"
        sizes = [
            len(zlib.decompress(blob))
            for table in ("cluster_checkpoints", "cluster_checkpoint_parts")
            for (blob,) in store.conn.execute(
                f"SELECT state FROM {table} WHERE after_key = {newest}"
            )
        ]
        monkeypatch.setattr(state_sql, "MAX_STATE_BYTES", max(sizes))
        assert sum(sizes) > 2 * max(sizes)  # stored whole, this state would be refused
        ingest(store, ordered[half:], tmp_path, "second")
        report = cluster_store(store)
        restored = partition(store)
    with Store.open(tmp_path / "batch.db") as batch:
        ingest(batch, ordered, tmp_path, "all")
        cluster_store(batch)
        expected = partition(batch)
    assert report.note is None and report.placed < len(events)
    assert restored == expected


def test_an_oversized_checkpoint_replays_everything_and_says_so(
    tmp_path: Path, events: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ordered = sorted(events, key=lambda e: e["published"])
    half = len(ordered) // 2
    results = []
    for limit in (state_sql.MAX_STATE_BYTES, 64):  # no engine state is 64 bytes small
        with Store.open(tmp_path / f"{limit}.db") as store:
            ingest(store, ordered[:half], tmp_path, "first")
            cluster_store(store)
            monkeypatch.setattr(state_sql, "MAX_STATE_BYTES", limit)
            ingest(store, ordered[half:], tmp_path, "second")
            results.append((cluster_store(store), partition(store)))
    (restored, expected), (refused, replayed) = results
    assert restored.note is None and restored.placed < len(events)
    assert refused.placed == len(events) and refused.replayed_from == ""
    assert "too large to restore" in refused.summary()
    assert replayed == expected  # the same stories either way
