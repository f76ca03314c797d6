"""One story's articles in one date order, with its ties, in every view.

Three outlets report one event: Xinhua stamps it to the millisecond at +08:00, AP to the second
at -05:00 (the same UTC second), a daily gives only the day. In UTC the millisecond lies inside
AP's second, which lies inside the day: all three overlap, so all three are tied, and the order
among them is the convention (the more precise first), never the day first as its midnight or
the second before the millisecond it holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from support import news_please_feed, run_cli

from .conftest import make_client

BODY = (
    "A passenger train derailed near Cangzhou in Hebei province on Tuesday evening, injuring at "
    "least 40 people, the provincial emergency management bureau said. Rescue teams worked "
    "through the night to free passengers trapped in two overturned carriages, and the line to "
    "Tianjin was closed while investigators examined the track."
)
REPORTS = [  # listed in the order a stored feed gave them, not in publication order
    ("daily-day", "2019-11-19", "example-daily.com", " Local hospitals asked for blood donors."),
    ("ap-second", "2019-11-19T17:35:39-05:00", "apnews.com", " The cause was not known."),
    ("xinhua-ms", "2019-11-20T06:35:39.250+08:00", "xinhuanet.com", " Officials visited."),
]
ORDER = ["xinhua-ms", "ap-second", "daily-day"]
TIES = {
    "xinhua-ms": ["ap-second", "daily-day"],
    "ap-second": ["xinhua-ms", "daily-day"],
    "daily-day": ["xinhua-ms", "ap-second"],
}


def feed(folder: Path) -> Path:
    """Write the reports as one news-please JSON-lines file."""
    return news_please_feed(
        folder / "derailment.jsonl",
        "Train derails in Hebei, injuring at least 40",
        BODY,
        REPORTS,
        slug="hebei-derailment",
    )


def _cli_json(*args: str, db: Path) -> Any:
    done = run_cli(*args, "--json", db=db)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _ids_in(html: str, start: str, end: str) -> list[str]:
    """Return the article ids linked between two markers of a page, first occurrences in order."""
    section = html[html.index(start) : html.index(end, html.index(start))]
    found = re.findall(r'href="/articles/([\w-]+)"', section)
    return list(dict.fromkeys(found))


def test_every_view_agrees_on_the_date_order_and_its_ties(tmp_path: Path) -> None:
    db = tmp_path / "derailment.db"
    done = run_cli("run", str(feed(tmp_path)), db=db)
    assert done.returncode == 0, done.stderr

    (listed,) = _cli_json("stories", db=db)
    assert listed["article_ids"] == ORDER  # was clustering's: the day first, as its midnight
    assert listed["first_published"] == "2019-11-20T06:35:39.250+08:00"  # was AP's second
    assert listed["last_published"] == "2019-11-19"

    view = _cli_json("story", listed["id"], db=db)
    assert [a["id"] for a in view["articles"]] == ORDER
    assert {a["id"]: a["tied_with"] for a in view["articles"]} == TIES
    assert [t["article_id"] for t in view["timeline"]] == ORDER
    first = view["first_published"]
    assert first["article_id"] == "xinhua-ms"
    assert sorted(first["tied_with"]) == ["ap-second", "daily-day"]

    with make_client(db) as client:
        assert client.get(f"/api/stories/{listed['id']}").json() == view
        (item,) = client.get("/api/stories").json()["items"]
        page = client.get(f"/stories/{listed['id']}").text
        listing = client.get("/stories").text
    assert item["article_ids"] == ORDER
    assert item["first_published"] == listed["first_published"]
    assert item["first_publisher"]["article_id"] == "xinhua-ms"
    assert sorted(item["first_publisher"]["tied_with"]) == ["ap-second", "daily-day"]

    # The listing's range has both ends in UTC: Xinhua's 06:35 at +08:00 is 22:35 the day before,
    # the day the last date names, so no range "20 Nov – 19 Nov" runs backwards.
    assert ">19 Nov 2019 22:35:39.250 UTC</span>" in listing
    assert 'title="20 Nov 2019 06:35:39.250 UTC+08:00"' in listing  # the local time on hover
    assert "</span> – <span" not in listing

    assert _ids_in(page, '<ol class="timeline">', "</ol>") == ORDER
    timeline = page[page.index('<ol class="timeline">') :]
    assert timeline.count("tied with") >= 3  # each row names its ties
    assert "19 Nov 2019 17:35:39 UTC-05:00" in page
    assert "20 Nov 2019 06:35:39.250 UTC+08:00" in page
    assert "00:00" not in page  # the day is shown as a day


def test_the_report_lists_the_same_order_and_ties(tmp_path: Path) -> None:
    db = tmp_path / "derailment.db"
    assert run_cli("run", str(feed(tmp_path)), db=db).returncode == 0
    out = tmp_path / "report"
    done = run_cli("report", "--out", str(out), db=db)
    assert done.returncode == 0, done.stderr
    (page,) = [p for p in out.glob("*.html") if p.name != "index.html"]
    html = page.read_text("utf-8")
    timeline = html[html.index("<h2>Timeline</h2>") :]
    timeline = timeline[: timeline.index("</ol>")]
    assert list(dict.fromkeys(re.findall(r'href="#a-([\w-]+)"', timeline))) == ORDER
    assert "(tied with ap-second, daily-day)" in timeline
    assert "00:00" not in html


# A portal reposts the wire story whole inside its own promos, stamped to the millisecond inside
# the wire's second. The dates tie; the analysis' convention puts the article the other wraps
# first, and every listing shows that order and that first date, not the finer date's.
WIRE = ("wire-original", "2019-11-19T17:35:39-05:00", "apnews.com", BODY)
PORTAL = (
    "a-portal-copy",
    "2019-11-20T06:35:39.250+08:00",
    "portal.example",
    "Breaking news from around the world, updated every minute by our partners. "
    + BODY
    + " Read more: the ten most read stories of the week, our morning newsletter, and the app "
    "that brings every headline to your phone. Follow us for more news as it happens, and share "
    "this article with your friends and family on every social network you use.",
)


def test_listings_show_the_analysis_order_of_a_tie(tmp_path: Path) -> None:
    path = tmp_path / "repost.jsonl"
    rows = [
        {
            "id": key,
            "title": "Train derails in Hebei, injuring at least 40",
            "maintext": text,
            "date_publish": published,
            "source_domain": source,
            "url": f"https://{source}/world/hebei-derailment",
        }
        for key, published, source, text in (PORTAL, WIRE)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    db = tmp_path / "repost.db"
    assert run_cli("run", str(path), db=db).returncode == 0
    (listed,) = _cli_json("stories", db=db)
    view = _cli_json("story", listed["id"], db=db)
    order = ["wire-original", "a-portal-copy"]
    assert view["first_published"]["article_id"] == "wire-original"
    assert view["first_published"]["tied_with"] == ["a-portal-copy"]
    assert [a["id"] for a in view["articles"]] == order
    assert [t["article_id"] for t in view["timeline"]] == order
    assert listed["article_ids"] == order  # was clustering's: the same second, then by id
    assert listed["first_published"] == WIRE[1] == view["first_published"]["date"]
    with make_client(db) as client:
        (item,) = client.get("/api/stories").json()["items"]
    assert item["article_ids"] == order and item["first_published"] == WIRE[1]
