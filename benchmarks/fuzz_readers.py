"""Fuzz every reader: mutate real inputs, ingest each among good records, count what breaks.

Each input is a mutation of a fixture of one format (byte flips, truncations, insertions of
surrogates, huge numbers, deep nesting, bad bytes, hostile charsets and URLs; hostile field
values; gzip corruption), ingested through the library (`pipeline.ingest`) in one batch with
good records around it: a good file before, one after and, where the format keeps records
apart (JSONL lines, WARC records built whole), good records after it in the same file. It counts
unhandled exceptions (anything `ingest` raises) and good records lost (a good record not stored).

    nice /work/main/.venv/bin/python benchmarks/fuzz_readers.py --per-reader 100000

tests/ingest/test_fuzz.py drives the same mutations from hypothesis, a few seeded examples.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline import pipeline
from storyline.config import IngestConfig
from storyline.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
READERS = ("json", "jsonl", "csv", "html", "warc", "text")
OPS = ("flip", "byte", "truncate", "delete", "insert", "insert", "field", "field")
GZIP_MODES = ("plain", "plain", "plain", "gzip", "gzip-cut", "gzip-flip")
DEPTH = 100_000
PAYLOADS: tuple[bytes, ...] = (
    b'"\\udc80"', b"\\udc80", b"\\ud800\\ud800", b"\xed\xb2\x80", b"\xff", b"\x80\x81\xfe",
    b"\x00", b"\x1b[0m", b"1e400", b"-1e400", b"9" * 5000, b"[" * DEPTH, b'{"a":' * 20_000,
    b"\n" * 1000, b"\r", b'"', b",", b"\t", b"\xef\xbb\xbf", b"\\", b"NaN", b"Infinity",
    b'<meta charset="unicode_escape">', b'<meta charset="idna">', b'<meta charset="rot13">',
    b'<meta charset="utf-16">', b'<meta charset="x-user-defined">', b"<![CDATA[", b"<!--",
    b"<" * 1000, b"http://[::1", b"https://xn--zz--.example/", b"\xe2\x80\xa8", b"x" * 70_000,
    b"2024-13-45T99:99:99", b"\xf4\x90\x80\x80", b"\xc0\xaf",
)  # fmt: skip
VALUES: tuple[str, ...] = (
    '"bad \\udc80 text"', '"\\ud800"', "1e400", "-1e400", "9" * 5000, "1" + "0" * 400,
    "[" * DEPTH + "]" * DEPTH, '{"a":' * 3000 + "1" + "}" * 3000, "null", "true", "[]", "{}",
    '["a", 1, null]', '"http://[::1/x"', '"https://xn--zz--.example/"', '"Infinity"', "-0",
    '"' + "w " * 200_000 + '"', '"\\u0000"', '"2024-02-30"', '"9999-12-31T23:59:60Z"', "1e308",
    '["\\udfff", "b"]', '{"x": "\\udc80"}', '"\\udc80"', '"a\\ud83d"',
)  # fmt: skip
URLS = ("https://a.example/x", "http://[::1/x", "http://[zz]/", "https://xn--zz--.example/",
        "http://a]b/", "http://b\u00fccher.example/", "https://xn--ls8h.la:99999999/", "", "//",
        "http://[fe80::1%25eth0]/", "file:///etc/passwd", "https://exa mple.com/")  # fmt: skip
FIELDS = ("text", "maintext", "title", "date_publish", "url", "id", "authors", "language",
          "source_domain")  # fmt: skip
GOOD_TEXT = "The harbour bridge reopened on Thursday after six weeks of storm repairs, {}."


@dataclass(frozen=True)
class Case:
    """One fuzzed input: the reader, a seed fixture, mutations and how the file is wrapped."""

    reader: str
    seed: int
    ops: tuple[tuple[str, float, int], ...]
    wrap: str


@dataclass
class Tally:
    """What a run found for one reader."""

    inputs: int = 0
    unhandled: int = 0
    lost: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)


def seeds(reader: str) -> list[tuple[str, bytes]]:
    """Return the real inputs of a reader as (suffix, bytes)."""
    if reader == "json":
        lines = (FIXTURES / "articles.jsonl").read_bytes().splitlines()
        return [(".json", line) for line in lines if line.strip()] + [
            (".json", (FIXTURES / "story_bridge.json").read_bytes())
        ]
    if reader == "jsonl":
        return [(".jsonl", (FIXTURES / "articles.jsonl").read_bytes())]
    if reader == "csv":
        return [(".csv", (FIXTURES / "articles.csv").read_bytes()),
                (".tsv", (FIXTURES / "articles.tsv").read_bytes())]  # fmt: skip
    if reader == "html":
        return [(".html", (FIXTURES / "article.html").read_bytes())]
    if reader == "warc":  # without a site name, the source comes from the record's URL
        page = (FIXTURES / "article.html").read_bytes()
        return [(".warc", page), (".warc", page.replace(b"og:site_name", b"x"))]
    return [(".txt", p.read_bytes()) for p in sorted((FIXTURES / "seeds").glob("*.txt"))]


def mutate(data: bytes, ops: Sequence[tuple[str, float, int]]) -> bytes:
    """Apply byte-level and field-level mutations."""
    for op, where, extra in ops:
        pos = int(where * len(data)) if data else 0
        if op == "flip" and data:
            pos = min(pos, len(data) - 1)
            data = data[:pos] + bytes([data[pos] ^ (1 << (extra % 8))]) + data[pos + 1 :]
        elif op == "byte" and data:
            pos = min(pos, len(data) - 1)
            data = data[:pos] + bytes([extra % 256]) + data[pos + 1 :]
        elif op == "truncate":
            data = data[:pos]
        elif op == "delete":
            data = data[:pos] + data[pos + 1 + extra % 64 :]
        elif op == "insert":
            data = data[:pos] + PAYLOADS[extra % len(PAYLOADS)] + data[pos:]
        elif op == "field":
            data = set_field(data, FIELDS[int(where * len(FIELDS)) % len(FIELDS)], extra)
    return data


def set_field(data: bytes, name: str, extra: int) -> bytes:
    """Give one field of the last JSON object a hostile value (a later key wins in JSON)."""
    value = VALUES[extra % len(VALUES)].encode()
    end = data.rfind(b"}")
    if end < 0:
        return data[:64] + value + data[64:]
    return data[:end] + b', "' + name.encode() + b'": ' + value + data[end:]


def wrap(data: bytes, mode: str, extra: int) -> tuple[bytes, bool]:
    """Gzip (and maybe damage) the file; True when the file is still whole."""
    if mode == "plain":
        return data, True
    packed = gzip.compress(data, compresslevel=1)
    return damage(packed, mode, extra)


def damage(packed: bytes, mode: str, extra: int) -> tuple[bytes, bool]:
    """Cut or corrupt gzipped bytes (gzip-cut, gzip-flip); True when left whole."""
    if mode not in ("gzip-cut", "gzip-flip"):
        return packed, True
    pos = 10 + extra % max(1, len(packed) - 10)
    if mode == "gzip-cut":
        return packed[:pos], False
    return packed[:pos] + bytes([packed[pos % len(packed)] ^ 0x55]) + packed[pos + 1 :], False


def warc_bytes(pages: Sequence[tuple[str, bytes]]) -> bytes:
    """Write (url, html) pairs as a gzipped WARC of response records."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, page in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(page), http_headers=headers
            )
        )
    return out.getvalue()


