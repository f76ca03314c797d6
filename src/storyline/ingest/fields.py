"""Turn one input record (a mapping) into an Article: field mapping, dates, ids, sources."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import xxhash
from dateutil import parser as dateparser

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.normalize import valid_text
from storyline.models import Article

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NULLS = {"", "none", "null", "nan", "n/a"}
# The longest date worth parsing ("Wednesday, 28 September 2024 17:05:00 Central European Summer
# Time" is 64): dateutil's tokenizer took 76 ms on a 400 KB "date", seconds on megabytes.
MAX_DATE_CHARS = 200


def lookup(record: Mapping[str, Any], path: str) -> Any:
    """Follow a dotted path (meta.date) into nested mappings; None when absent."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def first_value(record: Mapping[str, Any], paths: tuple[str, ...]) -> Any:
    """Return the first present, non-empty value among candidate paths."""
    for path in paths:
        value = lookup(record, path)
        if value is None or (isinstance(value, str) and value.strip().lower() in _NULLS):
            continue
        return value
    return None


def parse_date(value: Any) -> str | None:
    """Normalise a date to ISO 8601, keeping day precision and timezones; raise ValueError."""
    if value is None:
        return None
    if isinstance(value, int | float):
        try:  # a Unix time, which is UTC
            return datetime.fromtimestamp(float(value), UTC).isoformat()
        except (OverflowError, OSError, ValueError) as exc:
            raise ValueError("the numeric date is not a representable Unix time") from exc
    text = str(value).strip()
    if not text or text.lower() in _NULLS:
        return None
    if len(text) > MAX_DATE_CHARS:
        raise ValueError(f"date is {len(text):,} characters long, not a date")
    if _DAY.match(text):
        datetime.strptime(text, "%Y-%m-%d")  # validates
        return text
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1)).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed: datetime = dateparser.parse(text, default=datetime(1, 1, 1))
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"date {text!r} does not parse") from exc
    if parsed.year == 1:
        raise ValueError(f"date {text!r} has no year")
    has_time = bool(re.search(r"\d:\d", text))
    return parsed.isoformat() if has_time else parsed.date().isoformat()


def domain_of(url: str | None) -> str | None:
    """Return the host of a URL without a leading www., or None."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return str(host).removeprefix("www.") or None


def stable_id(url: str | None, text: str) -> str:
    """Derive a stable id from the URL when there is one, else from the text."""
    basis = url.strip() if url else text
    return xxhash.xxh3_64_hexdigest(basis.encode("utf-8"))


def content_hash(title: str | None, text: str, published: str | None) -> str:
    """Hash what makes a version distinct: title, text and date."""
    payload = "\x1f".join([title or "", text, published or ""]).encode("utf-8")
    return xxhash.xxh3_128_hexdigest(payload)


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [a for a in re.split(r"\s*[;,]\s*", value.strip("[] ")) if a]
    if isinstance(value, list | tuple):
        return tuple(str(a).strip("'\" ") for a in value if str(a).strip("'\" "))
    return (str(value),)


def record_to_article(
    record: Mapping[str, Any],
    *,
    where: tuple[str, int | None],
    default_id: str | None,
    raw: str,
    raw_format: str,
    config: IngestConfig,
) -> Article:
    """Map a record to an Article, or raise InputError saying what is wrong."""
    path, number = where
    fields = config.fields()
    text = first_value(record, fields["text"])
    if text is None:
        names = " or ".join(fields["text"])
        raise InputError(f"no text field ({names}); use --map text=FIELD", path=path, record=number)
    text = str(text).strip()
    return build_article(
        text=text,
        path=path,
        record=number,
        raw=raw,
        raw_format=raw_format,
        config=config,
        meta={name: first_value(record, fields[name]) for name in fields if name != "text"},
        default_id=default_id,
    )


def build_article(
    *,
    text: str,
    path: str,
    record: int | None,
    raw: str,
    raw_format: str,
    config: IngestConfig,
    meta: Mapping[str, Any],
    default_id: str | None,
    warnings: tuple[str, ...] = (),
) -> Article:
    """Validate text and metadata and assemble an Article (warnings: what decoding repaired)."""
    text, raw, meta, repaired = _valid_unicode(text, raw, meta)
    warnings = (*warnings, *repaired)
    _check_text(text, config, path=path, record=record)
    try:
        published = parse_date(meta.get("published"))
    except ValueError as exc:
        raise InputError(f"{exc}; give ISO 8601 (YYYY-MM-DD)", path=path, record=record) from exc
    url = _str(meta.get("url"))
    title = _str(meta.get("title"))
    source = config.source or _str(meta.get("source")) or domain_of(url)
    own_id = _str(meta.get("id"))
    return Article(
        id=own_id or default_id or stable_id(url, text),
        text=text,
        path=path if record is None else f"{path}#{record}",
        source=source,
        url=url,
        title=title,
        published=published,
        authors=_authors(meta.get("authors")),
        language=_str(meta.get("language")),
        raw=raw,
        raw_format=raw_format,
        content_hash=content_hash(title, text, published),
        warnings=warnings,
    )


def _check_text(text: str, config: IngestConfig, *, path: str, record: int | None) -> None:
    """Raise InputError for an empty text or one over the text limit."""
    if not text.strip():
        raise InputError("empty text: the record has no article text", path=path, record=record)
    size = len(text.encode("utf-8"))
    if size > config.max_text_bytes:
        raise InputError(
            f"text is {size:,} bytes, over the {config.max_text_bytes:,}-byte "
            "limit; raise it with --max-text-bytes if this is really one article",
            path=path,
            record=record,
        )


def _valid_unicode(
    text: str, raw: str, meta: Mapping[str, Any]
) -> tuple[str, str, dict[str, Any], tuple[str, ...]]:
    """Replace surrogates (which no UTF-8 writer accepts) in text, raw and string metadata."""
    fixed: dict[str, Any] = dict(meta)
    counts: dict[str, int] = {}
    text, counts["text"] = valid_text(text)
    raw, counts["raw"] = valid_text(raw)
    for name, value in meta.items():
        if isinstance(value, str):
            fixed[name], counts[name] = valid_text(value)
    warnings = tuple(
        f"{n:,} invalid character(s) in {name} replaced by U+FFFD"
        for name, n in counts.items()
        if n
    )
    return text, raw, fixed, warnings


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if text.lower() in _NULLS else text
