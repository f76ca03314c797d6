"""Make every string of a record valid Unicode before it reaches a transaction."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from storyline.errors import InputError
from storyline.models import Article, Rejection

# Lone (and paired, which a Python str never needs) surrogates cannot be encoded as UTF-8:
# SQLite's binding and every hash of the text would raise on them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELDS = ("id", "text", "path", "source", "url", "title", "published", "language", "raw")
T = TypeVar("T")


def valid_text(value: str) -> tuple[str, int]:
    """Return value with every surrogate replaced by U+FFFD, and how many were replaced."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.subn("\ufffd", value)
    return value, 0


def normalize_article(article: Article) -> Article:
    """Return the article with valid Unicode in every field, a warning per replaced field."""
    changes: dict[str, object] = {}
    warnings: list[str] = []
    for name in _FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            fixed, count = valid_text(value)
            if count:
                changes[name] = fixed
                warnings.append(f"{count:,} invalid character(s) in {name} replaced by U+FFFD")
    authors = tuple(valid_text(a) for a in article.authors)
    if any(count for _, count in authors):
        changes["authors"] = tuple(a for a, _ in authors)
        warnings.append("invalid characters in authors replaced by U+FFFD")
    if not changes:
        return article
    changes["warnings"] = (*article.warnings, *warnings)
    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


def normalize_rejection(rejection: Rejection) -> Rejection:
    """Return the rejection with a path and reason that can be stored."""
    path, bad_path = valid_text(rejection.path)
    reason, bad_reason = valid_text(rejection.reason)
    if not bad_path and not bad_reason:
        return rejection
    return Rejection(path, rejection.record, reason)


def guarded(convert: Callable[[], T], *, path: str, record: int | None) -> T | Rejection:
    """Run one record's conversion; whatever it raises becomes that record's rejection."""
    try:
        return convert()
    except InputError as exc:
        return Rejection(path, record, exc.reason)
    except (MemoryError, KeyboardInterrupt):
        raise
    except RecursionError:
        return Rejection(path, record, "nested too deeply to read")
    except Exception as exc:  # a library failing on one hostile record must not end the file
        return Rejection(path, record, f"could not be read ({type(exc).__name__}: {exc})")


def damaged(path: str, stopped_at: int, read: int, exc: BaseException) -> Rejection:
    """Reject the rest of a file a reader cannot go on with, saying where and after how much."""
    return Rejection(
        path,
        stopped_at,
        f"the file is damaged and reading stopped at record {stopped_at:,} "
        f"after {read:,} record(s) were read ({type(exc).__name__}: {exc}); "
        "the records after it are lost",
    )


def iter_guarded(items: Iterator[T], *, path: str) -> Iterator[T | Rejection]:
    """Yield from a reader; if it raises, end with a rejection saying how far it got."""
    read = 0
    try:
        for item in items:
            read += 1
            yield item
    except (ImportError, MemoryError, KeyboardInterrupt, GeneratorExit):
        raise
    except Exception as exc:  # a library crashing on one hostile file must not stop the batch
        yield damaged(path, read + 1, read, exc)
