"""The removed-text scorer of benchmarks/clean_gold.py counts a gold block by its copies."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from storyline.clean import clean_text, extract_html

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from clean_gold import Gold


def test_a_table_header_printed_twice_loses_its_spare_copy_without_error(
    shared_data: Path,
) -> None:
    # scrapinghub 6a72de37e8: the page prints each stats table's header twice, the gold once
    sh = shared_data / "scrapinghub-article-extraction-benchmark"
    key = "6a72de37e8"
    (path,) = (sh / "html").glob(f"{key}*.html.gz")
    truth = json.loads((sh / "ground-truth.json").read_text("utf-8"))
    (body,) = (rec["articleBody"] for k, rec in truth.items() if k.startswith(key))
    text = extract_html(gzip.decompress(path.read_bytes())).text
    header = "Pos | Player | Plays | % | Stats"
    assert f"{header}\n{header}" in text
    removed = [s for s in clean_text(text).removed if s.reason == "duplicate"]
    assert removed
    gold = Gold(body)
    gold.count_copies(text)
    held = [gold.held(ln) for s in removed for ln in text[s.start : s.end].split("\n")]
    assert sum(h for _, h in held) == 0  # every removed copy is one the gold does not hold
