"""HTML main-text extraction: storyline vs plain trafilatura on the three labelled sets.

Sets (../shared/data): scrapinghub (181 news pages), readability (Mozilla Readability's 116
test pages; gold is HTML, markup stripped) and cleaneval-dev (58 pages; gold has block markers
and a "URL:" line, both dropped). Each set is cut by benchmarks/splits.py into a fit part
(settings were chosen on it) and a check part (the figures to report).

Both extractors read the same page bytes in the same run, page by page in turn (so the
machine's load weighs on both alike) and each is timed; the score is scrapinghub's own
(upstream evaluate.py, described in its SOURCE.md): \\w+ tokens, 4-gram shingle multisets,
per-page tp/fp/fn normalised to sum 1; precision is the mean per-page precision over pages
with output, recall the mean per-page recall over pages with gold, F1 their harmonic mean.
"dF1 95%" is a paired bootstrap interval of storyline's F1 minus trafilatura's over pages.
"storyline text only" skips the metadata (title, date, site), as trafilatura's extract() does;
every extractor is warmed up once, untimed, and that one-time cost is printed first. Pages
where storyline scores < 0.2 and trafilatura > 0.8 are listed as LOST, pages where storyline
finds nothing and trafilatura finds text as REJECTED.

    python -m benchmarks.extraction                          # every set, fit and check apart
    python -m benchmarks.extraction --set readability --part check --worst 10
    python -m benchmarks.extraction --set scrapinghub --part all --ablate
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import re
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import trafilatura
from lxml import html as lxml_html

from benchmarks.splits import part_of
from storyline.clean.html import HtmlExtractConfig, extract_html
from storyline.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
DATA = SHARED_DATA / "scrapinghub-article-extraction-benchmark"
DEV = SHARED_DATA / "html-extraction-dev"
SETS = ("scrapinghub", "readability", "cleaneval-dev")
TRAFILATURA = f"trafilatura {trafilatura.__version__}"
_TOKEN = re.compile(r"\w+")
_CLEANEVAL_MARK = re.compile(r"<[phl]>", re.IGNORECASE)
_GOLD_BLOCKS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
        "table", "tr", "td", "th", "br", "section", "article", "figure", "figcaption", "dd", "dt",
    }
)  # fmt: skip
LOST_BELOW, TRAFILATURA_ABOVE = 0.2, 0.8
# Run once, untimed, before the pages: one-time start-up costs (imports, stop lists, and
# dateparser's locale tables, built on the first page whose date only its text states, 2-7 s)
# are reported apart from the steady pages/s.
WARMUP_PAGE = (
    b"<html><head><title>Warm-up</title></head><body><article><h1>Harbour bridge reopens</h1>"
    b"<p>Posted Mar. 3rd 2021 by the city desk</p>"
    + b"<p>The harbour bridge reopened to traffic on Tuesday morning after three weeks of"
    b" repairs, the city's transport office said, and buses return to their old routes.</p>"
    * 6
    + b"</article></body></html>"
)
# A page too short to trust: both extractors run their fallbacks on it, and the first such page
# builds justext's stop lists (all languages, ~0.2 s once per process), off the clock here too.
WARMUP_SHORT_PAGE = (
    b"<html><body><div><p>The harbour bridge reopened on Tuesday.</p></div></body></html>"
)
WARMUP_PAGES = (WARMUP_PAGE, WARMUP_SHORT_PAGE)
BOOTSTRAP_ROUNDS = 1000

Triple = tuple[float, float, float]


@dataclass(frozen=True)
class Page:
    """One labelled page: its set, key in the split, raw bytes and gold text."""

    dataset: str
    key: str
    html: bytes
    gold: str

    @property
    def part(self) -> str:
        """Return 'fit' or 'check' (benchmarks/splits.py)."""
        return part_of(self.dataset, self.key)


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


def page_f1(triple: Triple) -> float:
    """Return one page's F1 from its triple."""
    tp, fp, fn = triple
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def summarise(triples: Sequence[Triple]) -> dict[str, float]:
    """Return precision, recall and F1 as upstream evaluate.py computes them."""
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in triples if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in triples if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def gold_from_html(markup: str) -> str:
    """Return the text of gold HTML, with a line break at every block boundary."""
    root = lxml_html.fromstring(markup)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _GOLD_BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def gold_from_cleaneval(text: str) -> str:
    """Return CleanEval gold text without its "URL:" line and block markers."""
    lines = text.splitlines()
    if lines and lines[0].startswith("URL:"):
        lines = lines[1:]
    return _CLEANEVAL_MARK.sub("\n", "\n".join(lines))


def load_scrapinghub(data: Path) -> list[Page]:
    """Return the scrapinghub pages (sorted by id)."""
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            "scrapinghub",
            i,
            gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()),
            gold[i]["articleBody"],
        )
        for i in sorted(gold)
    ]


