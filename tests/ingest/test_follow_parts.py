"""follow's parts on their own: URL normalisation, robots.txt, listings, durations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from follow_site import atom, json_feed, rss, sitemap, sitemap_index
from storyline.cli.follow import parse_duration
from storyline.errors import UsageError
from storyline.ingest.follow.feeds import read_lines_or_opml, read_listing
from storyline.ingest.follow.robots import robots_from
from storyline.ingest.follow.urls import normalise, origin

BASE = "https://news.example/"


def test_normalise_drops_trackers_fragments_and_default_ports() -> None:
    assert normalise("HTTPS://News.Example:443/a/b?utm_source=x&id=3#top") == (
        "https://news.example/a/b?id=3"
    )
    assert normalise("/world/x?fbclid=abc", BASE) == "https://news.example/world/x"
    assert normalise("https://news.example") == "https://news.example/"
    for junk in ("javascript:alert(1)", "mailto:a@b.c", "ftp://x/y", "", "http://", "a b"):
        assert normalise(junk) is None


@given(st.text(max_size=60))
def test_normalise_is_idempotent(path: str) -> None:
    first = normalise(path, BASE)
    if first is not None:
        assert normalise(first) == first
        assert origin(first).startswith(("http://", "https://"))


def test_robots_rules_and_error_cases() -> None:
    rules = robots_from(200, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n")
    assert rules.allows("https://x/news/1", "bot/1") and not rules.allows(
        "https://x/private/a", "bot"
    )
    assert rules.delay("bot/1") == 3.0
    assert robots_from(404, b"").allows("https://x/private/a", "bot")  # no robots.txt
    assert not robots_from(503, b"").allows("https://x/news/1", "bot")  # unreachable: nothing
    assert not robots_from(0, b"").allows("https://x/news/1", "bot")
    mine = robots_from(200, b"User-agent: storyline\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    assert not mine.allows("https://x/a", "storyline/0.1 (+contact)")
    assert mine.allows("https://x/a", "otherbot/2")


ITEMS = [("a", "https://news.example/a?utm_medium=rss"), ("b", "/b")]


@pytest.mark.parametrize(
    ("body", "ctype", "kind"),
    [
        (rss(ITEMS), "application/rss+xml", "feed"),
        (atom(ITEMS), "application/atom+xml", "feed"),
        (json_feed(ITEMS), "application/feed+json", "feed"),
        (sitemap([u for _, u in ITEMS]), "application/xml", "sitemap"),
        (sitemap([u for _, u in ITEMS]), "text/xml", "sitemap"),
        ("https://news.example/a\n# note\n\n/b\n", "text/plain", "list"),
    ],
)
def test_listings_give_normalised_pages(body: str, ctype: str, kind: str) -> None:
    listing = read_listing(body.encode(), ctype, "https://news.example/feed")
    assert listing.kind == kind
    assert listing.pages == ("https://news.example/a", "https://news.example/b")


def test_index_opml_and_html_are_told_apart() -> None:
    index = read_listing(sitemap_index(["/s1.xml", "/s1.xml"]).encode(), "", BASE)
    assert (index.kind, index.sources) == ("index", ("https://news.example/s1.xml",))
    opml = b'<opml><body><outline xmlUrl="https://a.example/rss"/><outline text="x"/></body></opml>'
    assert read_lines_or_opml(opml, "file:///x.opml").sources == ("https://a.example/rss",)
    page = read_listing(b"<!DOCTYPE html><html><body><p>x</p></body></html>", "text/html", BASE)
    assert page.kind == "page"


def test_hostile_xml_is_read_without_entities() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://n.example/&c;</loc></url><url><loc>https://n.example/ok</loc></url>"
        b"</urlset>"
    )
    listing = read_listing(bomb, "application/xml", BASE)
    assert "https://n.example/ok" in listing.pages
    assert all(len(url) < 200 for url in listing.pages)


def test_durations() -> None:
    assert [parse_duration(t) for t in ("90", "30s", "10m", "1.5h", "1d")] == [
        90,
        30,
        600,
        5400,
        86400,
    ]
    for bad in ("", "0", "-5m", "10 minutes", "m"):
        with pytest.raises(UsageError):
            parse_duration(bad)


def test_summary_keeps_page_text_off_the_terminal_controls() -> None:
    from storyline.follow import FollowReport
    from storyline.ingest.follow import RoundFetch

    title = "Breaking\x1b[2J\x1b]0;pwned\x07 news " + "x" * 500
    report = FollowReport(RoundFetch(errors=["http://a/\x1b[31m: HTTP 500"]))
    report.new_stories.append({"story": "s1", "title": title, "size": 1})
    text = report.summary()
    assert "\x1b" not in text and "\x07" not in text
    assert max(len(line) for line in text.splitlines()) < 300
