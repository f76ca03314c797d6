"""CSV/TSV reader: streamed rows, bounded in size, decoded per record, one bad row at a time."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import json
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.config import IngestConfig
from storyline.ingest.decode import Decoder
from storyline.ingest.fields import record_to_article
from storyline.ingest.files import open_lines
from storyline.ingest.lines import READ_ERRORS, LineReader
from storyline.ingest.normalize import damaged, guarded
from storyline.models import Article, Rejection

# A lone carriage return ends a line too (old Mac files), as in a file opened with newline="".
_LONE_CR = re.compile("(?<=\r)(?!\n)")


class RowTooLong(Exception):
    """A row went past the size limit; the reader skips to the next line."""


class _RowSource:
    """Feed csv.reader decoded lines, bounding each row and keeping its decoding warnings."""

    def __init__(self, lines: LineReader, limit: int) -> None:
        self.lines = lines
        self.limit = limit
        self.decoder = Decoder()
        self.row_bytes = 0
        self.warnings: list[str] = []
        self.first = True
        self.pending: deque[str] = deque()

    def __iter__(self) -> _RowSource:
        return self

    def __next__(self) -> str:
        if self.pending:
            return self.pending.popleft()
        line = self.lines.next_line()
        if line is None:
            raise StopIteration
        if line.data is None or self.row_bytes + len(line.data) > self.limit:
            self.row_bytes = 0
            raise RowTooLong(f"row is over the {self.limit:,}-byte limit")
        self.row_bytes += len(line.data)
        data = line.data.removeprefix(codecs.BOM_UTF8) if self.first else line.data
        self.first = False
        text, warnings = self.decoder.decode(data)
        self.warnings.extend(warnings)
        if "\r" in text.rstrip("\r\n"):
            self.pending.extend(part for part in _LONE_CR.split(text) if part)
            return self.pending.popleft()
        return text

    def take(self) -> tuple[str, ...]:
        """Return the warnings of the row just read and start a new row."""
        warnings, self.warnings, self.row_bytes = tuple(self.warnings), [], 0
        return warnings


def read_csv(path: Path, config: IngestConfig, *, delimiter: str) -> Iterator[Article | Rejection]:
    """Stream a CSV/TSV file with a header row, one article per row."""
    name = str(path)
    # The rows are bounded by _RowSource; the module's own field limit must not cut below it.
    csv.field_size_limit(max(config.max_raw_bytes, csv.field_size_limit()))
    with open_lines(path) as binary:
        source = _RowSource(LineReader(binary, config.max_raw_bytes, skip_blank=False),
                            config.max_raw_bytes)  # fmt: skip
        reader = csv.reader(source, delimiter=delimiter)
        header: list[str] | None = None
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except READ_ERRORS as exc:
                yield damaged(name, number + 1, number, exc)
                return
            except (csv.Error, RowTooLong) as exc:
                number += header is not None
                source.take()
                yield Rejection(name, number if header else None, f"malformed CSV: {exc}")
                continue
            warnings = source.take()
            if header is None:
                if not row:
                    break
                header = row
                continue
            if row:
                number += 1
                yield _row_article(header, row, name, number, config, warnings)
    if header is None:
        yield Rejection(name, None, "no header row: the first line must name the columns")


def _row_article(
    header: list[str],
    row: list[str],
    name: str,
    number: int,
    config: IngestConfig,
    warnings: tuple[str, ...],
) -> Article | Rejection:
    """Map one row onto the header as csv.DictReader does and convert it."""
    record: dict[Any, Any] = dict(zip(header, row, strict=False))
    if len(row) > len(header):
        record[None] = row[len(header) :]
    for key in header[len(row) :]:
        record[key] = None
    article = guarded(lambda: _convert_row(record, name, number, config), path=name, record=number)
    if warnings and isinstance(article, Article):
        return dataclasses.replace(article, warnings=(*warnings, *article.warnings))
    return article


def _convert_row(record: dict[Any, Any], name: str, number: int, config: IngestConfig) -> Article:
    raw = json.dumps(record, ensure_ascii=False)
    return record_to_article(
        record, where=(name, number), default_id=None, raw=raw, raw_format="csv", config=config
    )
