"""RSS and Atom files: each entry becomes a record (its content, else summary, else headline).

A saved feed is how many headline archives come: the entries carry a title, a link, a date and
often only a summary. feedparser reads the bytes (nothing is fetched) and sanitises the entries'
HTML; the text keeps a line per block.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import feedparser
from lxml import html as lxml_html

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import record_to_article
from storyline.ingest.files import read_bounded
from storyline.ingest.normalize import guarded
from storyline.models import Article, Rejection

MAX_ENTRIES = 100_000  # entries read from one file; a feed is rarely more than a few hundred
# A block's tags end its line (no nesting matched: one pass, linear in the text)
_BLOCK = re.compile(r"<(?:/?(?:p|div|li|h[1-6]|blockquote|tr|section|article)|br)\b[^>]*>", re.I)
_SPACES = re.compile(r"[ \t\xa0]+")
_WHITESPACE = re.compile(r"\s+")


def read_feed_file(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Read an RSS or Atom file: one article (or rejection) per entry."""
    name = str(path)
    data = guarded(partial(read_bounded, path, config.max_raw_bytes), path=name, record=None)
    if isinstance(data, Rejection):
        yield data
        return
    parsed = feedparser.parse(data)  # bytes: parsed as they are, never fetched
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({type(problem).__name__}: {problem})" if problem else ""
        yield Rejection(name, None, f"no RSS or Atom entries in this file{why}")
        return
    site = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries[:MAX_ENTRIES], start=1):
        record = feed_record(entry, site)
        convert = partial(
            record_to_article, record, where=(name, number), default_id=None,
            raw=json.dumps(record, ensure_ascii=False), raw_format="feed", config=config,
        )  # fmt: skip
        yield guarded(convert, path=name, record=number)


def feed_record(entry: Mapping[str, Any], site: str | None) -> dict[str, Any]:
    """Return a feed entry as a news-please-like record (text, description, title, url ...)."""
    content = entry.get("content") or []
    body = " ".join(str(c.get("value") or "") for c in content if isinstance(c, Mapping))
    return {
        "id": entry.get("id") or entry.get("link"),
        "title": plain_text(str(entry.get("title") or "")) or None,
        "text": plain_text(body) or None,
        "description": plain_text(str(entry.get("summary") or "")) or None,
        "url": entry.get("link"),
        "published": entry.get("published") or entry.get("updated"),
        "source": site,
        "authors": entry.get("author"),
    }


def plain_text(fragment: str) -> str:
    """Return the text of an HTML fragment, a line per block, spaces folded."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    try:
        # a line break in the source is a space; the blocks make the lines
        flat = _BLOCK.sub("\n", _WHITESPACE.sub(" ", fragment))
        root = lxml_html.fragment_fromstring(flat, create_parent="div")
    except (ValueError, TypeError) as exc:  # lxml refuses some fragments (control characters)
        raise InputError(f"an entry's HTML cannot be read ({exc})") from exc
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
