"""Read lines of a byte stream in bounded memory, with blank runs skipped in one step.

A line-by-line `readline` loop costs about a microsecond per line, so a gzip of a few hundred
kilobytes holding hundreds of millions of newlines took minutes; here a run of blank lines is
found with one regular-expression match and counted with bytes.count, both in C.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import IO

CHUNK = 1 << 20
# What reading a damaged (gzipped) stream raises.
READ_ERRORS = (OSError, EOFError, zlib.error)
_WHITESPACE = re.compile(rb"[ \t\r\n\f\v]+")
_NEWLINES = re.compile(rb"[\r\n]+")


@dataclass(frozen=True)
class Line:
    """One line (number counted from 1) or, with data None, one over the size limit."""

    number: int
    data: bytes | None


class LineReader:
    """Split a binary stream into lines of at most limit bytes.

    skip_blank=True drops lines holding only whitespace (JSONL); False returns a run of empty
    lines as one Line whose data is only line ends (CSV, where such a run is one empty row
    outside quotes and part of the field inside them).
    """

    def __init__(
        self, handle: IO[bytes], limit: int, *, skip_blank: bool, chunk: int = CHUNK
    ) -> None:
        # read1 returns what one decompression step gives: a damaged gzip tail loses only the
        # chunk it is in, not the megabyte read() would have been assembling.
        self.read = getattr(handle, "read1", handle.read)
        self.limit = limit
        self.chunk = chunk
        self.blank = _WHITESPACE if skip_blank else _NEWLINES
        self.skip_blank = skip_blank
        self.buffer = b""
        self.pos = 0
        self.newlines = 0  # line ends before pos
        self.eof = False

    def _fill(self) -> bool:
        """Drop what was read and load the next chunk; False at the end of the stream."""
        if self.eof:
            return False
        chunk = self.read(self.chunk)
        self.buffer, self.pos = self.buffer[self.pos :] + chunk, 0
        self.eof = not chunk
        return bool(chunk)

    def next_line(self) -> Line | None:
        """Return the next line, or None at the end of the stream."""
        while True:
            if self.pos >= len(self.buffer) and not self._fill():
                return None
            run = self.blank.match(self.buffer, self.pos)
            if run is None:
                return self._line()
            start = self.pos
            self.newlines += self.buffer.count(b"\n", start, run.end())
            self.pos = run.end()
            if not self.skip_blank:
                return Line(self.newlines, self.buffer[start : self.pos])

    def _line(self) -> Line:
        """Take the line starting at pos (not blank), reading on until its end or the limit."""
        number = self.newlines + 1
        end = self.buffer.find(b"\n", self.pos)
        if end < 0 or end - self.pos >= self.limit:
            return self._long_line(number)
        data = self.buffer[self.pos : end + 1]
        self.pos = end + 1
        self.newlines += 1
        return Line(number, data)

    def _long_line(self, number: int) -> Line:
        """Read a line that does not end in the buffer, in chunks, up to the limit."""
        parts = [self.buffer[self.pos :]]
        size = len(parts[0])
        self.buffer, self.pos = b"", 0
        while size <= self.limit and b"\n" not in parts[-1] and not self.eof:
            chunk = self.read(self.chunk)
            self.eof = not chunk
            parts.append(chunk)
            size += len(chunk)
        data = b"".join(parts)
        end = data.find(b"\n")
        if end < 0 and size <= self.limit:  # the last line, without a line end
            return Line(number, data)
        if 0 <= end < self.limit:
            self.buffer = data[end + 1 :]
            self.newlines += 1
            return Line(number, data[: end + 1])
        self._skip_rest(data, end)
        return Line(number, None)

    def _skip_rest(self, data: bytes, end: int) -> None:
        """Skip to the end of an oversized line without holding it in memory."""
        while end < 0 and not self.eof:
            data = self.read(self.chunk)
            self.eof = not data
            end = data.find(b"\n")
        self.buffer = data[end + 1 :] if end >= 0 else b""
        self.newlines += end >= 0
