"""The first publisher of a story fed with exact times, through the pipeline, the CLI and the API.

Four outlets report one earthquake: two stamp it to the millisecond in other zones (one
millisecond apart), one to the second, one gives only the day. The millisecond clock orders
exactly; the second and the day cover the earliest millisecond and are shown as ties; the report
a millisecond later is not.
"""

from __future__ import annotations

import json
from pathlib import Path

from storyline import pipeline
from storyline.store import Store
from support import news_please_feed, run_cli

from .conftest import build_db, make_client

BODY = (
    "A magnitude 6.8 earthquake struck off the coast of Hokkaido on Tuesday evening, the Japan "
    "Meteorological Agency said, and a tsunami warning was issued for the Pacific coast. "
    "Residents of Kushiro and Nemuro were told to move to higher ground. Public broadcaster NHK "
    "showed damaged buildings in Kushiro; no deaths had been reported, the agency said."
)
REPORTS = [
    ("nhk-later", "2019-11-20T07:04:00.126+09:00", "nhk.or.jp", " Trains were halted."),
    ("reuters-first", "2019-11-19T17:04:00.125-05:00", "reuters.com", " Flights were cancelled."),
    ("bbc-second", "2019-11-19T22:04:00Z", "bbc.co.uk", " Schools will stay closed."),
    ("daily-day", "2019-11-19", "example-daily.com", " Aftershocks followed."),
]


def feed(folder: Path) -> Path:
    """Write the reports as one news-please JSON-lines file."""
    return news_please_feed(
        folder / "quake.jsonl",
        "Magnitude 6.8 quake strikes off Hokkaido, tsunami warning issued",
        BODY,
        REPORTS,
        slug="hokkaido-quake",
    )


def test_millisecond_order_and_overlap_ties_in_story_json_and_api(tmp_path: Path) -> None:
    db = build_db(tmp_path / "quake.db", [feed(tmp_path)])
    listed = run_cli("stories", "--json", db=db)
    assert listed.returncode == 0, listed.stderr
    stories = json.loads(listed.stdout)
    assert [sorted(s["article_ids"]) for s in stories] == [sorted(k for k, *_ in REPORTS)]
    printed = run_cli("story", stories[0]["id"], "--json", db=db)
    assert printed.returncode == 0, printed.stderr
    view = json.loads(printed.stdout)
    first = view["first_published"]
    assert first["article_id"] == "reuters-first" and first["precision"] == "millisecond"
    assert first["date"] == "2019-11-19T17:04:00.125-05:00"  # shown in the zone it came with
    assert sorted(first["tied_with"]) == ["bbc-second", "daily-day"]  # not nhk-later
    assert view["articles"][0]["id"] == "reuters-first"
    with make_client(db) as client:
        assert client.get(f"/api/stories/{stories[0]['id']}").json() == view
        listing = client.get("/api/stories").json()["items"]
    assert listing[0]["first_publisher"] == {
        "article_id": "reuters-first",
        "source": "reuters.com",
        "date": first["date"],
        "tied_with": first["tied_with"],
    }


def test_before_analysis_the_listing_names_no_day_only_date_first(tmp_path: Path) -> None:
    # Canonical order reads the day-only date as its midnight; the listing must not name it
    # first as if it were, and shows the overlaps as ties.
    with Store.open(tmp_path / "raw.db") as store:
        pipeline.ingest(store, [str(feed(tmp_path))])
        pipeline.clean(store)
        pipeline.dedup(store)
        pipeline.cluster(store)
    with make_client(tmp_path / "raw.db") as client:
        (item,) = client.get("/api/stories").json()["items"]
    first = item["first_publisher"]
    assert first["article_id"] != "daily-day"
    assert {first["article_id"], *first["tied_with"]} == {
        "reuters-first",
        "bbc-second",
        "daily-day",
    }


def test_the_story_list_page_marks_a_tied_first_publisher(tmp_path: Path) -> None:
    db = build_db(tmp_path / "quake.db", [feed(tmp_path)])
    with make_client(db) as client:
        page = client.get("/stories").text
    assert "(tied with 2)" in page
