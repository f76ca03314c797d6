"""POST /api/follow and the sources-followed page, against a loopback news site."""

from __future__ import annotations

from pathlib import Path

from follow_site import Site, rss, topic_page
from storyline.config import FollowConfig

from .conftest import make_client

FAST = FollowConfig(rate=200.0, timeout=2.0, retries=0, user_agent="storyline-test/1.0")


def test_follow_from_the_api_then_the_page_shows_the_source(tmp_path: Path) -> None:
    db = tmp_path / "api.db"
    with Site() as site, make_client(db, token="s3cret", follow=FAST) as client:
        for topic in ("flood", "election"):
            site.add(f"/news/{topic}", topic_page(topic))
        site.add("/private/x", topic_page("merger"))
        site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        links = [(t, site.url(f"/news/{t}")) for t in ("flood", "election")]
        site.add(
            "/feed.xml",
            rss([*links, ("x", site.url("/private/x"))]),
            content_type="application/rss+xml",
        )
        body = {"sources": [site.url("/feed.xml")], "fetch_now": True}
        assert client.post("/api/follow", json=body).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        answer = client.post("/api/follow", json=body, headers=auth)
        assert answer.status_code == 201, answer.text
        assert answer.json()["round"]["fetch"]["stored"] == 2
        assert len(answer.json()["round"]["new_stories"]) == 2
        listing = client.get("/followed.json").json()
        row = listing["items"][0]
        assert (row["url"], row["kind"], row["articles"], row["blocked"]) == (
            site.url("/feed.xml"),
            "feed",
            2,
            1,
        )
        assert client.get("/api/follow").json() == listing
        page = client.get("/followed")
        assert page.status_code == 200 and site.url("/feed.xml") in page.text
        assert site.hits["/private/x"] == 0


def test_follow_refuses_local_paths_from_the_network(tmp_path: Path) -> None:
    with make_client(tmp_path / "api.db") as client:
        answer = client.post("/api/follow", json={"sources": ["/etc/passwd"]})
        assert answer.status_code == 400 and "http(s)" in answer.json()["message"]
        assert client.post("/api/follow", json={"sources": []}).status_code == 422
