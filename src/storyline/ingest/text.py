"""Plain-text reader: one article per file, with an optional ` date YYYY-MM-DD ` header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import build_article
from storyline.ingest.files import decode_text, read_bounded, strip_extensions
from storyline.models import Article, Rejection

_HEADER = re.compile(r"^\s*date\s+(\S+)[ \t]*")


def split_header(text: str) -> tuple[str | None, str]:
    """Split a leading `date YYYY-MM-DD` header from the article text."""
    match = _HEADER.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


def read_text_file(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Read one plain-text article."""
    try:
        raw, warnings = decode_text(read_bounded(path, config.max_raw_bytes), path=str(path))
        date, body = split_header(raw)
        yield build_article(
            text=body.strip(),
            path=str(path),
            record=None,
            raw=raw,
            raw_format="text",
            config=config,
            meta={"published": date},
            default_id=strip_extensions(path),
            warnings=warnings,
        )
    except InputError as exc:
        yield Rejection(path=str(path), record=None, reason=exc.reason)
