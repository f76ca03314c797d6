"""Corpus mode: JSONL(.gz), Parquet and directories in, every record back out, annotated."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from storyline.dedup import DedupConfig
from storyline.dedup.corpus import CorpusOptions, dedup_corpus
from storyline.errors import UsageError


@pytest.fixture
def records(
    original: str, copies: dict[str, str], make_article: Callable[..., str]
) -> list[dict[str, object]]:
    """An original, two copies (one published earlier, one longer) and two strangers."""
    return [
        {"id": "orig", "text": original, "published": "2024-05-02", "extra": {"k": 1}},
        {"id": "early", "text": copies["truncated"], "published": "2024-05-01"},
        {"id": "long", "text": copies["appended"], "published": "2024-05-03"},
        {"id": "other", "text": make_article(2), "published": "2024-05-02"},
        {"id": "third", "maintext": make_article(3)},
    ]


def write_jsonl(path: Path, rows: list[dict[str, object]], *, junk: bool = False) -> None:
    lines = [json.dumps(r) for r in rows]
    if junk:
        lines[2:2] = ["{not json", "[1, 2]", "", json.dumps({"id": "no-text", "title": "x"})]
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_jsonl_round_trip_keeps_fields_and_adds_the_cluster(
    tmp_path: Path, records: list[dict[str, object]]
) -> None:
    write_jsonl(tmp_path / "in.jsonl.gz", records)
    report = dedup_corpus([str(tmp_path / "in.jsonl.gz")], str(tmp_path / "out.jsonl"))
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [r["id"] for r in out] == [r["id"] for r in records]
    assert out[0]["extra"] == {"k": 1} and out[4]["maintext"] == records[4]["maintext"]
    by_id = {r["id"]: r for r in out}
    assert by_id["early"]["is_duplicate"] is False  # earliest published is kept
    assert by_id["orig"]["duplicate_of"] == "early" and by_id["long"]["duplicate_of"] == "early"
    assert by_id["orig"]["dup_cluster"] == by_id["long"]["dup_cluster"] == 0
    assert by_id["other"]["dup_cluster"] is None and by_id["other"]["is_duplicate"] is False
    assert (report.records, report.clusters, report.duplicates) == (5, 1, 2)


@pytest.mark.parametrize("keep, kept", [("first", "orig"), ("longest", "long")])
def test_keep_policy_picks_the_kept_member(
    tmp_path: Path, records: list[dict[str, object]], keep: str, kept: str
) -> None:
    write_jsonl(tmp_path / "in.jsonl", records)
    dedup_corpus(
        [str(tmp_path / "in.jsonl")],
        str(tmp_path / "out.jsonl"),
        options=CorpusOptions(keep=keep, drop_duplicates=True),
    )
    ids = [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")]
    assert ids == [kept, "other", "third"] if kept == "orig" else ids == ["long", "other", "third"]


def test_bad_lines_and_records_without_text_are_reported_not_fatal(
    tmp_path: Path, records: list[dict[str, object]]
) -> None:
    write_jsonl(tmp_path / "in.jsonl", records, junk=True)
    report = dedup_corpus([str(tmp_path / "in.jsonl")], str(tmp_path / "out.jsonl"))
    out = read_jsonl(tmp_path / "out.jsonl")
    assert report.bad_lines == 2 and report.no_text == 1
    assert any("in.jsonl:3" in e for e in report.examples)
    assert [r["id"] for r in out if r["id"] == "no-text"] == ["no-text"]
    assert report.clusters == 1


def test_parquet_directory_in_parquet_out(tmp_path: Path, records: list[dict[str, object]]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [{"id": r["id"], "text": r.get("text") or r.get("maintext")} for r in records]
    pq.write_table(pa.Table.from_pylist(rows[:3]), folder / "a.parquet")
    pq.write_table(pa.Table.from_pylist(rows[3:]), folder / "b.parquet")
    (folder / ".hidden.parquet").write_bytes(b"not parquet")
    dedup_corpus([str(folder)], str(tmp_path / "out"), DedupConfig(ngram=4))
    a = pq.read_table(tmp_path / "out" / "a.parquet").to_pylist()
    b = pq.read_table(tmp_path / "out" / "b.parquet").to_pylist()
    assert [r["is_duplicate"] for r in a + b] == [False, True, True, False, False]  # no dates
    assert set(a[0]) == {"id", "text", "dup_cluster", "is_duplicate", "duplicate_of"}


def test_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        dedup_corpus([str(tmp_path / "missing.jsonl")], str(tmp_path / "o.jsonl"))
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UsageError, match="not a corpus file"):
        dedup_corpus([str(tmp_path / "notes.txt")], str(tmp_path / "o.jsonl"))
    write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": "a b c d"}])
    with pytest.raises(UsageError, match="also an input"):
        dedup_corpus([str(tmp_path / "in.jsonl")], str(tmp_path / "in.jsonl"))
    with pytest.raises(UsageError, match="--keep"):
        dedup_corpus(
            [str(tmp_path / "in.jsonl")],
            str(tmp_path / "o.jsonl"),
            options=CorpusOptions(keep="newest"),
        )
