"""Structured readers: JSON (object or list), JSONL (streamed, also stdin) and CSV/TSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import record_to_article
from storyline.ingest.files import decode_text, open_lines, read_bounded, strip_extensions
from storyline.models import Article, Rejection

STDIN_NAME = "<stdin>"


def _convert(
    record: Any,
    *,
    where: tuple[str, int | None],
    default_id: str | None,
    raw: str,
    fmt: str,
    config: IngestConfig,
) -> Article | Rejection:
    """Convert one decoded record, turning problems into a Rejection."""
    path, number = where
    if not isinstance(record, Mapping):
        kind = type(record).__name__
        return Rejection(path, number, f"expected a JSON object per record, got {kind}")
    try:
        return record_to_article(
            record, where=where, default_id=default_id, raw=raw, raw_format=fmt, config=config
        )
    except InputError as exc:
        return Rejection(path, number, exc.reason)


def read_json_file(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Read a JSON file holding one article object or a list of them."""
    name = str(path)
    try:
        raw = decode_text(read_bounded(path, config.max_raw_bytes), path=name)
        data = json.loads(raw)
    except InputError as exc:
        yield Rejection(name, None, exc.reason)
        return
    except json.JSONDecodeError as exc:
        yield Rejection(
            name, None, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        )
        return
    if isinstance(data, list):
        for number, item in enumerate(data, start=1):
            item_raw = json.dumps(item, ensure_ascii=False)
            yield _convert(
                item, where=(name, number), default_id=None, raw=item_raw, fmt="json", config=config
            )
    else:
        yield _convert(
            data,
            where=(name, None),
            default_id=strip_extensions(path),
            raw=raw,
            fmt="json",
            config=config,
        )


def read_jsonl(
    path: Path | None, config: IngestConfig, stdin: IO[bytes] | None = None
) -> Iterator[Article | Rejection]:
    """Stream a JSONL file (or stdin), one record per line, in constant memory."""
    name = str(path) if path is not None else STDIN_NAME
    with open_lines(path, stdin) as handle:
        number = 0
        while True:
            try:
                line = handle.readline(config.max_raw_bytes + 1)
            except (OSError, EOFError) as exc:
                yield Rejection(
                    name, number + 1, f"cannot read further: {exc}; the file is damaged"
                )
                return
            if not line:
                return
            number += 1
            rejection = _oversized(line, handle, name, number, config)
            if rejection is not None:
                yield rejection
                continue
            if not line.strip():
                continue
            yield _jsonl_record(line, name, number, config)


def _oversized(
    line: bytes, handle: IO[bytes], name: str, number: int, config: IngestConfig
) -> Rejection | None:
    """Reject (and skip the rest of) a line longer than the raw-size limit."""
    if len(line) <= config.max_raw_bytes or line.endswith(b"\n"):
        return None
    while True:  # skip the rest of the oversized line without holding it in memory
        chunk = handle.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            break
    return Rejection(name, number, f"line is over the {config.max_raw_bytes:,}-byte limit")


def _jsonl_record(line: bytes, name: str, number: int, config: IngestConfig) -> Article | Rejection:
    try:
        raw = decode_text(line, path=name, record=number).strip()
        data = json.loads(raw)
    except InputError as exc:
        return Rejection(name, number, exc.reason)
    except json.JSONDecodeError as exc:
        return Rejection(name, number, f"malformed JSON (column {exc.colno}): {exc.msg}")
    return _convert(data, where=(name, number), default_id=None, raw=raw, fmt="json", config=config)


def read_csv(path: Path, config: IngestConfig, *, delimiter: str) -> Iterator[Article | Rejection]:
    """Stream a CSV/TSV file with a header row, one article per row."""
    name = str(path)
    csv.field_size_limit(max(config.max_raw_bytes, 1 << 20))
    with open_lines(path) as binary:
        handle = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")
        try:
            reader = csv.DictReader(handle, delimiter=delimiter)
            if not reader.fieldnames:
                yield Rejection(name, None, "no header row: the first line must name the columns")
                return
            for number, row in enumerate(reader, start=1):
                raw = json.dumps(row, ensure_ascii=False)
                yield _convert(
                    dict(row),
                    where=(name, number),
                    default_id=None,
                    raw=raw,
                    fmt="csv",
                    config=config,
                )
        except UnicodeDecodeError as exc:
            yield Rejection(name, None, f"not valid UTF-8 (byte {exc.start}); re-encode as UTF-8")
        except csv.Error as exc:
            yield Rejection(name, None, f"malformed CSV: {exc}")
