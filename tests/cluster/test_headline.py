"""The headline clustering reads: the URL's slug stands in for a title that names only the site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from storyline import pipeline
from storyline.cluster.api import list_stories
from storyline.cluster.batch import cluster_items
from storyline.cluster.headline import headline, names_only_site, url_slug
from storyline.cluster.model import ClusterItem
from storyline.cluster.run import cluster_store
from storyline.store import Store

ABC = (
    "http://abcnews.go.com/Technology/wireStory/"
    "russian-space-experts-regain-control-1st-angola-satellite-52044233"
)
RT = "https://www.rt.com/on-air/414286-angola-satellite-launch-baikonur/"
NPR_SEARCH = "https://www.npr.org/templates/search/index.php?searchinput=Costa+Rica+plane+crash"
DISCLAIMER = (
    "External links are provided for reference purposes. Daily Planet is not responsible "
    "for the content of external Internet sites."
)


def test_titles_that_name_only_the_site_are_told_from_headlines() -> None:
    assert names_only_site("ABC News", ABC)
    assert names_only_site("World news - RT International", RT)
    assert names_only_site("NPR Search : NPR", NPR_SEARCH)
    assert names_only_site("Just a moment...", RT)  # a bot check served instead of the page
    assert names_only_site("", RT)
    assert not names_only_site("Russia regains contact with Angola's satellite", RT)
    assert not names_only_site("ABC News poll: Biden leads", ABC)  # a headline naming the site


def test_the_slug_is_the_last_path_segment_that_reads_as_words() -> None:
    assert url_slug(ABC) == "russian space experts regain control 1st angola satellite"
    assert url_slug(RT) == "angola satellite launch baikonur"
    assert url_slug("https://x.com/2024/04/26/blinken-warns-china/index.html") == (
        "blinken warns china"
    )
    assert url_slug("https://x.com/news/caf%C3%A9-owner_wins_award.html") == "café owner wins award"
    assert url_slug(NPR_SEARCH) is None  # a search page: its query is not a headline
    assert url_slug("https://www.reuters.com/world/europe/") is None  # a section
    assert url_slug("https://www.bbc.co.uk/news/world-us-canada-68912345") is None  # and an id


def test_the_headline_replaces_only_a_site_title() -> None:
    assert headline("ABC News", ABC, "abcnews.go.com") == url_slug(ABC)
    assert headline("Angola satellite back in contact", ABC) == "Angola satellite back in contact"
    assert headline("ABC News", None) == "ABC News"
    assert headline("NPR Search : NPR", NPR_SEARCH) == "NPR Search : NPR"


@given(st.text(max_size=80), st.sampled_from([ABC, RT, NPR_SEARCH, "not a url", ""]))
def test_a_title_with_a_word_of_its_own_is_kept(title: str, url: str) -> None:
    own = [w for w in re.findall(r"[^\W_]+", title) if not names_only_site(w, url)]
    if own:
        assert headline(title, url) == title
    assert headline(title, None) == title


def _site_page(record: dict[str, Any], url: str | None) -> ClusterItem:
    """Return a failed page of the Daily Planet that reported the record's event."""
    return ClusterItem(
        "planet", DISCLAIMER, "Daily Planet", record["published"], "Daily Planet", url
    )


def _slug_url(title: str) -> str:
    return "https://www.dailyplanet.com/business/" + "-".join(title.lower().split()) + "-81723"


def test_a_page_titled_with_the_site_name_joins_the_story_its_url_names(
    events: list[dict[str, Any]], items: list[ClusterItem]
) -> None:
    record = events[0]
    mates = {r["id"] for r in events if r["event"] == record["event"]}
    for url, joins in ((_slug_url(record["title"]), True), (None, False)):
        stories = cluster_items([*items, _site_page(record, url)])
        (story,) = [s for s in stories if "planet" in s.article_ids]
        assert (set(story.article_ids) == mates | {"planet"}) is joins
        assert len(story.article_ids) == (len(mates) + 1 if joins else 1)


def test_a_stored_page_is_clustered_by_the_slug_of_its_url(
    tmp_path: Path, events: list[dict[str, Any]]
) -> None:
    record = events[0]
    page = {
        "id": "planet",
        "title": "Daily Planet",
        "text": DISCLAIMER,
        "published": record["published"],
        "url": _slug_url(record["title"]),
    }
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in [*events, page]), encoding="utf-8")
    with Store.open(tmp_path / "s.db") as store:
        pipeline.ingest(store, [str(path)])
        pipeline.clean(store)
        cluster_store(store)
        (story,) = [s for s in list_stories(store) if "planet" in s["article_ids"]]
    assert record["id"] in story["article_ids"]