def good_page(tag: str) -> bytes:
    """Return an HTML page carrying a good record's id in its text."""
    return f"<html><body><article><p>{GOOD_TEXT.format(tag)}</p></article></body></html>".encode()


def build(case: Case, folder: Path, tag: str) -> tuple[list[Path], list[str]]:
    """Write the fuzzed file and the good files around it; return (paths, good ids)."""
    suffix, data = seeds(case.reader)[case.seed % len(seeds(case.reader))]
    good: list[str] = [f"{tag}-a", f"{tag}-z"]
    lines = [json.dumps({"id": g, "text": GOOD_TEXT.format(g)}).encode() for g in good]
    (folder / "0-good.jsonl").write_bytes(lines[0] + b"\n")
    (folder / "9-good.jsonl").write_bytes(lines[1] + b"\n")
    extra = case.ops[0][2] if case.ops else 0
    if case.reader == "warc":
        hostile = [o for o in case.ops if o[0] != "field"]
        url = URLS[extra % len(URLS)]
        inside = [f"https://good.example/{tag}-w{i}" for i in range(2)]
        pages = [(inside[0], good_page(inside[0])), (url, mutate(data, hostile)),
                 (inside[1], good_page(inside[1]))]  # fmt: skip
        content, whole = damage(warc_bytes(pages), case.wrap, extra)
        if whole:
            good += inside
        name = "5-fuzz.warc.gz"
    else:
        content = mutate(data, case.ops)
        if case.reader == "jsonl":
            inside = [f"{tag}-l{i}" for i in range(2)]
            content += (
                b"\n"
                + b"\n".join(
                    json.dumps({"id": g, "text": GOOD_TEXT.format(g)}).encode() for g in inside
                )
                + b"\n"
            )
        content, whole = wrap(content, case.wrap, extra)
        if case.reader == "csv":
            inside, rows = csv_rows(suffix, tag)
            if whole and csv_keeps(content, rows, suffix):
                good += inside
            content += rows
        if case.reader == "jsonl" and whole:
            good += inside
        name = "5-fuzz" + suffix + ("" if case.wrap == "plain" else ".gz")
    (folder / name).write_bytes(content)
    return [folder / "0-good.jsonl", folder / name, folder / "9-good.jsonl"], good


