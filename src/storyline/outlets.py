"""The outlet an article comes from: its site's own name, else its registered domain.

Sources arrive as site names ("Reuters"), hosts ("www.reuters.com", "uk.reuters.com"), URLs
("https://www.hawaiinewsnow.com"), Twitter handles made names ("Nj" for nj.com) or whatever a page
put in its site-name tag (a spam headline). A person wants the outlet: a short name the site gives
itself, else the registered domain under the public suffix list that ships with tldextract (no
network), so "uk.reuters.com" and "www.reuters.com" are one outlet. Never an article id.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

import tldextract

MAX_NAME_CHARS = 40  # a longer "site name" is a headline or a slogan
MAX_NAME_WORDS = 5
MAX_HANDLE_CHARS = 3  # "nj", "wsj": too short to read as a name once capitalised
_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,63}\.?(?::\d+)?$", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_SENTENCE = re.compile(r"[.!?]\s|[!?]$|[,;:]\s")


@cache  # one extractor per process: it reads the bundled suffix list once
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(address: str | None) -> str | None:
    """Return the registered domain of a URL or host ("uk.reuters.com" -> "reuters.com")."""
    text = (address or "").strip()
    if not text:
        return None
    host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    if not host:
        return None
    parts = _extractor()(host)
    domain = parts.top_domain_under_public_suffix
    return (domain or host.removeprefix("www.")).lower() or None


def outlet_name(source: str | None, url: str | None = None) -> str | None:
    """Return the outlet: the source's site name when it is one, else the registered domain."""
    domain = registered_domain(url)
    name = _site_part(" ".join((source or "").split()), domain)
    if name and _is_address(name):
        return registered_domain(name) or domain
    if name and _is_site_name(name):
        label = domain.split(".")[0] if domain else ""
        # "Nj" (nj.com): a short handle capitalised into a name; the domain says it better.
        if domain and len(label) <= MAX_HANDLE_CHARS and name == label.capitalize():
            return domain
        return name
    return domain


def _site_part(name: str, domain: str | None) -> str:
    """Return the part of "World news | The Guardian" that names the site at domain.

    A site name joined to a section or a tagline by " | " ("Home | Reuters", "Autoracing | F1 |
    Indy") is the part the domain spells; with no such part, the whole name.
    """
    parts = name.split(" | ")
    label = domain.split(".")[0] if domain else ""
    if len(parts) < 2 or not label:
        return name
    for part in parts:
        squashed = _NOT_ALNUM.sub("", part.lower())
        if squashed and (squashed in label or label in squashed):
            return part
    return name


def _is_address(text: str) -> bool:
    return "://" in text or text.lower().startswith("www.") or bool(_HOST.match(text))


def _is_site_name(text: str) -> bool:
    """Tell whether text reads as a site's name, not a headline, sentence or slogan."""
    words = text.split()
    return (
        len(text) <= MAX_NAME_CHARS
        and len(words) <= MAX_NAME_WORDS
        and bool(_LETTER.search(text))
        and not _SENTENCE.search(text)
    )
