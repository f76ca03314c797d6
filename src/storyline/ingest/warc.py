"""WARC reader: response records holding HTML, streamed with warcio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import stable_id
from storyline.ingest.html import html_to_article
from storyline.models import Article, Rejection


def read_warc(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Yield one article per HTML response record of a WARC file."""
    name = str(path)
    number = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                number += 1
                content_type = (
                    (record.http_headers.get_header("Content-Type") or "").lower()
                    if record.http_headers
                    else ""
                )
                if "html" not in content_type:
                    continue
                yield _record_article(record, name, number, config)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield Rejection(name, number + 1 if number else None, f"not a readable WARC file: {exc}")


def _record_article(
    record: object, name: str, number: int, config: IngestConfig
) -> Article | Rejection:
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    stream = record.content_stream()  # type: ignore[attr-defined]
    data = stream.read(config.max_raw_bytes + 1)
    if len(data) > config.max_raw_bytes:
        return Rejection(
            name, number, f"response body over the {config.max_raw_bytes:,}-byte limit"
        )
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
