"""Pages whose title names only the site: clustered and named by their URL's slug."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline import pipeline
from storyline.cluster.batch import cluster_items
from storyline.cluster.model import ClusterItem
from storyline.cluster.run import cluster_store
from storyline.store import Store
from storyline.stories import list_stories

DISCLAIMER = (
    "External links are provided for reference purposes. Daily Planet is not responsible "
    "for the content of external Internet sites."
)


def _slug_url(title: str) -> str:
    return "https://www.dailyplanet.com/business/" + "-".join(title.lower().split()) + "-81723"


def _page(record: dict[str, Any], url: str | None) -> dict[str, Any]:
    """Return a failed Daily Planet page that reported the record's event."""
    return {
        "id": "planet",
        "title": "Daily Planet",
        "text": DISCLAIMER,
        "published": record["published"],
        "source": "Daily Planet",
        "url": url,
    }


def _store_stories(tmp_path: Path, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Store.open(tmp_path / "s.db") as store:
        pipeline.ingest(store, [str(path)])
        pipeline.clean(store)
        cluster_store(store)
        return list_stories(store)


def test_a_page_titled_with_the_site_name_joins_the_story_its_url_names(
    events: list[dict[str, Any]], items: list[ClusterItem]
) -> None:
    record = events[0]
    mates = {r["id"] for r in events if r["event"] == record["event"]}
    for url, joins in ((_slug_url(record["title"]), True), (None, False)):
        page = ClusterItem(**_page(record, url))
        (story,) = [s for s in cluster_items([*items, page]) if "planet" in s.article_ids]
        assert set(story.article_ids) == (mates | {"planet"} if joins else {"planet"})


def test_a_stored_page_is_clustered_by_its_slug_and_never_names_the_story(
    tmp_path: Path, events: list[dict[str, Any]]
) -> None:
    record = events[0]
    first = {**_page(record, _slug_url(record["title"])), "published": "2024-03-03T00:00:00"}
    (story,) = [
        s for s in _store_stories(tmp_path, [*events, first]) if "planet" in s["article_ids"]
    ]
    assert record["id"] in story["article_ids"]
    assert story["article_ids"][0] == "planet"  # it is the first report ...
    assert story["title"] != "Daily Planet"  # ... but the story goes by a real headline
    assert story["title"] in {r["title"] for r in events if r["event"] == record["event"]}


def test_a_story_of_one_site_titled_page_is_named_by_its_slug(tmp_path: Path) -> None:
    page = _page({"published": "2024-03-03"}, _slug_url("Quake shakes Norbury harbour"))
    (story,) = _store_stories(tmp_path, [page])
    assert story["title"] == "quake shakes norbury harbour"
