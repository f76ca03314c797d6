"""HTML reader: one page per file (.html, .htm, optionally gzipped); the raw HTML is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.clean.html import extract_html
from storyline.clean.html_decode import decode_html
from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import build_article
from storyline.ingest.files import read_bounded, strip_extensions
from storyline.models import Article, Rejection


def html_to_article(
    data: bytes,
    *,
    path: str,
    record: int | None,
    url: str | None,
    default_id: str | None,
    config: IngestConfig,
    raw_format: str = "html",
) -> Article:
    """Extract the main text and metadata of one HTML page into an Article."""
    if len(data) > config.max_html_bytes:
        raise InputError(too_large(len(data), config), path=path, record=record)
    if b"\x00" in data[:8192]:
        raise InputError("binary data (NUL bytes), not HTML", path=path, record=record)
    page = extract_html(data, url=url, max_bytes=config.max_html_bytes)
    raw = decode_html(data)
    meta = {
        "title": page.title,
        "published": page.published,
        "source": page.sitename,
        "url": page.url or url,
        "language": page.language,
    }
    return build_article(
        text=page.text,
        path=path,
        record=record,
        raw=raw,
        raw_format=raw_format,
        config=config,
        meta=meta,
        default_id=default_id,
    )


def too_large(size: int | None, config: IngestConfig) -> str:
    """Say that an HTML page is over the page limit, and why the limit is there."""
    what = f"is {size:,} bytes, over" if size is not None else "is over"
    return (
        f"HTML page {what} the {config.max_html_bytes:,}-byte limit for one page "
        "(extraction time grows faster than the page: a larger one would hold ingest for "
        "minutes); it is not read (IngestConfig.max_html_bytes sets the limit)"
    )


def read_html_file(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Read one HTML page."""
    try:
        html_bound = config.max_html_bytes < config.max_raw_bytes
        limit = config.max_html_bytes if html_bound else config.max_raw_bytes
        data = read_bounded(path, limit, too_big=too_large(None, config) if html_bound else None)
        yield html_to_article(
            data,
            path=str(path),
            record=None,
            url=None,
            default_id=strip_extensions(path),
            config=config,
        )
    except InputError as exc:
        yield Rejection(str(path), None, exc.reason)
