"""WARC reader: response records holding HTML, streamed with warcio."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import stable_id
from storyline.ingest.html import html_to_article, too_large
from storyline.ingest.lines import READ_ERRORS
from storyline.ingest.normalize import damaged, guarded
from storyline.models import Article, Rejection


def read_warc(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Yield one article per HTML response record of a WARC file.

    A record that cannot be used (a bad URL, a page extraction fails on) is rejected alone; a
    damaged file ends with a rejection saying after which record reading stopped.
    """
    name = str(path)
    number = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                number += 1
                convert = partial(_html_record, record, name, number, config)
                item = guarded(convert, path=name, record=number)
                if item is not None:
                    yield item
    except (ArchiveLoadFailed, *READ_ERRORS, ValueError) as exc:
        yield damaged(name, number + 1, number, exc)


def _html_record(
    record: object, name: str, number: int, config: IngestConfig
) -> Article | Rejection | None:
    """Convert one response record holding HTML; None for other content."""
    headers = record.http_headers  # type: ignore[attr-defined]
    content_type = (headers.get_header("Content-Type") or "").lower() if headers else ""
    if "html" not in content_type:
        return None
    return _record_article(record, name, number, config)


def _record_article(
    record: object, name: str, number: int, config: IngestConfig
) -> Article | Rejection:
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    stream = record.content_stream()  # type: ignore[attr-defined]
    limit = min(config.max_raw_bytes, config.max_html_bytes)
    data = stream.read(limit + 1)
    if len(data) > limit:
        return Rejection(name, number, too_large(None, config))
    try:
        return html_to_article(
            data,
            path=name,
            record=number,
            url=url,
            default_id=stable_id(url, "") if url else None,
            config=config,
            raw_format="warc",
        )
    except InputError as exc:
        return Rejection(name, number, exc.reason)