def load_dev_set(name: str, folder: Path) -> list[Page]:
    """Return the pages of one html-extraction-dev archive (sorted by name), read in memory."""
    raw: dict[str, bytes] = {}
    gold: dict[str, str] = {}
    with tarfile.open(folder / f"{name}.tar.xz") as archive:
        for member in archive:
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            path = Path(member.name)
            if path.parent.name == "input":
                raw[path.stem] = handle.read()
            elif path.parent.name == "GoldStandard":
                text = handle.read().decode("utf-8", errors="replace")
                gold[path.stem] = (
                    gold_from_html(text) if name == "readability" else gold_from_cleaneval(text)
                )
    return [Page(name, key, raw[key], gold[key]) for key in sorted(raw) if key in gold]


def load_set(name: str) -> list[Page]:
    """Return every page of one set; an empty list when its data is missing."""
    if name == "scrapinghub":
        return load_scrapinghub(DATA) if (DATA / "ground-truth.json").is_file() else []
    return load_dev_set(name, DEV) if (DEV / f"{name}.tar.xz").is_file() else []


def storyline_extractor(config: HtmlExtractConfig) -> Callable[[bytes], str]:
    """Return an extractor running storyline's extract_html with a config."""

    def run(page: bytes) -> str:
        try:
            return extract_html(page, config=config).text
        except InputError:
            return ""

    return run


def trafilatura_extractor(page: bytes) -> str:
    """Run plain trafilatura as the scrapinghub benchmark's own runner does (comments off)."""
    return trafilatura.extract(page, include_comments=False) or ""


class HasHtml(Protocol):
    """A page as run_timed needs it: its raw bytes."""

    @property
    def html(self) -> bytes: ...


def run_timed(
    extractors: dict[str, Callable[[bytes], str]], pages: Sequence[HasHtml]
) -> tuple[dict[str, list[str]], dict[str, list[float]], dict[str, list[float]]]:
    """Run every extractor on each page in turn; return outputs, wall and CPU seconds per page.

    CPU seconds (this process's) are what a shared machine's load disturbs least: other
    processes on the cores stretch the wall time of whichever extractor they interrupt.
    """
    outputs: dict[str, list[str]] = {name: [] for name in extractors}
    wall: dict[str, list[float]] = {name: [] for name in extractors}
    cpu: dict[str, list[float]] = {name: [] for name in extractors}
    for page in pages:
        for name, extractor in extractors.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            outputs[name].append(extractor(page.html))
            cpu[name].append(time.process_time() - cpu_started)
            wall[name].append(time.perf_counter() - started)
    return outputs, wall, cpu


def warm_up(extractors: dict[str, Callable[[bytes], str]]) -> None:
    """Run every extractor once on a small dated page and print its one-time start-up cost."""
    costs = []
    for name, extractor in extractors.items():
        started = time.perf_counter()
        for page in WARMUP_PAGES:
            extractor(page)
        costs.append(f"{name} {time.perf_counter() - started:.2f} s")
    print("one-time start-up (untimed below): " + ", ".join(costs))


def bootstrap_interval(ours: Sequence[Triple], base: Sequence[Triple]) -> tuple[float, float]:
    """Return a paired 95% bootstrap interval of F1(ours) - F1(base) over pages."""
    rng = random.Random(19)
    n = len(ours)
    diffs = []
    for _ in range(BOOTSTRAP_ROUNDS):
        picks = [rng.randrange(n) for _ in range(n)]
        diffs.append(
            summarise([ours[i] for i in picks])["f1"] - summarise([base[i] for i in picks])["f1"]
        )
    diffs.sort()
    return diffs[int(0.025 * BOOTSTRAP_ROUNDS)], diffs[int(0.975 * BOOTSTRAP_ROUNDS) - 1]


@dataclass(frozen=True)
class Result:
    """One extractor's scores on one set part."""

    f1: float
    precision: float
    recall: float
    pages_per_s: float
    triples: tuple[Triple, ...]


def score(pages: Sequence[Page], outputs: Sequence[str], seconds: Sequence[float]) -> Result:
    """Return one extractor's scores on some pages (outputs and seconds in the same order)."""
    triples = tuple(page_triple(p.gold, out) for p, out in zip(pages, outputs, strict=True))
    s = summarise(triples)
    speed = len(pages) / sum(seconds) if sum(seconds) else 0.0
    return Result(s["f1"], s["precision"], s["recall"], speed, triples)


