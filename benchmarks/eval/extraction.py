"""Extraction rows: storyline's extract_html beside trafilatura's default extract(), same run.

Scoring is benchmarks/extraction.py's (the scrapinghub benchmark's own 4-gram shingle P/R/F1);
both extractors read each page in turn so the machine's load weighs on both alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import trafilatura

from benchmarks.extraction import (
    WARMUP_PAGES,
    page_triple,
    run_timed,
    storyline_extractor,
    summarise,
)
from storyline.clean.html import HtmlExtractConfig

from .core import Row, bootstrap, skipped
from .data import Page, extraction_pages

DATASETS = ("scrapinghub", "readability", "cleaneval-dev")
LOST_BELOW, BASE_ABOVE = 0.2, 0.8  # a page storyline loses where trafilatura is right

Triple = tuple[float, float, float]


def page_f1(triple: Triple) -> float:
    """Return one page's F1 from its normalised tp, fp, fn."""
    tp, fp, fn = triple
    return 2 * tp / (2 * tp + fp + fn) if tp else (1.0 if fp == fn == 0 else 0.0)


def baseline_extract(page: bytes) -> str:
    """Run trafilatura's default extract() (comments off, as the benchmark's own runner)."""
    return trafilatura.extract(page, include_comments=False) or ""


def run(part: str, limit: int | None) -> list[Row]:
    """Score every extraction set's part."""
    rows: list[Row] = []
    for name in DATASETS:
        pages = extraction_pages(name, part, limit)
        if not pages:
            rows.append(skipped("extraction", name, part, "missing"))
            continue
        rows += score_set(name, part, pages)
    f1s = [r for r in rows if r.metric == "f1"]
    if len(f1s) == len(DATASETS):  # the goal is on the mean over the sets, too
        rows.append(
            Row("extraction", "mean of 3 sets", part, "f1", units=sum(r.units for r in f1s),
                storyline=sum(r.storyline or 0.0 for r in f1s) / len(f1s),
                baseline=sum(r.baseline or 0.0 for r in f1s) / len(f1s),
                seconds=sum(r.seconds for r in f1s),
                baseline_seconds=sum(r.baseline_seconds for r in f1s),
                note="unweighted mean of the sets' F1")
        )  # fmt: skip
    return rows


def score_set(name: str, part: str, pages: Sequence[Page]) -> list[Row]:
    """Run both extractors over the pages and return the F1, P, R, lost-page and speed rows."""
    extractors = {"s": storyline_extractor(HtmlExtractConfig()), "b": baseline_extract}
    # warm up off the clock: lazy imports, loaded models, the date parser's locale tables (built
    # on the first page whose date only its text states: 1-7 s) and justext's stop lists (built
    # on the first page either extractor doubts), once per process
    for extract in extractors.values():
        for page in (*WARMUP_PAGES, pages[0].html):
            extract(page)
    texts, times, cpu_times = run_timed(extractors, pages)  # each page in turn: load hits both
    outputs = {n: dict(zip([p.id for p in pages], out, strict=True)) for n, out in texts.items()}
    seconds = {n: sum(each) for n, each in times.items()}
    cpu = {n: sum(each) for n, each in cpu_times.items()}
    ours = [page_triple(p.gold, outputs["s"][p.id]) for p in pages]
    base = [page_triple(p.gold, outputs["b"][p.id]) for p in pages]
    row = partial(Row, "extraction", name, part, units=len(pages), seconds=seconds["s"],
                  baseline_seconds=seconds["b"])  # fmt: skip
    rows = []
    for metric in ("f1", "precision", "recall"):

        def figure(triples: list[Triple], idx: Sequence[int], metric: str = metric) -> float:
            return summarise([triples[i] for i in idx])[metric]

        ci, dci = bootstrap(len(pages), lambda i: figure(ours, i), lambda i: figure(base, i))
        every = range(len(pages))
        rows.append(row(metric, storyline=figure(ours, every), baseline=figure(base, every),
                        ci=ci, delta_ci=dci))  # fmt: skip
    lost = [lost_page(o, b) for o, b in zip(ours, base, strict=True)]
    won = [lost_page(b, o) for o, b in zip(ours, base, strict=True)]
    lost_ids = " ".join([p.id[:12] for p, bad in zip(pages, lost, strict=True) if bad][:4])
    rows.append(row("lost_pages", storyline=sum(lost), baseline=sum(won),
                    note=f"F1<0.2 where the other >0.8 {lost_ids}".rstrip()))  # fmt: skip
    ratio = seconds["b"] / seconds["s"]
    rows.append(row("pages_per_s", storyline=len(pages) / seconds["s"],
                    baseline=len(pages) / seconds["b"],
                    note=f"storyline at {ratio:.2f}x trafilatura's speed (wall)"))  # fmt: skip
    # CPU seconds beside the wall time: on a shared machine other processes stretch the wall
    # time of whichever extractor they interrupt; the CPU time of each is disturbed far less
    cpu_ratio = cpu["b"] / cpu["s"]
    rows.append(row("cpu_pages_per_s", storyline=len(pages) / cpu["s"],
                    baseline=len(pages) / cpu["b"], seconds=cpu["s"], baseline_seconds=cpu["b"],
                    note=f"storyline at {cpu_ratio:.2f}x trafilatura's speed (CPU s)"))  # fmt: skip
    return rows


def lost_page(mine: Triple, other: Triple) -> bool:
    """Tell whether a page is lost: F1 under 0.2 where the other extractor scores over 0.8."""
    return page_f1(mine) < LOST_BELOW and page_f1(other) > BASE_ABOVE
