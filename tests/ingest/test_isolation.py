"""Issue 22: one bad record never costs good ones (each test fails on the code before the fix)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline import pipeline
from storyline.clean.html_decode import declared_charset, decode_html
from storyline.config import IngestConfig
from storyline.ingest import read_paths
from storyline.ingest.records import read_jsonl
from storyline.models import Article, Rejection
from storyline.store import Store
from support import FIXTURES

GOOD = "The harbour bridge reopened on Thursday after six weeks of storm repairs."


def line(text: str = GOOD, **fields: object) -> str:
    return json.dumps({"text": text, **fields})


def ingest(tmp_path: Path, *paths: Path, config: IngestConfig | None = None) -> Store:
    store = Store.open(tmp_path / "s.db")
    store.report = pipeline.ingest(store, [str(p) for p in paths], config)  # type: ignore[attr-defined]
    return store


def test_lone_surrogate_is_replaced_with_a_warning_and_the_batch_is_kept(tmp_path: Path) -> None:
    rows = [line(GOOD + " one"), line(GOOD + " two\udc80", title="Bad \udc80 title"), line()]
    (tmp_path / "a.jsonl").write_text(
        "\n".join(rows) + "\n", encoding="utf-8", errors="surrogatepass"
    )
    store = ingest(tmp_path, tmp_path / "a.jsonl")
    assert store.count_articles() == 3
    report = store.report  # type: ignore[attr-defined]
    assert report.rejected == 0 and report.warned == 1
    (bad,) = [a for a in store.iter_articles() if a.warnings]
    assert bad.title == "Bad \ufffd title" and "\ufffd" in bad.text
    assert any("title" in w for w in bad.warnings)


def test_the_store_refuses_one_record_not_its_batch(tmp_path: Path) -> None:
    good = [Article(id=f"g{i}", text=GOOD, content_hash=f"h{i}") for i in range(3)]
    unbindable = Article(id="bad", text=GOOD, content_hash="hb", title=2**70)  # type: ignore[arg-type]
    with Store.open(tmp_path / "s.db") as store:
        items = [good[0], unbindable, good[1], good[2]]
        report = pipeline.store_records(store, items, IngestConfig())
        assert (report.ingested, report.rejected) == (3, 1)
        assert "cannot be stored" in report.rejections[0].reason
        assert store.count_articles() == 3


def test_huge_numeric_date_costs_only_its_date(tmp_path: Path) -> None:
    # an unreadable date keeps the article undated, with a warning; the lines after it are read
    rows = [line(), line()[:-1] + ', "date": 1e400}', line(GOOD + " later")]
    (tmp_path / "d.jsonl").write_text("\n".join(rows) + "\n")
    items = list(read_paths([str(tmp_path / "d.jsonl")], IngestConfig()))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Article"]
    undated = items[1]
    assert isinstance(undated, Article) and undated.published is None
    assert any("date" in w for w in undated.warnings)


def test_deeply_nested_line_rejects_its_line_only(tmp_path: Path) -> None:
    rows = [line(), "[" * 100_000 + "]" * 100_000, line(GOOD + " later")]
    (tmp_path / "n.jsonl").write_text("\n".join(rows) + "\n")
    items = list(read_paths([str(tmp_path / "n.jsonl")], IngestConfig()))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    assert "nested too deeply" in items[1].reason  # type: ignore[union-attr]


def test_csv_with_a_legacy_byte_is_decoded_per_row(tmp_path: Path) -> None:
    body = f"text,title\n{GOOD},one\n".encode() + "Café on the square,two\n".encode("cp1252")
    (tmp_path / "c.csv").write_bytes(body + f"{GOOD},three\n".encode())
    items = list(read_paths([str(tmp_path / "c.csv")], IngestConfig()))
    assert all(isinstance(i, Article) for i in items) and len(items) == 3
    assert items[1].text == "Café on the square"  # type: ignore[union-attr]
    assert items[1].warnings and not items[0].warnings  # type: ignore[union-attr]


def test_csv_rows_after_a_long_field_are_kept(tmp_path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([["text", "title"], [GOOD, "one"], ["x" * 1_500_000, "long"], [GOOD, "3"]])
    (tmp_path / "l.csv").write_text(out.getvalue())
    items = list(read_paths([str(tmp_path / "l.csv")], IngestConfig(max_raw_bytes=1 << 20)))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    assert "limit" in items[1].reason  # type: ignore[union-attr]


def test_a_csv_row_that_never_ends_is_bounded(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "u.csv.gz", "wb") as out:
        out.write(f'text,title\n{GOOD},one\n"'.encode() + b"a" * (8 << 20))
    items = list(read_paths([str(tmp_path / "u.csv.gz")], IngestConfig(max_raw_bytes=1 << 20)))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection"]
    assert "over the 1,048,576-byte limit" in items[1].reason  # type: ignore[union-attr]


def test_corrupt_gzip_tail_says_where_reading_stopped(tmp_path: Path) -> None:
    data = gzip.compress(("\n".join(line(f"{GOOD} {i}") for i in range(5000)) + "\n").encode())
    (tmp_path / "t.jsonl.gz").write_bytes(data[: len(data) * 3 // 4])
    items = list(read_paths([str(tmp_path / "t.jsonl.gz")], IngestConfig()))
    read = sum(isinstance(i, Article) for i in items)
    assert read > 1000 and isinstance(items[-1], Rejection)
    assert f"stopped at record {read + 1:,}" in items[-1].reason
    assert f"after {read:,} record(s) were read" in items[-1].reason


def _warc(path: Path, urls: list[str]) -> None:
    page = (FIXTURES / "article.html").read_bytes()
    page = page.replace(b"canonical", b"x").replace(b"og:site_name", b"x")  # source from URL
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url in urls:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page), http_headers=headers
            )
            writer.write_record(record)


def test_a_bad_warc_url_rejects_its_record_and_the_next_is_read(tmp_path: Path) -> None:
    urls = ["https://a.example/1", "http://[::1/bad", "http://[zz]/", "https://b.example/3"]
    _warc(tmp_path / "p.warc.gz", urls)
    items = list(read_paths([str(tmp_path / "p.warc.gz")], IngestConfig()))
    kept = [i.url for i in items if isinstance(i, Article)]
    assert kept == ["https://a.example/1", "https://b.example/3"]
    assert [i.record for i in items if isinstance(i, Rejection)] == [2, 3]


def test_an_unparsable_warc_record_is_skipped_and_the_next_is_read(tmp_path: Path) -> None:
    # warcio fails on a response record without a target URI: its parse ends the iterator
    _warc(tmp_path / "e.warc.gz", ["https://a.example/1", "", "https://b.example/3"])
    items = list(read_paths([str(tmp_path / "e.warc.gz")], IngestConfig()))
    assert [i.url for i in items if isinstance(i, Article)] == [
        "https://a.example/1",
        "https://b.example/3",
    ]
    (skipped,) = [i for i in items if isinstance(i, Rejection)]
    assert "was skipped after 1 record(s) were read" in skipped.reason


def test_only_web_encodings_are_honoured_as_html_charsets() -> None:
    for label in ("idna", "punycode", "rot13", "unicode_escape"):
        assert declared_charset(f'<meta charset="{label}">'.encode()) is None
    assert declared_charset(b'<meta charset="latin1">') == "cp1252"
    page = b'<html><head><meta charset="unicode_escape"></head><body>\\udc80 caf\xc3\xa9</body>'
    text = decode_html(page)
    text.encode("utf-8")  # no surrogate
    assert "café" in text


def test_rejections_kept_in_memory_are_bounded(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl.gz").write_bytes(gzip.compress(b"{bad\n" * 5000 + line().encode()))
    store = ingest(tmp_path, tmp_path / "r.jsonl.gz")
    report = store.report  # type: ignore[attr-defined]
    assert report.rejected == 5000 and len(report.rejections) == 1000  # KEPT_REJECTIONS
    assert report.ingested == 1 and len(list(store.iter_rejections())) == 5000


class CountingReader(io.BytesIO):
    calls = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.calls += 1
        return super().readline(size)

    def read1(self, size: int = -1) -> bytes:
        self.calls += 1
        return super().read1(size)


def test_blank_lines_are_skipped_in_bulk() -> None:
    stream = CountingReader(b"\n" * 3_000_000 + line().encode() + b"\n")
    items = list(read_jsonl(None, IngestConfig(), stream))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert items[0].path == "<stdin>#3000001"
    assert stream.calls < 100  # one read per megabyte, not one per line


def test_html_page_over_the_page_limit_is_rejected_naming_the_limit(tmp_path: Path) -> None:
    page = b"<html><body>" + b"<p>" + b"word " * 600_000 + b"</p></body></html>"
    (tmp_path / "big.html").write_bytes(page)
    (rejection,) = list(read_paths([str(tmp_path / "big.html")], IngestConfig()))
    assert isinstance(rejection, Rejection) and rejection.path.endswith("big.html")
    assert "2,097,152-byte limit" in rejection.reason


def test_a_date_of_megabytes_is_set_aside_without_parsing(tmp_path: Path) -> None:
    # dateutil tokenises the whole string first: 76 ms for 400 KB, seconds for megabytes
    rows = [line(date="w " * 500_000), line(GOOD + " later")]
    (tmp_path / "w.jsonl").write_text("\n".join(rows) + "\n")
    first, second = read_paths([str(tmp_path / "w.jsonl")], IngestConfig())
    assert isinstance(first, Article) and first.published is None  # kept, undated
    assert any("characters: not a date" in w for w in first.warnings)
    assert isinstance(second, Article)


def test_a_lone_carriage_return_ends_a_csv_line(tmp_path: Path) -> None:
    # found by benchmarks/fuzz_readers.py in the new line reader: a header ending in a lone \r
    # (old Mac line end) lost every row; the old TextIOWrapper(newline="") split there too
    (tmp_path / "m.tsv").write_bytes(f"id\ttext\rm1\t{GOOD}\r\nm2\t{GOOD} two\n".encode())
    items = list(read_paths([str(tmp_path / "m.tsv")], IngestConfig()))
    assert [i.id for i in items if isinstance(i, Article)] == ["m1", "m2"]
