"""Find input files and read them safely: bounded gunzip, binary detection, UTF-8 decoding."""

from __future__ import annotations

import codecs
import glob
import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from storyline.errors import InputError, UsageError
from storyline.ingest.decode import Decoder
from storyline.ingest.lines import CHUNK, READ_ERRORS

# Suffix (after an optional .gz) -> reader format.
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
STDIN = "-"
# The control characters that mark binary data: all below U+0020 but tab, LF, FF and CR. In
# UTF-8 each is one byte and no other character has such a byte, so deleting them from the
# encoded sample counts them in C (a Python test per character was a quarter of ingest's CPU).
_CONTROLS = bytes(c for c in range(32) if chr(c) not in "\n\r\t\f")


def detect_format(path: Path) -> str | None:
    """Return the reader format of a path from its suffixes, or None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1]) if suffixes else None


def strip_extensions(path: Path) -> str:
    """Return the file name without its known extensions (042bb7.html.gz -> 042bb7)."""
    name = path.name
    lowered = name.lower()
    if lowered.endswith(".gz"):
        name, lowered = name[:-3], lowered[:-3]
    for suffix in FORMATS:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def expand(paths: tuple[str, ...] | list[str]) -> Iterator[tuple[Path | None, str | None]]:
    """Yield (path, format) for every input: files, recursive directories, globs, '-' (stdin)."""
    for raw in paths:
        if raw == STDIN:
            yield None, "jsonl"
            continue
        candidate = Path(raw)
        if candidate.is_dir():
            for child in sorted(candidate.rglob("*")):
                if child.is_file() and not _hidden(child, candidate):
                    fmt = detect_format(child)
                    # any XML file may be a feed, but a folder's config and sitemap files are not
                    if fmt is not None and not _xml_in_folder(child):
                        yield child, fmt
        elif candidate.is_file():
            yield candidate, detect_format(candidate)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise UsageError(f"{raw}: no file matches this pattern")
            yield from expand(matches)
        else:
            raise UsageError(f"{raw}: no such file or directory")


def _xml_in_folder(path: Path) -> bool:
    """Tell whether a file found in a folder is .xml: read as a feed only when named."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    return suffixes[-1:] == [".xml"]


class Inputs:
    """The inputs under some paths, expanded once: replayed in order, expand's error last.

    found holds the inputs expand yielded before its error (if any); iterating yields them,
    then raises that error, where a fresh expand would have raised it.
    """

    def __init__(self, paths: tuple[str, ...] | list[str]) -> None:
        self.found: list[tuple[Path | None, str | None]] = []
        self.error: Exception | None = None
        try:
            self.found.extend(expand(paths))
        except Exception as exc:  # raised by whoever iterates, after the inputs before it
            self.error = exc

    def __iter__(self) -> Iterator[tuple[Path | None, str | None]]:
        yield from self.found
        if self.error is not None:
            raise self.error


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def read_bounded(path: Path, limit: int, *, too_big: str | None = None) -> bytes:
    """Read a file (gunzipping .gz) but refuse more than limit bytes (too_big: the reason)."""
    parts: list[bytes] = []
    size = 0
    with open_binary(path) as handle:
        try:
            while size <= limit and (chunk := handle.read(min(CHUNK, limit + 1 - size))):
                parts.append(chunk)
                size += len(chunk)
        except READ_ERRORS as exc:
            raise InputError(
                f"the file is damaged: reading stopped after {size:,} decompressed bytes, "
                f"before its record was complete ({type(exc).__name__}: {exc})",
                path=str(path),
            ) from exc
    if size > limit and too_big is not None:
        raise InputError(too_big, path=str(path))
    if size > limit:
        kind = "decompresses to" if path.suffix.lower() == ".gz" else "is"
        raise InputError(
            f"{kind} more than {limit:,} bytes (a gzip bomb or not one article); "
            "raise --max-raw-bytes if it is legitimate",
            path=str(path),
        )
    return b"".join(parts)


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for binary reading, transparently gunzipping .gz files."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def open_lines(path: Path | None, stdin: IO[bytes] | None = None) -> IO[bytes]:
    """Open a line-oriented input (file, .gz file or stdin) in binary mode."""
    if path is None:
        return stdin if stdin is not None else io.BufferedReader(io.FileIO(0, closefd=False))
    return open_binary(path)


def decode_text(
    data: bytes, *, path: str, record: int | None = None, decoder: Decoder | None = None
) -> tuple[str, tuple[str, ...]]:
    """Decode text (UTF-8, else per record a detected charset), rejecting binary data.

    Returns the text and the warnings of what decoding had to repair.
    """
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("binary data (NUL bytes), not text", path=path, record=record)
    text, warnings = (decoder or Decoder()).decode(data.removeprefix(codecs.BOM_UTF8))
    sample = text[:8192]
    encoded = sample.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROLS))
    if controls > max(8, len(sample) // 20) or sample.count("\ufffd") > max(8, len(sample) // 5):
        raise InputError("binary data (control characters), not text", path=path, record=record)
    return text, warnings