def csv_rows(suffix: str, tag: str) -> tuple[list[str], bytes]:
    """Return good rows (ids and bytes) in the column order of the CSV/TSV fixtures."""
    ids = [f"{tag}-r", f"{tag}-s"]
    sep = "\t" if suffix == ".tsv" else ","
    rows = [sep.join([i, "Good", GOOD_TEXT.format(i).replace(",", ""), "2024-01-02"]) for i in ids]
    return ids, ("\n" + "\n".join(rows) + "\n").encode()


def csv_keeps(content: bytes, rows: bytes, suffix: str) -> bool:
    """Tell whether a permissive parse sees the original header and the good rows intact."""
    sep = "\t" if suffix == ".tsv" else ","
    header = seeds("csv")[0 if suffix == ".csv" else 1][1].split(b"\n")[0].decode()
    try:
        text = (content + rows).decode("latin-1").removeprefix("\xef\xbb\xbf")
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error:
        return False
    want = [r.split(sep) for r in rows.decode().strip().split("\n")]
    return bool(parsed) and parsed[0] == header.split(sep) and parsed[-2:] == want


def stored_ids(store: Store, ids: Sequence[str]) -> set[str]:
    """Return which of ids the store holds (good records have their id, WARC ones their URL)."""
    marks = ",".join("?" * len(ids))
    rows = store.conn.execute(
        f"SELECT id, url FROM articles WHERE id IN ({marks}) OR url IN ({marks})", [*ids, *ids]
    )
    found: set[str] = set()
    for r in rows:
        found.update(v for v in (r[0], r[1]) if v in ids)
    return found


def run_case(store: Store, case: Case, folder: Path, tag: str) -> tuple[int, str | None]:
    """Ingest one case; return (good records lost, traceback of an unhandled exception)."""
    for old in folder.iterdir():
        old.unlink()
    paths, good = build(case, folder, tag)
    try:
        pipeline.ingest(store, [str(p) for p in paths], IngestConfig())
    except Exception:  # the point of the fuzz: count what escapes
        return len(good), traceback.format_exc(limit=6)
    return len(good) - len(stored_ids(store, good)), None


def random_case(rng: random.Random, reader: str) -> Case:
    """Draw one case: one to three mutations, a wrapping."""
    ops = tuple(
        (rng.choice(OPS), rng.random(), rng.randrange(1 << 16)) for _ in range(rng.randint(1, 3))
    )
    return Case(reader, rng.randrange(64), ops, rng.choice(GZIP_MODES))


def fuzz(reader: str, count: int, seed: int, tally: Tally, *, budget: float = 0.0) -> None:
    """Run count random cases of one reader (fewer if budget seconds run out first)."""
    rng = random.Random(f"{seed}-{reader}")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        folder = Path(tmp)
        store = Store.open(":memory:")
        for n in range(count):
            if n % 2000 == 1999:  # a fresh store now and then keeps memory flat
                store.close()
                store = Store.open(":memory:")
            if budget and time.perf_counter() - start > budget:
                break
            case = random_case(rng, reader)
            lost, error = run_case(store, case, folder, f"{reader}{n}")
            tally.inputs += 1
            tally.lost += lost
            if error is not None:
                tally.unhandled += 1
                if len(tally.examples) < 3:
                    tally.examples.append(f"{case}\n{error}")
        store.close()
    tally.seconds += time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz the chosen readers and print a table per reader."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-reader", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--readers", default=",".join(READERS))
    parser.add_argument(
        "--seconds", type=float, default=0.0, help="stop a reader after this long (0: never)"
    )
    args = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    print("| reader | inputs | unhandled exceptions | good records lost | seconds |")
    print("|---|---|---|---|---|")
    failed = False
    for reader in args.readers.split(","):
        tally = Tally()
        fuzz(reader, args.per_reader, args.seed, tally, budget=args.seconds)
        print(f"| {reader} | {tally.inputs:,} | {tally.unhandled} | {tally.lost} | "
              f"{tally.seconds:.0f} |", flush=True)  # fmt: skip
        for example in tally.examples:
            print(example, file=sys.stderr)
        failed |= bool(tally.unhandled or tally.lost)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
