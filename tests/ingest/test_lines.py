"""The chunked line reader agrees with a plain split, at every chunk size and limit."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.ingest.lines import Line, LineReader

WHITESPACE = b" \t\r\n\f\v"


def reference(data: bytes, limit: int, *, skip_blank: bool) -> list[Line]:
    """Split on line ends the slow way: one line at a time."""
    out: list[Line] = []
    pieces = data.split(b"\n")
    split = [p + b"\n" for p in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    for number, line in enumerate(split, start=1):
        content = line.lstrip(WHITESPACE) if skip_blank else line
        if skip_blank and not content:
            continue
        out.append(Line(number, content if len(content) <= limit else None))
    return out


def read_all(data: bytes, limit: int, *, skip_blank: bool, chunk: int) -> list[Line]:
    reader = LineReader(io.BytesIO(data), limit, skip_blank=skip_blank, chunk=chunk)
    found = []
    while (line := reader.next_line()) is not None:
        found.append(line)
    return found


@settings(max_examples=300, derandomize=True, database=None)
@given(
    parts=st.lists(st.sampled_from([b"a", b"{}", b" ", b"\n", b"\t", b"xyz" * 5]), max_size=40),
    chunk=st.integers(1, 12),
    limit=st.integers(1, 20),
)
def test_jsonl_lines_match_a_plain_split(parts: list[bytes], chunk: int, limit: int) -> None:
    data = b"".join(parts)
    found = read_all(data, limit, skip_blank=True, chunk=chunk)
    assert found == reference(data, limit, skip_blank=True)


@settings(max_examples=300, derandomize=True, database=None)
@given(
    parts=st.lists(st.sampled_from([b"a,b", b'"', b" ", b"\n", b"\r\n", b"xyz" * 5]), max_size=40),
    chunk=st.integers(1, 12),
)
def test_csv_lines_give_back_every_byte(parts: list[bytes], chunk: int) -> None:
    data = b"".join(parts)
    found = read_all(data, len(data) + 1, skip_blank=False, chunk=chunk)
    assert b"".join(line.data or b"" for line in found) == data
    assert all(line.data for line in found)
    ends = [line.number for line in found]
    assert ends == sorted(ends)