def failures(
    pages: Sequence[Page], ours: Result, base: Result, outputs: Sequence[str], plain: Sequence[str]
) -> list[str]:
    """Return one line per lost article (ours < 0.2 where trafilatura > 0.8) or rejected page."""
    lines = []
    for i, page in enumerate(pages):
        mine, theirs = page_f1(ours.triples[i]), page_f1(base.triples[i])
        if mine < LOST_BELOW and theirs > TRAFILATURA_ABOVE:
            lines.append(
                f"    LOST     {page.key[:40]:<40} storyline {mine:.2f}  trafilatura {theirs:.2f}"
            )
        elif not outputs[i].strip() and plain[i].strip():
            lines.append(f"    REJECTED {page.key[:40]:<40} trafilatura {theirs:.2f}")
    return lines


def print_worst(pages: Sequence[Page], ours: Result, base: Result, count: int) -> None:
    """Print the pages with the lowest storyline F1 beside trafilatura's."""
    order = sorted(range(len(pages)), key=lambda i: page_f1(ours.triples[i]))
    for i in order[:count]:
        _tp, fp, fn = ours.triples[i]
        print(
            f"    worst {pages[i].key[:40]:<40} F1 {page_f1(ours.triples[i]):.3f}"
            f" (fp {fp:.2f} fn {fn:.2f})  trafilatura {page_f1(base.triples[i]):.3f}"
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


def report_part(
    label: str,
    pages: Sequence[Page],
    outputs: dict[str, list[str]],
    seconds: dict[str, list[float]],
    worst: int,
) -> tuple[float, float]:
    """Print one set part's rows; return (storyline F1, trafilatura F1)."""
    base = score(pages, outputs[TRAFILATURA], seconds[TRAFILATURA])
    results = {name: score(pages, outputs[name], seconds[name]) for name in outputs}
    ours = results["storyline"]
    low, high = bootstrap_interval(ours.triples, base.triples)
    print(f"{label}  ({len(pages)} pages)  storyline dF1 95% [{low:+.4f}, {high:+.4f}]")
    for name, result in results.items():
        empty = sum(not text.strip() for text in outputs[name])
        print(
            f"  {name:<24} F1 {result.f1:.4f}  P {result.precision:.4f}  R {result.recall:.4f}"
            f"  {result.pages_per_s:6.1f} pages/s ({result.pages_per_s / base.pages_per_s:.2f}x)"
            f"  empty {empty}",
            flush=True,
        )
    for line in failures(pages, ours, base, outputs["storyline"], outputs[TRAFILATURA]):
        print(line)
    if worst:
        print_worst(pages, ours, base, worst)
    return ours.f1, base.f1


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument(
        "--part", choices=["fit", "check", "both", "all"], default="both",
        help="both: fit and check reported apart from one run; all: every page together",
    )  # fmt: skip
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages per set")
    parser.add_argument("--ablate", action="store_true", help="add one row per step switched off")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages per part")
    parser.add_argument("--json", type=Path, default=None, help="also write the F1s as JSON here")
    return parser.parse_args()


def print_means(table: dict[str, dict[str, tuple[float, float]]]) -> None:
    """Print the mean F1 over the sets of each part, storyline beside trafilatura."""
    for part, rows in table.items():
        if len(rows) > 1:
            ours = sum(r[0] for r in rows.values()) / len(rows)
            theirs = sum(r[1] for r in rows.values()) / len(rows)
            print(
                f"mean F1 over {len(rows)} sets / {part}: storyline {ours:.4f}"
                f"  trafilatura {theirs:.4f}  ({ours - theirs:+.4f})"
            )


def main() -> None:
    """Run trafilatura and storyline (and ablations) on each set and print the table."""
    args = parse_args()
    parts = {"both": ["fit", "check"], "all": ["all"]}.get(args.part, [args.part])
    extractors = {
        TRAFILATURA: trafilatura_extractor,
        "storyline": storyline_extractor(HtmlExtractConfig()),
        # like for like with trafilatura's extract(): the text alone, no title/date/site
        "storyline text only": storyline_extractor(HtmlExtractConfig(metadata=False)),
    }
    if args.ablate:
        extractors |= {name: storyline_extractor(config) for name, config in ablations().items()}
    table: dict[str, dict[str, tuple[float, float]]] = {part: {} for part in parts}
    warm_up(extractors)
    for name in SETS if args.set == "all" else [args.set]:
        pages = [p for p in load_set(name) if "all" in parts or p.part in parts][: args.limit]
        if not pages:
            print(f"{name}: data missing, skipped")
            continue
        outputs, seconds, _cpu = run_timed(extractors, pages)
        for part in parts:
            chosen = [i for i, p in enumerate(pages) if part in ("all", p.part)]
            table[part][name] = report_part(
                f"{name} / {part}",
                [pages[i] for i in chosen],
                {k: [v[i] for i in chosen] for k, v in outputs.items()},
                {k: [v[i] for i in chosen] for k, v in seconds.items()},
                args.worst,
            )
    print_means(table)
    if args.json:
        args.json.write_text(json.dumps(table, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
