"""Ingest: read articles from text, JSON(L), CSV, HTML and WARC inputs, streaming."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from storyline.config import IngestConfig
from storyline.ingest.files import expand
from storyline.ingest.normalize import iter_guarded
from storyline.ingest.records import read_json_file, read_jsonl
from storyline.ingest.tabular import read_csv
from storyline.ingest.text import read_text_file
from storyline.models import Article, Rejection

__all__ = ["read_paths"]


def read_paths(
    paths: tuple[str, ...] | list[str], config: IngestConfig, *, stdin: IO[bytes] | None = None
) -> Iterator[Article | Rejection]:
    """Yield an Article or a Rejection for every record under the given paths."""
    for path, fmt in expand(paths):
        name = str(path) if path is not None else "<stdin>"
        # Readers turn a bad record into its rejection; a crash past that ends only this file.
        yield from iter_guarded(_read_one(path, fmt, config, stdin), path=name)


def _read_one(
    path: Path | None, fmt: str | None, config: IngestConfig, stdin: IO[bytes] | None
) -> Iterator[Article | Rejection]:
    if fmt == "jsonl":
        yield from read_jsonl(path, config, stdin)
        return
    assert path is not None
    if fmt == "text":
        yield from read_text_file(path, config)
    elif fmt == "json":
        yield from read_json_file(path, config)
    elif fmt in ("csv", "tsv"):
        yield from read_csv(path, config, delimiter="\t" if fmt == "tsv" else ",")
    elif fmt == "html":
        from storyline.ingest.html import read_html_file  # trafilatura is slow to import

        yield from read_html_file(path, config)
    elif fmt == "warc":
        from storyline.ingest.warc import read_warc

        yield from read_warc(path, config)
    else:
        yield Rejection(
            str(path),
            None,
            "unsupported file type: use .txt, .json, .jsonl, .csv, .tsv, .html, .htm or .warc "
            "(optionally .gz)",
        )
