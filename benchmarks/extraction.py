"""HTML main-text extraction: storyline vs plain trafilatura on the scrapinghub benchmark.

Both extractors read the same decompressed page bytes in the same run, page by page in turn
(so the machine's load weighs on both alike) and each is timed; the score is the
benchmark's own (upstream evaluate.py, described in the data's SOURCE.md): \\w+ tokens,
4-gram shingle multisets, per-page tp/fp/fn normalised to sum 1; precision is the mean
per-page precision over pages with output, recall the mean per-page recall over pages with
gold, F1 their harmonic mean; accuracy the share of pages whose token list equals the gold.

    python benchmarks/extraction.py                       # all 181 pages, both rows
    python benchmarks/extraction.py --limit 30 --ablate   # quick run, plus one row per switch
    python benchmarks/extraction.py --worst 15            # list the pages storyline scores worst
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import trafilatura

from storyline.clean.html import HtmlExtractConfig, extract_html
from storyline.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "scrapinghub-article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")

Triple = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Return the multiset of n-token shingles (one shorter shingle for short texts)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def page_triple(true: str, pred: str) -> Triple:
    """Return one page's tp, fp, fn over shingles, normalised to sum 1."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summarise(triples: Sequence[Triple]) -> dict[str, float]:
    """Return precision, recall and F1 as upstream evaluate.py computes them."""
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in triples if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in triples if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load_pages(data: Path, limit: int | None) -> tuple[dict[str, str], dict[str, bytes]]:
    """Return gold bodies and decompressed HTML bytes by page id (sorted ids, first `limit`)."""
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    pages = {i: gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    return {i: gold[i]["articleBody"] for i in ids}, pages


def storyline_extractor(config: HtmlExtractConfig) -> Callable[[bytes], str]:
    """Return an extractor running storyline's extract_html with a config."""

    def run(page: bytes) -> str:
        try:
            return extract_html(page, config=config).text
        except InputError:
            return ""

    return run


def trafilatura_extractor(page: bytes) -> str:
    """Run plain trafilatura as the benchmark's own runner does (comments off)."""
    return trafilatura.extract(page, include_comments=False) or ""


def run_interleaved(
    extractors: dict[str, Callable[[bytes], str]], pages: dict[str, bytes]
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Run every extractor on each page in turn, so machine load hits them alike; time each."""
    outputs: dict[str, dict[str, str]] = {name: {} for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    for page_id, page in pages.items():
        for name, extractor in extractors.items():
            started = time.perf_counter()
            outputs[name][page_id] = extractor(page)
            seconds[name] += time.perf_counter() - started
    return outputs, seconds


def score(
    gold: dict[str, str], outputs: dict[str, str], seconds: float
) -> tuple[dict[str, float], dict[str, Triple]]:
    """Return one extractor's scores (with docs/s) and its per-page triples."""
    triples = {i: page_triple(gold[i], outputs[i]) for i in gold}
    scores = summarise(list(triples.values()))
    exact = sum(_TOKEN.findall(gold[i]) == _TOKEN.findall(outputs[i]) for i in gold)
    return scores | {"accuracy": exact / len(gold), "docs_per_s": len(outputs) / seconds}, triples


def print_row(name: str, scores: dict[str, float], pages: int) -> None:
    """Print one result row."""
    print(
        f"{name:<28} F1 {scores['f1']:.4f}  P {scores['precision']:.4f}  R {scores['recall']:.4f}"
        f"  acc {scores['accuracy']:.3f}  {scores['docs_per_s']:6.1f} docs/s  ({pages} pages)",
        flush=True,
    )


def ablations() -> dict[str, HtmlExtractConfig]:
    """Return one config per storyline step switched off."""
    base = HtmlExtractConfig()
    return {
        "storyline -dom": dataclasses.replace(base, prepare_dom=False),
        "storyline -precision": dataclasses.replace(base, precision_first=False),
        "storyline -repair": dataclasses.replace(base, repair=False),
        "storyline -boilerplate": dataclasses.replace(base, drop_boilerplate=False),
    }


def print_worst(triples: dict[str, Triple], count: int) -> None:
    """Print the pages with the most fp + fn."""
    for page, (tp, fp, fn) in sorted(triples.items(), key=lambda kv: -(kv[1][1] + kv[1][2]))[
        :count
    ]:
        print(f"  {page[:12]}  tp {tp:.2f}  fp {fp:.2f}  fn {fn:.2f}")


def main() -> None:
    """Parse arguments, run both extractors (and ablations) and print one row each."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, help="benchmark folder (ground-truth.json, html/)"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages by id")
    parser.add_argument(
        "--ablate", action="store_true", help="add one row per storyline step switched off"
    )
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N pages storyline scores worst"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        parser.error(f"{args.data} has no ground-truth.json: pass --data")
    gold, pages = load_pages(args.data, args.limit)
    extractors = {
        f"trafilatura {trafilatura.__version__}": trafilatura_extractor,
        "storyline": storyline_extractor(HtmlExtractConfig()),
    }
    if args.ablate:
        extractors |= {name: storyline_extractor(config) for name, config in ablations().items()}
    outputs, seconds = run_interleaved(extractors, pages)
    rows: dict[str, dict[str, float]] = {}
    for name in extractors:
        rows[name], triples = score(gold, outputs[name], seconds[name])
        print_row(name, rows[name], len(pages))
        if name == "storyline" and args.worst:
            print_worst(triples, args.worst)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
