"""Page metadata: title, publication time, site name, canonical URL and declared language."""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from htmldate import find_date
from lxml import html as lxml_html
from trafilatura.metadata import (
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import set_date_params

from storyline.dates import DateError, parse_date

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$", re.I)
# The tags read here are collected in one walk of the tree: an XPath per question ("//meta[...]")
# walked the whole page each time, eight walks per page in all.
_TAGS = ("meta", "time", "script", "title", "h1", "link")
_PUBLISHED_PROPERTIES = frozenset({"article:published_time", "og:article:published_time"})
_PUBLISHED_NAMES = frozenset(
    {"article:published_time", "pubdate", "publishdate", "date", "dc.date.issued", "DC.date.issued"}
)
_LANGUAGE_HEADERS = frozenset({"content-language", "Content-Language"})
_TITLE_PROPERTIES = frozenset({"og:title", "twitter:title"})
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_MAX_H1 = 3
_MIN_HEADLINE_CHARS = 8
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
_MAX_JSON_LD_CHARS = 200_000
_ABSOLUTE = re.compile(r"https?://[^\s/]+\.[^\s/]+", re.IGNORECASE)


@dataclass(frozen=True)
class _Tags:
    """What the page's meta, time, JSON-LD, title and h1 tags say, in document order."""

    stamps: tuple[str, ...]  # declared publication times: meta content, time datetime, JSON-LD
    languages: tuple[str, ...]  # content-language headers, then og:locale
    titles: tuple[str, ...]  # og:title and twitter:title contents
    title_texts: tuple[str, ...]  # the text of each <title>
    h1_texts: tuple[str, ...]  # the text of the first h1 elements
    # og:url contents and canonical links, wherever they are: on a page whose markup breaks
    # before <head> ends, a parser puts them in <body>, where trafilatura does not look
    urls: tuple[str, ...] = ()
    site_names: tuple[str, ...] = ()  # og:site_name contents, wherever they are


def _published_stamp(element: lxml_html.HtmlElement) -> str | None:
    """Return the publication time a meta or time element declares, if it declares one."""
    if element.tag == "time":
        declared = element.get("itemprop") == "datePublished"
        return element.get("datetime") if declared else None
    declared = (
        element.get("property") in _PUBLISHED_PROPERTIES
        or element.get("name") in _PUBLISHED_NAMES
        or element.get("itemprop") == "datePublished"
    )
    return element.get("content") if declared else None


def _read_tags(tree: lxml_html.HtmlElement) -> _Tags:
    """Collect what the metadata steps read, in one walk of the tree."""
    found: defaultdict[str, list[str]] = defaultdict(list)
    for element in tree.iter(*_TAGS):
        tag = element.tag
        if tag == "link":
            if element.get("rel") == "canonical":
                found["urls"].append(element.get("href") or "")
        elif tag in ("meta", "time"):
            _read_meta_tag(element, found)
        elif tag == "script":
            if element.get("type") == "application/ld+json" and element.text is not None:
                found["scripts"].append(element.text)
        elif tag == "title":
            found["title_texts"].append(element.text_content())
        elif len(found["h1_texts"]) < _MAX_H1:
            found["h1_texts"].append(element.text_content())
    stamps = list(found["stamps"])
    for script in found["scripts"]:  # after the meta and time stamps, as before
        stamps += _JSON_LD_DATE.findall(script[:_MAX_JSON_LD_CHARS])
    return _Tags(
        tuple(stamps),
        (*found["headers"], *found["locales"]),
        tuple(found["titles"]),
        tuple(found["title_texts"]),
        tuple(found["h1_texts"]),
        urls=tuple(u.strip() for u in found["urls"] if _ABSOLUTE.match(u.strip())),
        site_names=tuple(filter(None, map(_clean, found["site_names"]))),
    )


def _read_meta_tag(element: lxml_html.HtmlElement, found: defaultdict[str, list[str]]) -> None:
    """Note what one meta or time element declares: a time, a language, a title, a URL, a site."""
    stamp = _published_stamp(element)
    if stamp is not None:
        found["stamps"].append(stamp)
    content = element.get("content") if element.tag == "meta" else None
    if content is None:
        return
    prop = element.get("property")
    if element.get("http-equiv") in _LANGUAGE_HEADERS:
        found["headers"].append(content)
    if prop == "og:locale":
        found["locales"].append(content)
    if prop in _TITLE_PROPERTIES or element.get("name") == "twitter:title":
        found["titles"].append(content)
    if prop == "og:url":
        found["urls"].append(content)
    elif prop == "og:site_name":
        found["site_names"].append(content)


@dataclass(frozen=True)
class PageMeta:
    """What the page says about itself."""

    title: str | None
    published: str | None
    sitename: str | None
    url: str | None
    language: str | None
    headlines: tuple[str, ...] = ()  # every wording of the headline the page shows or declares


def read_meta(tree: lxml_html.HtmlElement, url: str | None) -> PageMeta:
    """Read title, publication date (with time when the page gives one), site, URL, language."""
    # trafilatura's own metadata steps, without the author, category, tag and licence searches
    found = examine_meta(tree)
    with suppress(ValueError, TypeError, AttributeError, KeyError, IndexError):
        found = extract_meta_json(tree, found)  # malformed JSON-LD: keep what meta tags said
    title = found.title or extract_title(tree)
    tags = _read_tags(tree)
    page_url = found.url or extract_url(tree, url) or url or next(iter(tags.urls), None)
    # htmldate's extensive search (dates in the text) can take seconds on a large page, and
    # the markup search finds the same day whenever it finds one: run it only as a fallback
    day = find_date(tree, url=page_url, **set_date_params(False)) or find_date(
        tree, url=page_url, **set_date_params(True)
    )
    declared = next(iter(tags.site_names), None)
    sitename = (found.sitename or declared or extract_sitename(tree) or "").lstrip("@")
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()  # "cleveland" from a Twitter handle reads as a name
    return PageMeta(
        title=_clean(title),
        published=_published(tags, day),
        sitename=_clean(sitename),
        url=page_url,
        language=declared_language(tree, tags),
        headlines=headlines(tags, title),
    )


def text_only_meta(tree: lxml_html.HtmlElement, url: str | None) -> PageMeta:
    """Return no metadata but the headline wordings, which the text's cleaning needs."""
    return PageMeta(None, None, None, url, None, headlines=headlines(_read_tags(tree), None))


def headlines(tags: _Tags, title: str | None) -> tuple[str, ...]:
    """Return the headline's wordings: metadata title, og/twitter titles, <title> parts, h1s."""
    found = [title or "", *tags.titles]
    for whole in tags.title_texts:
        found += [whole, *_TITLE_SEPARATORS.split(whole)]
    found += tags.h1_texts
    cleaned = (" ".join(text.split()) for text in found)
    return tuple(dict.fromkeys(text for text in cleaned if len(text) >= _MIN_HEADLINE_CHARS))


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def declared_language(tree: lxml_html.HtmlElement, tags: _Tags) -> str | None:
    """Return the ISO 639 code the page declares (html lang, content-language, og:locale)."""
    candidates = [tree.get("lang"), tree.get("xml:lang"), *tags.languages]
    for value in candidates:
        match = _LANG.match(str(value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _published(tags: _Tags, day: str | None) -> str | None:
    """Return the publication day, upgraded to a full timestamp when the page states one."""
    for stamp in tags.stamps:
        moment = _parse_moment(stamp.strip())
        if moment is not None and (day is None or moment.date().isoformat() == day):
            with suppress(DateError):  # as the page wrote it: its precision and zone kept
                return parse_date(stamp.strip()) or day
    return day


def _parse_moment(stamp: str) -> datetime | None:
    """Parse an ISO 8601 timestamp that has a time of day; dates alone give None."""
    if len(stamp) < 16 or stamp[10] not in "T ":
        return None
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if (moment.hour, moment.minute, moment.second) != (0, 0, 0) else None
