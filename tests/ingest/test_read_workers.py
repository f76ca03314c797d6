"""Ingest reading files in worker processes stores exactly what reading them here stores."""

from __future__ import annotations

import importlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.config import IngestConfig
from storyline.errors import UsageError
from storyline.ingest import Inputs, files, worth_workers
from storyline.store import Store
from support import count_pool_starts

_SKIP = {"ingested_at", "created_at", "started_at"}  # wall-clock stamps


def _files(folder: Path) -> list[str]:
    """Write three JSONL files: good records, a malformed line, a record not in UTF-8."""
    folder.mkdir()
    paths = []
    for k in range(3):
        lines = [
            json.dumps({"id": f"a{k}-{i}", "text": f"Story {i} of file {k}. " * 20, "title": "T"})
            for i in range(25)
        ]
        if k == 1:
            lines.insert(7, '{"id": "broken", "text": ')
        body = "\n".join(lines).encode()
        if k == 2:
            body += b'\n{"id": "latin", "text": "caf\xe9 au lait, ' + b"x" * 200 + b'"}'
        path = folder / f"part-{k}.jsonl"
        path.write_bytes(body)
        paths.append(str(path))
    return paths


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    out = {}
    for table in ("articles", "rejections", "article_warnings", "batches"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in _SKIP]
        out[table] = conn.execute(f"SELECT {','.join(cols)} FROM {table} ORDER BY rowid").fetchall()
    conn.close()
    return out


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Read in workers whatever the size of the inputs; count the worker pools started."""
    monkeypatch.setattr(pipeline, "worth_workers", lambda _paths: True)
    return count_pool_starts(monkeypatch)


def test_two_workers_store_what_one_process_stores(tmp_path: Path, started: list[int]) -> None:
    paths = _files(tmp_path / "in")
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store:
            pipeline.ingest(store, paths, workers=workers)
    assert started == [2]  # only the two-worker run started processes
    one, two = _rows(tmp_path / "w1.db"), _rows(tmp_path / "w2.db")
    assert len(one["articles"]) == 76 and len(one["rejections"]) == 1
    assert one["article_warnings"]  # the record decoded from a legacy charset
    assert one == two


def test_a_missing_path_fails_after_the_inputs_before_it(
    tmp_path: Path, started: list[int]
) -> None:
    paths = [*_files(tmp_path / "in"), str(tmp_path / "missing.jsonl")]
    config = IngestConfig(batch_size=10)  # the batches before the error are committed
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store, pytest.raises(UsageError):
            pipeline.ingest(store, paths, config, workers=workers)
    one = _rows(tmp_path / "w1.db")
    assert len(one["articles"]) == 69  # seven batches of ten items, one a rejection
    assert one == _rows(tmp_path / "w2.db")


def test_small_inputs_start_no_process(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in")
    assert not worth_workers(Inputs(paths))
    assert not worth_workers(Inputs([*paths, str(tmp_path / "missing.jsonl")]))


@pytest.mark.parametrize("parallel", [False, True])
def test_the_paths_are_expanded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    # Choosing workers and reading share one expansion (a directory walked once, not twice).
    monkeypatch.setattr(pipeline, "worth_workers", lambda _inputs: parallel)
    real, calls = files.expand, []

    def counting(paths: list[str]) -> Iterator[tuple[Path | None, str | None]]:
        calls.append(list(paths))
        return real(paths)

    monkeypatch.setattr(files, "expand", counting)
    # The package, not storyline.ingest the function that the package storyline exports.
    monkeypatch.setattr(importlib.import_module("storyline.ingest"), "expand", counting)
    folder = str(tmp_path / "in")
    _files(tmp_path / "in")
    with Store.open(tmp_path / "s.db") as store:
        report = pipeline.ingest(store, [folder], workers=2)
    assert calls == [[folder]]
    assert report.ingested == 76
