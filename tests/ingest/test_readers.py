"""Each reader on fixtures of its format."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from storyline.config import IngestConfig
from storyline.ingest import read_paths
from storyline.models import Article, Rejection
from support import SEED_IDS


def articles(*paths: Path | str, config: IngestConfig | None = None) -> list[Article]:
    items = list(read_paths([str(p) for p in paths], config or IngestConfig()))
    bad = [i for i in items if isinstance(i, Rejection)]
    assert not bad, bad
    return [i for i in items if isinstance(i, Article)]


def test_seed_text_files_take_date_header_and_file_stem(fixtures: Path) -> None:
    found = {a.id: a for a in articles(fixtures / "seeds")}
    assert sorted(found) == SEED_IDS
    assert [found[i].published for i in SEED_IDS] == [
        "2024-04-27",
        "2024-04-27",
        "2024-04-28",
        "2024-04-26",
    ]
    for article in found.values():
        assert not article.text.startswith("date")
        assert article.raw.lstrip().startswith("date")
        assert article.text in article.raw


def test_plain_text_without_header_has_unknown_date(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(
        "A short report about a village fair and its prize pumpkins."
    )
    (only,) = articles(tmp_path / "note.txt")
    assert only.id == "note" and only.published is None


def test_jsonl_uses_news_please_fields_and_record_numbers(fixtures: Path) -> None:
    first, second, third = articles(fixtures / "articles.jsonl")
    assert first.id == "j1" and first.source == "citynews.example"
    assert first.published == "2024-02-06T18:05:00" and first.authors == ("Ann Reporter",)
    assert (
        second.source == "trainsdaily.example" and second.published == "2024-02-07T07:00:00+00:00"
    )
    assert third.published == "2024-02-08" and third.source is None
    assert second.path.endswith("articles.jsonl#2")
    assert len({first.id, second.id, third.id}) == 3


def test_gzipped_jsonl_and_field_map(tmp_path: Path) -> None:
    record = {"body": "Storm closes ferry routes for two days.", "meta": {"when": "2024-01-02"}}
    with gzip.open(tmp_path / "x.jsonl.gz", "wt") as out:
        out.write(json.dumps(record) + "\n")
    config = IngestConfig(field_map={"text": ("body",), "published": ("meta.when",)})
    (only,) = articles(tmp_path / "x.jsonl.gz", config=config)
    assert only.text.startswith("Storm") and only.published == "2024-01-02"


def test_json_object_and_list(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(
        json.dumps({"text": "One article in one file.", "title": "T"})
    )
    (tmp_path / "many.json").write_text(json.dumps([{"text": "First."}, {"text": "Second."}]))
    one = articles(tmp_path / "one.json")
    many = articles(tmp_path / "many.json")
    assert one[0].id == "one" and one[0].title == "T"
    assert [a.path.rsplit("#", 1)[1] for a in many] == ["1", "2"]


def test_giveme5w1h_news_please_json(shared_data: Path) -> None:
    folder = shared_data / "giveme5w1h-news-cluster" / "news_cluster" / "data"
    found = articles(folder)
    assert len(found) == 383
    assert sum(1 for a in found if a.title and a.published and a.source) >= 375


def test_csv_and_tsv(fixtures: Path) -> None:
    c1, c2 = articles(fixtures / "articles.csv")
    assert c1.id == "c1" and c1.source == "floodwatch.example" and c1.published == "2024-01-15"
    assert c2.source == "airnews.example" and c2.published == "2024-01-16T10:00:00+00:00"
    (t1,) = articles(fixtures / "articles.tsv")
    assert t1.id == "t1" and "village fair" in t1.text


def test_html_page_extracts_text_and_metadata(fixtures: Path, tmp_path: Path) -> None:
    with (
        open(fixtures / "article.html", "rb") as src,
        gzip.open(tmp_path / "p1.html.gz", "wb") as out,
    ):
        shutil.copyfileobj(src, out)
    (page,) = articles(tmp_path / "p1.html.gz")
    assert page.id == "p1" and page.raw_format == "html" and "<article>" in page.raw
    assert "harbour bridge reopened" in page.text and "Subscribe" not in page.text
    assert page.title and "Harbour bridge" in page.title
    assert page.published and page.published.startswith("2024-03-14")
    assert page.url == "https://coastalherald.example/news/harbour-bridge-reopens"


def test_warc_reads_html_responses_only(fixtures: Path) -> None:
    (page,) = articles(fixtures / "pages.warc.gz")
    assert page.raw_format == "warc" and "Lindqvist" in page.text
    assert page.path.endswith("pages.warc.gz#1")


def test_stdin_jsonl() -> None:
    data = io.BytesIO(b'{"text": "From a pipe.", "url": "https://a.example/x"}\n')
    items = list(read_paths(["-"], IngestConfig(), stdin=data))
    assert isinstance(items[0], Article) and items[0].source == "a.example"


def test_glob_and_directory_recursion(fixtures: Path, tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(fixtures / "articles.csv", nested / "x.csv")
    (tmp_path / "a" / "README.md").write_text("not an article")
    assert len(articles(tmp_path)) == 2
    assert len(articles(str(tmp_path / "a" / "**" / "*.csv"))) == 2


@pytest.mark.parametrize("big", [True])
def test_streaming_reader_is_lazy(tmp_path: Path, big: bool) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w") as out:
        for n in range(5000):
            out.write(json.dumps({"text": f"Article number {n} about things."}) + "\n")
    stream = read_paths([str(path)], IngestConfig())
    first = next(stream)
    assert isinstance(first, Article)  # a generator: nothing else was read yet
