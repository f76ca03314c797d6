"""The headline an article goes by: its title, or its URL's slug when the title only names the site.

Scraped pages whose extraction failed often carry the site's own name as their title ("ABC
News", "World news - RT International") and a body that is a disclaimer or another story. The
URL usually still names the article (".../russian-space-experts-regain-control-1st-angola-
satellite-52044233"): its words are the best headline the page has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from storyline.dates import sort_key

# Words a site-level title adds to the site's name: sections, page kinds, editions; and the
# words of the pages served instead of an article (errors, bot checks, paywalls, logins).
_GENERIC = """news world international global home homepage front page index search results latest
breaking live video videos top stories headlines online edition official site website the and of
en us uk a to in not found error access denied forbidden just moment attention required please
wait subscribe read sign log"""
GENERIC_TITLE_WORDS = frozenset(_GENERIC.split())
_TRACKING = frozenset({"ref", "referrer", "source", "campaign", "fbclid", "gclid", "cmpid", "ito"})
MIN_SLUG_WORDS = 3  # fewer telling words are a section ("/world-us-canada-68912345") or an id
MAX_HEADLINE_CHARS = 300
NAME_WORDS = 14  # a story named from its first text takes this many words
NAME_CHARS = 140
_WORD = re.compile(r"[^\W_]+")
_SLUG_SPLIT = re.compile(r"[-_+]+")
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp|cms)$", re.IGNORECASE)


def headline(title: str, url: str | None, source: str | None = None) -> str:
    """Return the title, or the URL slug's words when the title names only the site."""
    if not url or not names_only_site(title, url, source):
        return title
    return url_slug(url) or title


def names_only_site(title: str, url: str, source: str | None = None) -> bool:
    """Tell whether every word of a title is the site's name or a generic page word.

    "ABC News" on abcnews.go.com and "NPR Search : NPR" on www.npr.org name only the site;
    so does an empty title. A word names the site when the host (or the source) contains it.
    """
    site = f"{urlsplit(url).hostname or ''} {source or ''}".lower()
    words = [w.lower() for w in _WORD.findall(title)]
    return all(w in GENERIC_TITLE_WORDS or (len(w) > 1 and w in site) for w in words)


def url_slug(url: str) -> str | None:
    """Return the words of the URL that read as a headline, if any.

    The last path segment that does, else a query value: a search page
    (".../search/index.php?searchinput=Costa+Rica+plane+crash") shows what it was asked.
    """
    parts = urlsplit(url)
    segments = [_EXTENSION.sub("", unquote(s)) for s in reversed(parts.path.split("/"))]
    values = [v for k, v in parse_qsl(parts.query) if not _tracking(k)]
    for text in (*segments, *values):
        words = [w for w in _SLUG_SPLIT.split(text.replace(" ", "-")) if w]
        while words and words[-1].isdigit():
            words.pop()  # a trailing article id
        while words and words[0].isdigit():
            words.pop(0)  # a leading one
        if _telling(words) >= MIN_SLUG_WORDS:
            return " ".join(words)[:MAX_HEADLINE_CHARS]
    return None


def _tracking(key: str) -> bool:
    """Tell whether a query key tags a link (utm_source, ref) rather than asking for a page."""
    key = key.lower()
    return key in _TRACKING or key.startswith("utm_")


def _telling(words: list[str]) -> int:
    """Count the words that are neither numbers nor generic page words."""
    return sum(1 for w in words if w.isalpha() and w.lower() not in GENERIC_TITLE_WORDS)


@dataclass(frozen=True)
class Member:
    """What naming a story reads of one of its articles."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None


def story_name(members: Iterable[Member], text_of: Callable[[str], str]) -> str:
    """Name a story: the one name every view, the CLI, the API and the report show.

    The earliest article (in UTC, then by id: the same whatever order the caller holds) whose
    title is its own; a title that names only the site gives way to a later one, then to a URL
    slug; a story without any falls back to the first words of its earliest text (text_of(id)).
    """
    ordered = sorted(members, key=lambda m: (sort_key(m.published), m.id))
    if not ordered:
        return ""
    for m in ordered:
        title = (m.title or "").strip()
        if title and not names_only_site(title, m.url or "", m.source):
            return title[:MAX_HEADLINE_CHARS]
    for m in ordered:  # each title here is empty or names only its site
        line = ((url_slug(m.url) if m.url else None) or (m.title or "")).strip()
        if line:
            return line[:MAX_HEADLINE_CHARS]
    words = text_of(ordered[0].id).split()
    text = " ".join(words[:NAME_WORDS])
    return text[:NAME_CHARS] + ("…" if len(text) > NAME_CHARS or len(words) > NAME_WORDS else "")
