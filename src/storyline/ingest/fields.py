"""Turn one input record (a mapping) into an Article: field mapping, dates, ids, sources."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import xxhash

from storyline.config import IngestConfig
from storyline.dates import DateError, parse_date
from storyline.errors import InputError
from storyline.ingest.normalize import valid_text
from storyline.models import DATE_KEPT, Article
from storyline.outlets import outlet_name

_NULLS = {"", "none", "null", "nan", "n/a"}
_TEXTS = ("text", "description")  # fields read for the text, not kept as metadata


def lookup(record: Mapping[str, Any], path: str) -> Any:
    """Follow a dotted path (meta.date) into nested mappings; None when absent.

    A key written in another case ("Title", "TIMESTAMP": spreadsheet and feed exports) is
    found when the exact key is absent.
    """
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        if part in value:
            value = value[part]
            continue
        folded = part.casefold()
        key = next((k for k in value if isinstance(k, str) and k.casefold() == folded), None)
        if key is None:
            return None
        value = value[key]
    return value


def first_value(record: Mapping[str, Any], paths: tuple[str, ...]) -> Any:
    """Return the first present, non-empty value among candidate paths."""
    for path in paths:
        value = lookup(record, path)
        if value is None or (isinstance(value, str) and value.strip().lower() in _NULLS):
            continue
        return value
    return None


def stable_id(url: str | None, text: str) -> str:
    """Derive a stable id from the URL when there is one, else from the text."""
    basis = url.strip() if url else text
    return xxhash.xxh3_64_hexdigest(basis.encode("utf-8"))


def content_hash(title: str | None, text: str, published: str | None) -> str:
    """Hash what makes a version distinct: title, text and date."""
    payload = "\x1f".join([title or "", text, published or ""]).encode("utf-8")
    return xxhash.xxh3_128_hexdigest(payload)


def _named(value: Any) -> Any:
    """Return an object's name ({"@type": "Organization", "name": ...}), else the value."""
    if isinstance(value, Mapping):
        return value.get("name")
    return value


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [a for a in re.split(r"\s*[;,]\s*", value.strip("[] ")) if a]
    if isinstance(value, list | tuple):
        names = (str(_named(a) or "").strip("'\" ") for a in value)
        return tuple(name for name in names if name)
    named = _named(value)
    return (str(named),) if named else ()


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
    text, warnings = _text_or_stand_in(record, fields)
    if text is None:
        names = " or ".join(fields["text"])
        raise InputError(
            f"no text field ({names}) and no description or title to stand for it; "
            "use --map text=FIELD",
            path=path,
            record=number,
        )
    return build_article(
        text=text,
        warnings=warnings,
        path=path,
        record=number,
        raw=raw,
        raw_format=raw_format,
        config=config,
        # the text and its stand-in are read above; the rest is the article's metadata
        meta={name: first_value(record, fields[name]) for name in fields if name not in _TEXTS},
        default_id=default_id,
    )


def _text_or_stand_in(
    record: Mapping[str, Any], fields: Mapping[str, tuple[str, ...]]
) -> tuple[str | None, tuple[str, ...]]:
    """Return the record's text, else its description or headline with a warning saying so.

    A headline-only feed item is news (a brief): the story engine places it on its headline.
    """
    text = first_value(record, fields["text"])
    if text is not None and str(text).strip():
        return str(text).strip(), ()
    for name in ("description", "title"):
        value = first_value(record, fields[name])
        if value is not None and str(value).strip():
            return str(value).strip(), (f"no article text: the {name} stands for it",)
    return None, ()


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
    except DateError as exc:  # the article is still news: keep it undated, and say why
        published = None
        warnings = (*warnings, f"{exc}; {DATE_KEPT}")
    url = _str(meta.get("url"))
    title = _str(meta.get("title"))
    source = config.source or outlet_name(_str(_named(meta.get("source"))), url)
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
