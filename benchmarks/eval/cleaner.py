"""Cleaner rows: what storyline's text cleaner removes from scrapinghub article bodies.

clean_eval.py's scrapinghub base: the gold article bodies of the part (clean by construction)
with junk lines harvested from the same part's pages (every leaf block not in the page's gold
body) inserted as clean_eval.build does; cleaned with clean_text and per-site profiles as
clean_eval.clean_all does. A removed character is right when it was inserted; removed text of
the gold body is an error. The split is benchmarks/splits.py's, as in clean_eval.py.
No baseline: keeping everything removes nothing wrong, and finds nothing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from benchmarks.clean_eval import Doc, build, clean_all, harvest, mask

from .core import Row, bootstrap, skipped
from .data import DATA

SH = DATA / "scrapinghub-article-extraction-benchmark"
SEED = 0


def doc_counts(docs: Sequence[Doc], cleaned: dict[str, object]) -> list[tuple[int, int, int]]:
    """Return per doc (removed inserted, removed original, inserted) non-space characters."""
    out = []
    for d in docs:
        got = mask(d.text, [(s.start, s.end) for s in cleaned[d.key].removed])  # type: ignore[attr-defined]
        truth = mask(d.text, [(s, e) for s, e, _ in d.inserted])
        out.append((len(got & truth), len(got - truth), len(truth)))
    return out


def figure(counts: Sequence[tuple[int, int, int]], idx: Sequence[int], metric: str) -> float:
    """Return removed-text precision or recall over the docs idx."""
    tp = sum(counts[i][0] for i in idx)
    fp = sum(counts[i][1] for i in idx)
    truth = sum(counts[i][2] for i in idx)
    return tp / max(1, tp + fp) if metric == "removed_precision" else tp / max(1, truth)


def run(part: str, limit: int | None) -> list[Row]:
    """Score the cleaner on the scrapinghub part."""
    if not (SH / "ground-truth.json").is_file():
        return [skipped("cleaner", "scrapinghub", part, "missing")]
    pages, urls, bodies = harvest(part)
    docs = build(bodies, pages, urls, SEED)[: limit or None]
    started = time.perf_counter()
    cleaned, _ = clean_all(docs, 1)
    seconds = time.perf_counter() - started
    counts = doc_counts(docs, cleaned)
    removed_orig = sum(c[1] for c in counts)
    rows = []
    for metric in ("removed_precision", "removed_recall"):
        ci, _ = bootstrap(len(docs), lambda i, m=metric: figure(counts, i, m))
        rows.append(
            Row(
                "cleaner",
                "scrapinghub",
                part,
                metric,
                units=len(docs),
                storyline=figure(counts, range(len(docs)), metric),
                ci=ci,
                seconds=seconds,
                note=f"gold-body chars removed: {removed_orig}",
            )
        )
    return rows
