"""Structured readers: JSON (object or list) and JSONL (streamed, also stdin)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import IO, Any

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.decode import Decoder
from storyline.ingest.fields import record_to_article
from storyline.ingest.files import decode_text, open_lines, read_bounded, strip_extensions
from storyline.ingest.lines import READ_ERRORS, LineReader
from storyline.ingest.normalize import damaged, guarded
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
    warnings: tuple[str, ...] = (),
) -> Article | Rejection:
    """Convert one decoded record; whatever goes wrong becomes its Rejection."""
    path, number = where
    if not isinstance(record, Mapping):
        kind = type(record).__name__
        return Rejection(path, number, f"expected a JSON object per record, got {kind}")
    convert = partial(
        record_to_article, record, where=where, default_id=default_id, raw=raw, raw_format=fmt,
        config=config,
    )  # fmt: skip
    article = guarded(convert, path=path, record=number)
    if warnings and isinstance(article, Article):
        return dataclasses.replace(article, warnings=(*warnings, *article.warnings))
    return article


def read_json_file(path: Path, config: IngestConfig) -> Iterator[Article | Rejection]:
    """Read a JSON file holding one article object or a list of them."""
    name = str(path)
    loaded = guarded(partial(_load_json, path, config), path=name, record=None)
    if isinstance(loaded, Rejection):
        yield loaded
        return
    data, raw, warnings = loaded
    if isinstance(data, list):
        for number, item in enumerate(data, start=1):
            dump = partial(json.dumps, item, ensure_ascii=False)
            item_raw = guarded(dump, path=name, record=number)
            if isinstance(item_raw, Rejection):
                yield item_raw
                continue
            yield _convert(
                item, where=(name, number), default_id=None, raw=item_raw, fmt="json",
                config=config, warnings=warnings,
            )  # fmt: skip
    else:
        yield _convert(
            data, where=(name, None), default_id=strip_extensions(path), raw=raw, fmt="json",
            config=config, warnings=warnings,
        )  # fmt: skip


def _load_json(path: Path, config: IngestConfig) -> tuple[Any, str, tuple[str, ...]]:
    """Read, decode and parse a JSON file, or raise InputError saying why it cannot be used."""
    name = str(path)
    raw, warnings = decode_text(read_bounded(path, config.max_raw_bytes), path=name)
    try:
        return json.loads(raw), raw, warnings
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", path=name
        ) from exc


def read_jsonl(
    path: Path | None, config: IngestConfig, stdin: IO[bytes] | None = None
) -> Iterator[Article | Rejection]:
    """Stream a JSONL file (or stdin), one record per line, in bounded memory."""
    name = str(path) if path is not None else STDIN_NAME
    decoder = Decoder()
    with open_lines(path, stdin) as handle:
        lines = LineReader(handle, config.max_raw_bytes, skip_blank=True)
        read = 0
        while True:
            try:
                line = lines.next_line()
            except READ_ERRORS as exc:
                yield damaged(name, lines.newlines + 1, read, exc)
                return
            if line is None:
                return
            read += 1
            if line.data is None:
                limit = config.max_raw_bytes
                yield Rejection(name, line.number, f"line is over the {limit:,}-byte limit")
                continue
            convert = partial(_jsonl_record, line.data, name, line.number, config, decoder)
            yield guarded(convert, path=name, record=line.number)


def _jsonl_record(
    line: bytes, name: str, number: int, config: IngestConfig, decoder: Decoder
) -> Article | Rejection:
    try:
        text, warnings = decode_text(line, path=name, record=number, decoder=decoder)
        raw = text.strip()
        data = json.loads(raw)
    except InputError as exc:
        return Rejection(name, number, exc.reason)
    except json.JSONDecodeError as exc:
        return Rejection(name, number, f"malformed JSON (column {exc.colno}): {exc.msg}")
    return _convert(
        data, where=(name, number), default_id=None, raw=raw, fmt="json", config=config,
        warnings=warnings,
    )  # fmt: skip
