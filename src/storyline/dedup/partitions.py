"""Partitioned corpus input: split JSONL(.gz) and Parquet files into partitions and read them.

A partition is a line-aligned byte range of a JSONL file, a whole gzipped JSONL file (gzip cannot
be split), or a run of row groups of a Parquet file. Files come in the order corpus mode lists
them (dedup.corpus_io.corpus_files) and partitions in file order, so a record's position in the
whole input is the same for every engine. Records are read as corpus mode reads them: blank
lines skipped, a line that is not a JSON object reported as bad and skipped.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import IO, Any, cast

from storyline.dedup.corpus_io import (
    corpus_files,
    parse_json,
    record_text,  # corpus mode's own rule
)
from storyline.errors import InputError

TARGET_BYTES = 64 << 20  # a JSONL partition: about this many bytes
TARGET_ROWS = 20_000  # a Parquet partition: about this many rows


def file_format(path: Path) -> str:
    """Return 'jsonl.gz', 'jsonl' or 'parquet' for a corpus file."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    return "jsonl.gz" if name.endswith(".gz") else "jsonl"


@dataclass(frozen=True)
class Partition:
    """One slice of one input file: bytes [start, stop) of JSONL, row groups [start, stop)."""

    path: str
    fmt: str  # jsonl | jsonl.gz | parquet
    start: int = 0
    stop: int = -1  # -1: to the end of the file
    first_row: int = 0  # Parquet: rows of the file before this partition

    @property
    def name(self) -> str:
        """Name the partition in messages: the file, and the slice when it is not all of it."""
        if self.start == 0 and self.stop == -1:
            return self.path
        unit = "row groups" if self.fmt == "parquet" else "bytes"
        return f"{self.path} ({unit} {self.start}-{self.stop})"

    def where(self, position: int, line_offset: int = 0) -> str:
        """Name a record as corpus mode does: file:line (JSONL) or file#row (Parquet)."""
        if self.fmt == "parquet":
            return f"{self.path}#{position}"
        return f"{self.path}:{line_offset + position}"


def plan_partitions(
    paths: Sequence[str], *, target_bytes: int = TARGET_BYTES, target_rows: int = TARGET_ROWS
) -> list[Partition]:
    """List the partitions of the inputs (files, directories), in input order."""
    parts: list[Partition] = []
    for path in corpus_files(paths):
        fmt = file_format(path)
        if fmt == "jsonl":
            parts += _jsonl_ranges(path, target_bytes)
        elif fmt == "parquet":
            parts += _row_group_runs(path, target_rows)
        else:
            parts.append(Partition(str(path), fmt))
    return parts


def _jsonl_ranges(path: Path, target: int) -> list[Partition]:
    """Cut a JSONL file into line-aligned byte ranges of about target bytes."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as handle:
        while cuts[-1] + target < size:
            handle.seek(cuts[-1] + target)
            handle.readline()  # move to the start of the next line
            if handle.tell() >= size:
                break
            cuts.append(handle.tell())
    if len(cuts) == 1:
        return [Partition(str(path), "jsonl")]
    cuts.append(size)
    return [Partition(str(path), "jsonl", a, b) for a, b in pairwise(cuts)]


def _row_group_runs(path: Path, target_rows: int) -> list[Partition]:
    """Group a Parquet file's row groups into runs of about target_rows rows."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(f"cannot read Parquet: {exc}", path=str(path)) from exc
    runs: list[Partition] = []
    begin = rows = before = 0
    for group in range(meta.num_row_groups):
        rows += meta.row_group(group).num_rows
        if rows >= target_rows or group == meta.num_row_groups - 1:
            runs.append(Partition(str(path), "parquet", begin, group + 1, before))
            begin, before, rows = group + 1, before + rows, 0
    if len(runs) <= 1:
        return [Partition(str(path), "parquet")]
    return runs


class PartReader:
    """Iterate a partition's records as corpus mode reads them; count its lines as it goes.

    Yields (position, record), or (position, reason) for a line that is not a JSON object. The
    position is the row number in the file (Parquet) or the line number within the partition
    (JSONL: add the lines of the file's earlier partitions for the line number in the file).
    """

    def __init__(self, part: Partition) -> None:
        self.part = part
        self.lines = 0  # JSONL lines read so far, blank ones included

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any] | str]]:
        if self.part.fmt == "parquet":
            row = self.part.first_row
            for batch in _parquet_batches(self.part):
                for record in batch.to_pylist():
                    row += 1
                    yield row, record
            return
        for number, line in self._lines():
            try:
                record = parse_json(line)
            except ValueError as exc:
                yield number, f"not JSON ({exc})"
                continue
            yield number, record if isinstance(record, dict) else "not a JSON object"

    def _lines(self) -> Iterator[tuple[int, bytes]]:
        part = self.part
        with _open(part) as handle:
            handle.seek(part.start)
            left = None if part.stop == -1 else part.stop - part.start
            for number, line in enumerate(handle, 1):
                if left is not None:
                    if left <= 0:
                        return
                    left -= len(line)
                self.lines = number
                if line.strip():
                    yield number, line


def line_offset(part: Partition) -> int:
    """Count the lines of the file before a JSONL partition (reads the file up to its start)."""
    if part.fmt == "parquet" or not part.start:
        return 0
    count, left = 0, part.start
    with open(part.path, "rb") as handle:
        while left > 0 and (chunk := handle.read(min(left, 1 << 22))):
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def _open(part: Partition) -> IO[bytes]:
    if part.fmt == "jsonl.gz":
        return cast(IO[bytes], gzip.open(part.path, "rb"))
    return open(part.path, "rb")


def _parquet_batches(part: Partition) -> Iterator[Any]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(part.path)
    stop = handle.metadata.num_row_groups if part.stop == -1 else part.stop
    groups = list(range(part.start, stop))
    if groups:
        yield from handle.iter_batches(row_groups=groups, batch_size=4096)


def records(part: Partition) -> Iterator[dict[str, Any]]:
    """Yield the partition's records (bad lines skipped)."""
    for _, record in PartReader(part):
        if isinstance(record, dict):
            yield record


@dataclass(frozen=True)
class RecordTexts:
    """The texts of one partition's records, as corpus mode reads them (a TextSource)."""

    part: Partition
    field: str | None = None  # None: "text", else "maintext"

    @property
    def name(self) -> str:
        """Name the partition in messages."""
        return self.part.name

    def texts(self) -> Iterator[str]:
        """Yield each record's text ("" when it has none)."""
        for record in records(self.part):
            yield record_text(record, self.field) or ""
