"""follow: feeds, sitemaps and lists fetched politely from a loopback site into stories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from follow_site import (
    TOPICS,
    Site,
    atom,
    json_feed,
    rss,
    shared_pages,
    sitemap,
    sitemap_index,
    topic_page,
)
from storyline.config import MB, FollowConfig
from storyline.follow import FollowReport, follow_round
from storyline.ingest.follow import Fetcher, add_sources
from storyline.store import Store

FAST = FollowConfig(
    rate=200.0,
    per_host=4,
    workers=8,
    timeout=1.0,
    retries=1,
    backoff=0.05,
    max_bytes=1 * MB,
    max_redirects=3,
    user_agent="storyline-test/1.0",
)
ROBOTS = "User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def site() -> Iterator[Site]:
    """Serve a small news site on 127.0.0.1 with a robots.txt forbidding /private/."""
    with Site() as running:
        running.add("/robots.txt", ROBOTS, content_type="text/plain")
        for topic in ("flood", "election", "merger", "vaccine"):
            running.add(f"/news/{topic}", topic_page(topic))
        yield running


def one_round(store: Store, config: FollowConfig = FAST) -> FollowReport:
    with Fetcher(config) as fetcher:
        return follow_round(store, fetcher, config)


def frontier(store: Store) -> dict[str, tuple[str, str | None]]:
    rows = store.conn.execute("SELECT url, state, error FROM follow_frontier").fetchall()
    return {r[0].rsplit("/", 2)[-2] + "/" + r[0].rsplit("/", 1)[-1]: (r[1], r[2]) for r in rows}


def test_round_two_fetches_only_the_new_items(site: Site, store: Store) -> None:
    items = [(t, site.url(f"/news/{t}")) for t in ("flood", "election", "merger")]
    site.add("/feed.xml", rss(items), content_type="application/rss+xml", etag='"v1"')
    add_sources(store, [site.url("/feed.xml")])
    first = one_round(store)
    assert first.fetch.stored == 3 and store.count_articles() == 3
    assert len(first.new_stories) == 3  # three unrelated events
    site.add(
        "/feed.xml",
        rss([("vaccine", site.url("/news/vaccine")), *items]),
        content_type="application/rss+xml",
        etag='"v2"',
    )
    second = one_round(store)
    assert second.fetch.stored == 1 and second.fetch.found == 1
    assert [site.hits[f"/news/{t}"] for t in ("flood", "election", "merger", "vaccine")] == [
        1,
        1,
        1,
        1,
    ]
    assert site.hits["/feed.xml"] == 2 and site.conditional["/feed.xml"] == 1
    assert site.agents == {"storyline-test/1.0"}


def test_unchanged_feed_answers_304_and_nothing_is_fetched(site: Site, store: Store) -> None:
    site.add(
        "/feed.xml",
        rss([("flood", site.url("/news/flood"))]),
        etag='"same"',
        content_type="application/rss+xml",
    )
    add_sources(store, [site.url("/feed.xml")])
    one_round(store)
    report = one_round(store)
    assert report.fetch.unchanged == 1 and report.fetch.pages == 0
    assert site.hits["/news/flood"] == 1
    status = store.conn.execute("SELECT last_status FROM follow_sources").fetchone()[0]
    assert status == 304


def test_refetch_sends_validators_and_a_304_keeps_the_article(site: Site, store: Store) -> None:
    site.add("/news/flood", topic_page("flood"), etag='"a1"')
    site.add("/list.txt", site.url("/news/flood") + "\n", content_type="text/plain")
    add_sources(store, [site.url("/list.txt")])
    one_round(store)
    again = FollowConfig(**{**vars(FAST), "refetch": True})
    report = one_round(store, again)
    assert site.conditional["/news/flood"] == 1 and report.fetch.unchanged >= 1
    assert store.count_articles() == 1 and report.fetch.stored == 0


def test_robots_forbidden_paths_are_never_requested(site: Site, store: Store) -> None:
    site.add("/private/secret", topic_page("merger"))
    links = [("secret", site.url("/private/secret")), ("flood", site.url("/news/flood"))]
    site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    add_sources(store, [site.url("/feed.xml")])
    report = one_round(store)
    one_round(store)
    assert site.hits["/private/secret"] == 0 and report.fetch.blocked == 1
    assert frontier(store)["private/secret"][0] == "blocked"
    assert site.hits["/robots.txt"] == 2  # once per round, before any page


def test_slow_page_times_out_without_stalling_the_round(site: Site, store: Store) -> None:
    site.add("/news/slow", topic_page("merger", 3), delay=3.0)
    links = [("slow", site.url("/news/slow"))] + [
        (t, site.url(f"/news/{t}")) for t in ("flood", "election", "vaccine")
    ]
    site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    add_sources(store, [site.url("/feed.xml")])
    config = FollowConfig(**{**vars(FAST), "timeout": 0.5, "retries": 0})
    report = one_round(store, config)
    assert report.fetch.stored == 3 and report.fetch.retry == 1
    state, error = frontier(store)["news/slow"]
    assert state == "retry" and "timed out" in (error or "")


def test_server_errors_are_retried_then_tried_next_round(site: Site, store: Store) -> None:
    site.add("/news/broken", "oops", status=500)
    site.add("/news/gone", "gone", status=404)
    links = [("b", site.url("/news/broken")), ("g", site.url("/news/gone"))]
    site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    add_sources(store, [site.url("/feed.xml")])
    one_round(store)
    assert site.hits["/news/broken"] == 2 and site.hits["/news/gone"] == 1  # 5xx only retried
    assert frontier(store)["news/broken"][0] == "retry"
    assert frontier(store)["news/gone"] == ("failed", "HTTP 404")
    one_round(store)
    assert site.hits["/news/broken"] == 4 and site.hits["/news/gone"] == 1


def test_redirects_are_followed_within_a_bound(site: Site, store: Store) -> None:
    site.redirect("/old/flood", "/news/flood", status=301)
    site.redirect("/loop/a", "/loop/b")
    site.redirect("/loop/b", "/loop/a")
    for n in range(1, 8):
        site.redirect(f"/chain/{n}", f"/chain/{n + 1}")
    links = [("o", site.url("/old/flood")), ("l", site.url("/loop/a")), ("c", site.url("/chain/1"))]
    site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    add_sources(store, [site.url("/feed.xml")])
    report = one_round(store)
    assert report.fetch.stored == 1
    article = store.get_article(report.fetch.article_ids[0])
    assert article is not None and article.url == site.url("/news/flood")
    assert site.hits["/loop/a"] == 1 and site.hits["/loop/b"] == 1
    assert "more than 3 redirects" in (frontier(store)["chain/1"][1] or "")
    assert site.hits["/chain/4"] == 1 and site.hits["/chain/5"] == 0  # three hops after the first
    site.add("/feed.xml", rss([("f", site.url("/news/flood"))]), content_type="application/rss+xml")
    assert one_round(store).fetch.pages == 0  # where the redirect led counts as fetched
    assert site.hits["/news/flood"] == 1


def test_huge_responses_are_cut_at_the_cap(site: Site, store: Store) -> None:
    site.add("/news/huge", stream=3 * MB)
    site.add("/news/declared", b"x" * (2 * MB))
    links = [
        ("h", site.url("/news/huge")),
        ("d", site.url("/news/declared")),
        ("f", site.url("/news/flood")),
    ]
    site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    add_sources(store, [site.url("/feed.xml")])
    report = one_round(store)
    assert report.fetch.stored == 1 and report.fetch.failed == 2
    assert "byte cap" in (frontier(store)["news/huge"][1] or "")
    assert "byte cap" in (frontier(store)["news/declared"][1] or "")


def test_syndicated_copy_under_two_urls_is_a_copy_in_one_story(site: Site, store: Store) -> None:
    site.add("/partner/flood-report", topic_page("flood"))
    links = [
        ("f", site.url("/news/flood")),
        ("p", site.url("/partner/flood-report")),
        ("e", site.url("/news/election")),
    ]
    site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    add_sources(store, [site.url("/feed.xml")])
    report = one_round(store)
    assert len(report.copies) == 1
    copy = report.copies[0]
    assert store.story_of_article(copy["article"]) == store.story_of_article(copy["copy_of"])
    assert len(report.new_stories) == 2


def test_tracking_parameters_do_not_cause_a_second_fetch(site: Site, store: Store) -> None:
    links = [
        ("a", site.url("/news/flood?utm_source=rss&utm_medium=feed")),
        ("b", site.url("/news/flood#comments")),
        ("c", site.url("/news/flood")),
    ]
    site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    add_sources(store, [site.url("/feed.xml")])
    report = one_round(store)
    assert report.fetch.found == 1 and site.hits["/news/flood"] == 1


def test_atom_json_feed_sitemap_index_and_opml(site: Site, store: Store, tmp_path: Path) -> None:
    site.add(
        "/atom.xml", atom([("f", site.url("/news/flood"))]), content_type="application/atom+xml"
    )
    site.add(
        "/feed.json",
        json_feed([("e", site.url("/news/election"))]),
        content_type="application/feed+json",
    )
    site.add(
        "/sitemap-news.xml", sitemap([site.url("/news/merger")]), content_type="application/xml"
    )
    site.add(
        "/sitemap.xml",
        sitemap_index([site.url("/sitemap-news.xml")]),
        content_type="application/xml",
    )
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="a" type="rss" xmlUrl="{site.url("/atom.xml")}"/>'
        f'<outline text="j" xmlUrl="{site.url("/feed.json")}"/></body></opml>'
    )
    add_sources(store, [str(opml), site.url("/sitemap.xml")])
    report = one_round(store)
    assert report.fetch.stored == 3
    kinds = dict(store.conn.execute("SELECT url, kind FROM follow_sources").fetchall())
    assert sorted(kinds.values()) == ["feed", "feed", "index", "opml", "sitemap"]


def test_a_list_file_of_feeds_and_pages_is_sorted_out_by_content(
    site: Site, store: Store, tmp_path: Path
) -> None:
    site.add(
        "/feed.xml", rss([("e", site.url("/news/election"))]), content_type="application/rss+xml"
    )
    listing = tmp_path / "follow.txt"
    listing.write_text(f"# my outlets\n{site.url('/feed.xml')}\n{site.url('/news/flood')}\n")
    add_sources(store, [str(listing)])
    report = one_round(store)
    assert report.fetch.stored == 2  # the feed's item and the page itself
    one_round(store)
    assert site.hits["/feed.xml"] == 2 and site.hits["/news/flood"] == 1


def test_per_host_concurrency_cap_holds(site: Site, store: Store) -> None:
    for n in range(8):
        site.add(f"/news/s{n}", topic_page("vaccine", n + 1), delay=0.2)
    site.add(
        "/feed.xml",
        rss([(str(n), site.url(f"/news/s{n}")) for n in range(8)]),
        content_type="application/rss+xml",
    )
    add_sources(store, [site.url("/feed.xml")])
    config = FollowConfig(**{**vars(FAST), "per_host": 2})
    one_round(store, config)
    assert site.max_active == 2


def test_benchmark_pages_as_bodies(site: Site, store: Store) -> None:
    pages = shared_pages(4)
    if not pages:
        pytest.skip("../shared scrapinghub pages are not available")
    for n, body in enumerate(pages):
        site.add(f"/sh/{n}", body)
    site.add(
        "/feed.xml",
        rss([(str(n), site.url(f"/sh/{n}")) for n in range(len(pages))]),
        content_type="application/rss+xml",
    )
    add_sources(store, [site.url("/feed.xml")])
    report = one_round(store)
    assert report.fetch.stored == len(pages)


def test_kill_mid_round_then_resume_stores_every_article_once(site: Site, tmp_path: Path) -> None:
    import os
    import signal
    import sqlite3
    import subprocess
    import sys

    from follow_site import wait_for

    pages = 12
    for n in range(pages):
        site.add(f"/news/k{n}", topic_page(list(TOPICS)[n % 4], n + 1), delay=0.25)
    site.add(
        "/feed.xml",
        rss([(str(n), site.url(f"/news/k{n}")) for n in range(pages)]),
        content_type="application/rss+xml",
    )
    db = tmp_path / "killed.db"
    cmd = [
        sys.executable,
        "-m",
        "storyline",
        "follow",
        site.url("/feed.xml"),
        "--once",
        "--db",
        str(db),
        "--rate",
        "8",
        "--per-host",
        "2",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def stored() -> int:
        if not db.exists():
            return 0
        try:
            with sqlite3.connect(db) as conn:
                return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.Error:  # not migrated yet
            return 0

    try:
        assert wait_for(lambda: stored() >= 3, 60)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert stored() < pages  # killed mid-round
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    with Store.open(db) as store:
        rows = store.conn.execute("SELECT id, COUNT(*) FROM articles GROUP BY id").fetchall()
        assert len(rows) == pages and all(r[1] == 1 for r in rows)
        assert store.frontier_counts() == {"stored": pages}
        assert all(store.story_of_article(r[0]) is not None for r in rows)
    twice = [n for n in range(pages) if site.hits[f"/news/k{n}"] > 1]
    assert len(twice) <= 2  # only the pages in flight at the kill are fetched again


def test_cli_follows_once_and_prints_json(site: Site, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from storyline.cli import main

    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    empty = runner.invoke(main, ["follow", "--once", "--db", db])
    assert empty.exit_code == 2 and "nothing followed yet" in empty.output
    bad = runner.invoke(main, ["follow", "nowhere", "--once", "--db", db])
    assert bad.exit_code == 2 and "neither an http(s) URL nor a readable file" in bad.output
    site.add("/feed.xml", rss([("f", site.url("/news/flood"))]), content_type="application/rss+xml")
    args = ["follow", site.url("/feed.xml"), "--once", "--json", "--rate", "50", "--db", db]
    done = runner.invoke(main, args)
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert report["fetch"]["stored"] == 1 and len(report["new_stories"]) == 1
