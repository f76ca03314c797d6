"""One test per bad-input class: each becomes a Rejection with an actionable reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storyline.config import IngestConfig
from storyline.ingest import read_paths
from storyline.models import Article, Rejection


def rejections(path: Path, config: IngestConfig | None = None) -> list[Rejection]:
    return [
        i for i in read_paths([str(path)], config or IngestConfig()) if isinstance(i, Rejection)
    ]


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(bytes(range(256)) * 16)
    (rej,) = rejections(tmp_path / "x.txt")
    assert "binary" in rej.reason and rej.path.endswith("x.txt")


def test_legacy_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    # issue 22: a text that is not UTF-8 is decoded (detected charset), not rejected whole
    (tmp_path / "latin.txt").write_bytes("Café opens on the square".encode("latin-1"))
    (article,) = read_paths([str(tmp_path / "latin.txt")], IngestConfig())
    assert isinstance(article, Article)
    assert article.text == "Café opens on the square"
    assert any("not valid UTF-8" in w for w in article.warnings)


def test_empty_text(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n")
    (rej,) = rejections(tmp_path / "empty.txt")
    assert "empty text" in rej.reason


def test_header_only_text(tmp_path: Path) -> None:
    (tmp_path / "h.txt").write_text(" date 2024-01-01 ")
    assert "empty text" in rejections(tmp_path / "h.txt")[0].reason


def test_malformed_json_line_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "y.jsonl").write_text('{"text": "good one"}\n{broken\n{"text": "good two"}\n')
    items = list(read_paths([str(tmp_path / "y.jsonl")], IngestConfig()))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    bad = items[1]
    assert isinstance(bad, Rejection) and bad.record == 2 and "malformed JSON" in bad.reason


def test_missing_text_field(tmp_path: Path) -> None:
    (tmp_path / "t.jsonl").write_text(json.dumps({"story": "text under a name we do not know"}))
    (rej,) = rejections(tmp_path / "t.jsonl")
    assert "no text field" in rej.reason and "--map text=" in rej.reason


def test_headline_feed_items_are_briefs(tmp_path: Path) -> None:
    items = [
        {"id": "h1", "headline": "Fed raises rates by a quarter point", "pubDate": 1389000000123},
        {"id": "h2", "title": "Fed hikes rates", "summary": "The Federal Reserve raised rates."},
        {"id": "h3", "title": "Only a headline", "text": "  "},
    ]
    (tmp_path / "f.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items))
    one, two, three = read_paths([str(tmp_path / "f.jsonl")], IngestConfig())
    assert isinstance(one, Article) and one.text == one.title == items[0]["headline"]
    assert one.published == "2014-01-06T09:20:00.123+00:00"
    assert one.warnings == ("no article text: the title stands for it",)
    assert isinstance(two, Article) and two.text == "The Federal Reserve raised rates."
    assert two.warnings == ("no article text: the description stands for it",)
    assert isinstance(three, Article) and three.text == "Only a headline"


def test_unparsable_date_keeps_the_article_undated(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"text": "x y z", "date_publish": "soonish"}) + "\n"
    )
    (article,) = read_paths([str(tmp_path / "d.jsonl")], IngestConfig())
    assert isinstance(article, Article) and article.published is None
    assert "soonish" in article.warnings[0]


def test_text_over_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 3000)
    (rej,) = rejections(tmp_path / "big.txt", IngestConfig(max_text_bytes=10_000))
    assert "limit" in rej.reason and "--max-text-bytes" in rej.reason


def test_gzip_bomb_is_bounded(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "bomb.html.gz", "wb") as out:
        out.write(b"<html><body>" + b"A" * (3 * 1024 * 1024))
    (rej,) = rejections(tmp_path / "bomb.html.gz", IngestConfig(max_raw_bytes=1024 * 1024))
    assert "gzip bomb" in rej.reason


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress(b'{"text": "a complete article"}\n' * 1000)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    items = list(read_paths([str(tmp_path / "cut.jsonl.gz")], IngestConfig()))
    assert any(isinstance(i, Article) for i in items)
    assert isinstance(items[-1], Rejection) and "damaged" in items[-1].reason


def test_unsupported_file_named_explicitly(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    assert "unsupported file type" in rejections(tmp_path / "a.pdf")[0].reason


@pytest.mark.parametrize("content", [b"[1, 2]", b'"just a string"'])
def test_json_that_is_not_an_object(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "n.json").write_bytes(content)
    assert all("JSON object" in r.reason for r in rejections(tmp_path / "n.json"))


def test_fields_in_other_cases_and_schema_org_names(tmp_path: Path) -> None:
    (tmp_path / "feed.csv").write_text(
        "TITLE,URL,PUBLISHER,DATE\n"
        "Fed raises rates,http://www.reuters.com/a/1,Reuters,2014-03-10T16:52:50.698Z\n"
    )
    (csv_item,) = read_paths([str(tmp_path / "feed.csv")], IngestConfig())
    assert isinstance(csv_item, Article) and csv_item.text == "Fed raises rates"
    assert csv_item.source == "Reuters" and csv_item.url == "http://www.reuters.com/a/1"
    assert csv_item.published == "2014-03-10T16:52:50.698+00:00"
    schema = {
        "@type": "NewsArticle",
        "headline": "Fed raises rates",
        "articleBody": "The Federal Reserve raised rates on Wednesday.",
        "datePublished": "2014-03-10",
        "publisher": {"@type": "Organization", "name": "Reuters"},
        "author": [{"@type": "Person", "name": "Ann Saphir"}],
    }
    (tmp_path / "a.json").write_text(json.dumps(schema))
    (art,) = read_paths([str(tmp_path / "a.json")], IngestConfig())
    assert isinstance(art, Article) and art.title == "Fed raises rates"
    assert art.text == schema["articleBody"] and art.published == "2014-03-10"
    assert art.source == "Reuters" and art.authors == ("Ann Saphir",) and not art.warnings
