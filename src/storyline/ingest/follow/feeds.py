"""Read what a source lists: feeds (RSS, Atom, JSON Feed), sitemaps, OPML and URL lists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import feedparser
from lxml import etree

from storyline.ingest.follow.urls import normalise

MAX_LINKS = 50_000  # the sitemap protocol's own cap per file
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
)


@dataclass(frozen=True)
class Listing:
    """What one source body lists: pages to fetch and further sources to follow."""

    kind: str  # feed | sitemap | index | opml | list | page
    pages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


def read_listing(body: bytes, content_type: str, base: str) -> Listing:
    """Tell what a body is and list its links, normalised and deduplicated."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")) or "json" in content_type:
        return _json_feed(body, base)
    if head.startswith(b"<"):
        if _looks_html(head, content_type):
            return Listing("page")
        return _xml(body, base)
    if "html" in content_type:
        return Listing("page")
    return Listing("list", pages=_lines(body.decode("utf-8", errors="replace"), base))


def _looks_html(head: bytes, content_type: str) -> bool:
    if b"<html" in head or b"<!doctype html" in head:
        return True
    return "html" in content_type and b"<?xml" not in head[:100]


def _xml(body: bytes, base: str) -> Listing:
    """Read a sitemap, a sitemap index or an OPML file; anything else goes to feedparser."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:
        root = None
    tag = etree.QName(root).localname.lower() if root is not None else ""
    if tag in ("urlset", "sitemapindex"):
        locs = [el.text or "" for el in root.iter("{*}loc")][:MAX_LINKS]
        links = _unique(locs, base)
        return (
            Listing("sitemap", pages=links) if tag == "urlset" else Listing("index", sources=links)
        )
    if tag == "opml":
        feeds = [el.get("xmlUrl") or "" for el in root.iter("outline")]
        return Listing("opml", sources=_unique(feeds[:MAX_LINKS], base))
    return _feed(body, base)


def _feed(body: bytes, base: str) -> Listing:
    """Read an RSS or Atom feed with feedparser; each entry's link is a page."""
    parsed = feedparser.parse(body, response_headers={"content-location": base})
    links = [_entry_link(entry) for entry in parsed.entries[:MAX_LINKS]]
    if not parsed.entries and not parsed.feed:
        return Listing("page")
    return Listing("feed", pages=_unique([link for link in links if link], base))


def _entry_link(entry: Any) -> str:
    """Return an entry's page: its link, else a permalink guid."""
    link = entry.get("link")
    if link:
        return str(link)
    guid = str(entry.get("id") or "")
    return guid if guid.startswith(("http://", "https://")) else ""


def _json_feed(body: bytes, base: str) -> Listing:
    """Read a JSON Feed (jsonfeed.org 1.x); feedparser 6 does not read JSON."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Listing("list")
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        return Listing("list")
    items = data.get("items")
    links = []
    for item in items[:MAX_LINKS] if isinstance(items, list) else []:
        if isinstance(item, dict):
            link = item.get("url") or item.get("external_url")
            links.append(link if isinstance(link, str) else "")
    return Listing("feed", pages=_unique(links, base))


def read_lines_or_opml(body: bytes, base: str) -> Listing:
    """Read a local list: OPML gives sources, other text one URL a line ('#' comments)."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        listing = _xml(body, base)
        if listing.kind == "opml":
            return listing
    return Listing("list", pages=_lines(body.decode("utf-8", errors="replace"), base))


def _lines(text: str, base: str) -> tuple[str, ...]:
    urls = []
    for line in text.splitlines()[:MAX_LINKS]:
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line.split()[0])
    return _unique(urls, None if base.startswith("file:") else base)


def _unique(links: list[str], base: str | None) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for link in links:
        url = normalise(link, base)
        if url is not None:
            out.setdefault(url, None)
    return tuple(out)
