"""Ingest: read articles from text, JSON(L), CSV, HTML and WARC inputs, streaming."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from storyline.config import IngestConfig
from storyline.ingest.files import Inputs, expand
from storyline.ingest.normalize import iter_guarded
from storyline.ingest.records import read_json_file, read_jsonl
from storyline.ingest.tabular import read_csv
from storyline.ingest.text import read_text_file
from storyline.models import Article, Rejection
from storyline.workers import Workers

__all__ = ["Inputs", "read_paths", "worth_workers"]


# Files up to this size on disk are read whole in a worker process (their records come back as
# one list); larger ones, and stdin, are streamed here in bounded memory.
WHOLE_BYTES = 8 << 20
# Inputs from which reading in worker processes pays for starting them (~1 CPU s each): a
# small run (a feed's new file, a test) reads here.
PARALLEL_BYTES = 16 << 20
Input = tuple[Path | None, str | None]
Job = tuple[Input | None, IngestConfig, Exception | None]  # an input, or expand's error
Read = tuple[Input | None, list[Article | Rejection] | None, Exception | None]


def worth_workers(inputs: Inputs) -> bool:
    """Tell whether the files hold PARALLEL_BYTES or more: worth starting worker processes.

    Only the inputs before a path that cannot be expanded count: read_paths meets its error.
    """
    total = 0
    try:
        for path, _ in inputs.found:
            total += path.stat().st_size if path is not None else 0
            if total >= PARALLEL_BYTES:
                return True
    except OSError:
        return False
    return False


def read_paths(
    paths: tuple[str, ...] | list[str] | Inputs,
    config: IngestConfig,
    *,
    stdin: IO[bytes] | None = None,
    pool: Workers | None = None,
) -> Iterator[Article | Rejection]:
    """Yield an Article or a Rejection for every record under the given paths.

    paths: or the Inputs already expanded from them (by worth_workers' caller), not expanded
    again. pool: read files in its worker processes, several at once; the same items in the
    same order (an error of the paths too: raised after the items of the inputs before it).
    """
    inputs = paths if isinstance(paths, Inputs) else expand(paths)
    if pool is None:
        for path, fmt in inputs:
            yield from _read_guarded(path, fmt, config, stdin)
        return
    for found, items, error in pool.map(read_whole, _jobs(inputs, config)):
        if error is not None:
            raise error
        assert found is not None
        yield from _read_guarded(*found, config, stdin) if items is None else items


def _jobs(inputs: Iterable[Input], config: IngestConfig) -> Iterator[Job]:
    """Yield a job per input, then expand's error if it raises one (in its place in order)."""
    try:
        for found in inputs:
            yield found, config, None
    except Exception as exc:  # raised by read_paths when its turn comes
        yield None, config, exc


def read_whole(job: Job) -> Read:
    """Read a small file's items at once (in a worker); leave stdin and large files (None)."""
    found, config, error = job
    if error is not None or found is None:
        return found, None, error
    path, fmt = found
    if path is None or path.stat().st_size > WHOLE_BYTES:
        return found, None, None
    return found, list(_read_guarded(path, fmt, config, None)), None


def _read_guarded(
    path: Path | None, fmt: str | None, config: IngestConfig, stdin: IO[bytes] | None
) -> Iterator[Article | Rejection]:
    name = str(path) if path is not None else "<stdin>"
    # Readers turn a bad record into its rejection; a crash past that ends only this file.
    yield from iter_guarded(_read_one(path, fmt, config, stdin), path=name)


def _read_one(
    path: Path | None, fmt: str | None, config: IngestConfig, stdin: IO[bytes] | None
) -> Iterator[Article | Rejection]:
    if fmt == "jsonl":
        yield from read_jsonl(path, config, stdin)
        return
    assert path is not None
    if fmt == "text":
        yield from read_text_file(path, config)
    elif fmt == "json":
        yield from read_json_file(path, config)
    elif fmt in ("csv", "tsv"):
        yield from read_csv(path, config, delimiter="\t" if fmt == "tsv" else ",")
    elif fmt == "html":
        from storyline.ingest.html import read_html_file  # trafilatura is slow to import

        yield from read_html_file(path, config)
    elif fmt == "warc":
        from storyline.ingest.warc import read_warc

        yield from read_warc(path, config)
    elif fmt == "feed":
        from storyline.ingest.feeds import read_feed_file

        yield from read_feed_file(path, config)
    else:
        yield Rejection(
            str(path),
            None,
            "unsupported file type: use .txt, .json, .jsonl, .csv, .tsv, .html, .htm, .warc, "
            ".rss, .atom or .xml (optionally .gz)",
        )
