"""Page metadata: title, publication time, site name, canonical URL and declared language."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from htmldate import find_date
from lxml import etree
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
# compiled once: tree.xpath(string) compiles the expression on every call
_PUBLISHED_XPATH = etree.XPath(
    "//meta[@property='article:published_time' or @property='og:article:published_time'"
    " or @name='article:published_time' or @itemprop='datePublished' or @name='pubdate'"
    " or @name='publishdate' or @name='date' or @name='dc.date.issued' or @name='DC.date.issued']"
    "/@content | //time[@itemprop='datePublished']/@datetime"
)
_JSON_LD_XPATH = etree.XPath("//script[@type='application/ld+json']/text()")
_LANGUAGE_XPATH = etree.XPath(
    "//meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content"
)
_LOCALE_XPATH = etree.XPath("//meta[@property='og:locale']/@content")
_TITLE_XPATH = etree.XPath(
    "//meta[@property='og:title' or @name='twitter:title' or @property='twitter:title']/@content"
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_MAX_H1 = 3
_MIN_HEADLINE_CHARS = 8
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
_MAX_JSON_LD_CHARS = 200_000


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
    page_url = found.url or extract_url(tree, url) or url
    # htmldate's extensive search (dates in the text) can take seconds on a large page, and
    # the markup search finds the same day whenever it finds one: run it only as a fallback
    day = find_date(tree, url=page_url, **set_date_params(False)) or find_date(
        tree, url=page_url, **set_date_params(True)
    )
    sitename = (found.sitename or extract_sitename(tree) or "").lstrip("@")
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()  # "cleveland" from a Twitter handle reads as a name
    return PageMeta(
        title=_clean(title),
        published=_published(tree, day),
        sitename=_clean(sitename),
        url=page_url,
        language=declared_language(tree),
        headlines=headlines(tree, title),
    )


def text_only_meta(tree: lxml_html.HtmlElement, url: str | None) -> PageMeta:
    """Return no metadata but the headline wordings, which the text's cleaning needs."""
    return PageMeta(None, None, None, url, None, headlines=headlines(tree, None))


def headlines(tree: lxml_html.HtmlElement, title: str | None) -> tuple[str, ...]:
    """Return the headline's wordings: metadata title, og/twitter titles, <title> parts, h1s."""
    found = [title or ""]
    found += [str(v) for v in _TITLE_XPATH(tree)]
    for element in tree.iter("title"):
        whole = element.text_content()
        found += [whole, *_TITLE_SEPARATORS.split(whole)]
    found += [element.text_content() for element in list(tree.iter("h1"))[:_MAX_H1]]
    cleaned = (" ".join(text.split()) for text in found)
    return tuple(dict.fromkeys(text for text in cleaned if len(text) >= _MIN_HEADLINE_CHARS))


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def declared_language(tree: lxml_html.HtmlElement) -> str | None:
    """Return the ISO 639 code the page declares (html lang, content-language, og:locale)."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    candidates += [str(value) for value in _LANGUAGE_XPATH(tree)]
    candidates += [str(value) for value in _LOCALE_XPATH(tree)]
    for value in candidates:
        match = _LANG.match(str(value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _published(tree: lxml_html.HtmlElement, day: str | None) -> str | None:
    """Return the publication day, upgraded to a full timestamp when the page states one."""
    stamps = [str(value) for value in _PUBLISHED_XPATH(tree)]
    for script in _JSON_LD_XPATH(tree):
        stamps += _JSON_LD_DATE.findall(str(script)[:_MAX_JSON_LD_CHARS])
    for stamp in stamps:
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
