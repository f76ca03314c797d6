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
    if b"\x00" in data[:8192]:
        raise InputError("binary data (NUL bytes), not HTML", path=path, record=record)
    page = extract_html(data, url=url, max_bytes=config.max_raw_bytes)
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


def read_html_file(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Read one HTML page."""
    try:
        data = read_bounded(path, config.max_raw_bytes)
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
