"""URL normalisation: one spelling per page, so that a page is fetched once."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

MAX_URL_CHARS = 2000  # longer "URLs" are junk or traps, not article addresses


def normalise(url: str, base: str | None = None) -> str | None:
    """Return the canonical http(s) form of url (tracking parameters, fragment out), or None."""
    text = url.strip()
    if not text or len(text) > MAX_URL_CHARS or any(c in text for c in "\r\n\t "):
        return None
    if base is not None:
        text = urljoin(base, text)
    try:
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        clean = urlsplit(normalize_url(text))
    except ValueError:  # a bad port or an unbalanced IPv6 bracket
        return None
    # Fragments name a place on the page, not another page.
    return urlunsplit((clean.scheme, clean.netloc, clean.path or "/", clean.query, ""))


def origin(url: str) -> str:
    """Return scheme://host[:port], the unit of robots.txt rules and of politeness."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def robots_url(url: str) -> str:
    """Return the robots.txt address for url's origin."""
    return origin(url) + "/robots.txt"
