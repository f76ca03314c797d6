"""WARC reader: response records holding HTML, streamed with warcio."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import stable_id
from storyline.ingest.html import html_to_article, too_large
from storyline.ingest.lines import CHUNK
from storyline.ingest.normalize import guarded
from storyline.models import Article, Rejection

_GZIP_MAGIC = b"\x1f\x8b\x08"


def read_warc(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Yield one article per HTML response record of a WARC file.

    A record that cannot be used (a bad URL, a page extraction fails on) is rejected alone. A
    record that cannot even be parsed is rejected too, and reading goes on at the next record
    start (the next gzip member, or the next WARC/1. line): later records are not lost.
    """
    name = str(path)
    number = 0
    start: int | None = 0
    with path.open("rb") as handle:
        while start is not None:
            handle.seek(start)
            iterator = ArchiveIterator(handle)
            try:
                for record in iterator:
                    if record.rec_type != "response":
                        continue
                    number += 1
                    convert = partial(_html_record, record, name, number, config)
                    item = guarded(convert, path=name, record=number)
                    if item is not None:
                        yield item
                return
            except (MemoryError, KeyboardInterrupt):
                raise
            except Exception as exc:  # warcio fails on some hostile headers (an empty URI)
                failed = int(iterator.offset)
                start = _next_record_start(handle, failed + 1, gzipped=_gzipped(handle, failed))
                yield _unreadable(name, number, failed, start, exc)


def _gzipped(handle: IO[bytes], offset: int) -> bool:
    handle.seek(offset)
    return handle.read(2) == _GZIP_MAGIC[:2]


def _next_record_start(handle: IO[bytes], offset: int, *, gzipped: bool) -> int | None:
    """Return the offset of the next gzip member or WARC header line after offset, or None."""
    marker = _GZIP_MAGIC if gzipped else b"WARC/1."
    handle.seek(offset)
    tail = b""
    while chunk := handle.read(CHUNK):
        data = tail + chunk
        found = data.find(marker)
        if found >= 0:
            return offset - len(tail) + found
        offset += len(chunk)
        tail = data[-(len(marker) - 1) :]
    return None


def _unreadable(
    name: str, number: int, failed: int, start: int | None, exc: Exception
) -> Rejection:
    after = f"after {number:,} record(s) were read ({type(exc).__name__}: {exc})"
    if start is None:
        return Rejection(
            name,
            number + 1,
            f"the file is damaged and reading stopped at byte {failed:,} {after}; "
            "no later record start was found",
        )
    return Rejection(
        name,
        number + 1,
        f"an unreadable record at byte {failed:,} was skipped {after}; "
        f"reading goes on at byte {start:,}",
    )


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
