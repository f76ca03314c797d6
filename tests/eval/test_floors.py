"""CI floors of the evaluation suite: storyline on a small fixed subset of every check part.

Each figure must stay at or above a floor pinned a little under what today's code measures
(benchmarks/eval; the subsets are the first pages/documents by id of each check part, and the
whole check part where the pipeline is quick), so a change that wins one dataset and loses
another fails here. Skips without ../shared/data.
"""

from __future__ import annotations

import pytest
from benchmarks.eval import cleaner, cluster, copies, data, provenance, quotes, summary
from benchmarks.eval.extraction import BASE_ABOVE, LOST_BELOW, baseline_extract, page_f1
from benchmarks.extraction import page_triple, storyline_extractor, summarise

from storyline.clean.html import HtmlExtractConfig
from support import SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="needs ../shared/data")

# dataset: (pages, F1 floor, most pages lost: storyline F1 < 0.2 where trafilatura > 0.8);
# measured on 2026-12-06 main (f1ae334) in the comments
EXTRACTION = {
    "scrapinghub": (30, 0.98, 0),  # 0.991, none lost
    "readability": (30, 0.915, 0),  # 0.929, none lost
    "cleaneval-dev": (21, 0.77, 1),  # 0.787, one lost (page 34)
}
CLUSTER_F1 = {  # whole check parts
    "giveme5w1h": 0.95,  # 0.963
    "giveme5w1h-titles": 0.89,  # 0.918 (0.773 before briefs had their own settings)
    "giveme5w1h-nodates": 0.95,  # 0.965
    "giveme5w1h-briefs": 0.76,  # 0.788 (each title and outlet summary a feed item; 0.774 before)
    "giveme5w1h-sentences": 0.33,  # 0.360 (synthetic: sentences as a feed's items; 0.316 before)
    "ecbplus": 0.84,  # 0.861
    "scrapinghub-events": 0.95,  # 0.971 (our labels; never fitted on)
}


@pytest.mark.parametrize("name", sorted(EXTRACTION))
def test_extraction_floor(name: str) -> None:
    limit, floor, lost_max = EXTRACTION[name]
    pages = data.extraction_pages(name, "check", limit)
    assert pages, f"{name} check part is empty"
    extract = storyline_extractor(HtmlExtractConfig())
    triples = [page_triple(p.gold, extract(p.html)) for p in pages]
    assert summarise(triples)["f1"] >= floor
    lost = [
        p.id
        for p, t in zip(pages, triples, strict=True)
        if page_f1(t) < LOST_BELOW
        and page_f1(page_triple(p.gold, baseline_extract(p.html))) > BASE_ABOVE
    ]
    assert len(lost) <= lost_max, lost


@pytest.mark.parametrize("name", sorted(CLUSTER_F1))
def test_cluster_floor(name: str) -> None:
    records = cluster.SETS[name]("check")
    assert records
    run = cluster.run_pipeline(records)
    assert cluster.bcubed({r.id: r.label for r in records}, run.pred)[2] >= CLUSTER_F1[name]


def test_first_publisher_floor() -> None:
    measured = provenance.run("check", None, {})
    rows = {r.metric: r.storyline for r in measured if r.dataset == "giveme5w1h"}
    assert rows["first_ok"] >= 0.89  # 0.929 (26 of 28 events), clustering included
    assert rows["first_loose"] >= 0.89  # 0.929
    assert rows["first_ok_gold"] >= 0.96  # 1.000: each gold event as one story, 28 of 28
    # Issue 20's goal, on the stories as clustered: 6 (9 in the headline feeds) with every date
    # timed to the second or the millisecond, 27 (32) of any precision; all right today.
    for row in measured:
        if row.metric in ("first_timed", "first_story"):
            assert row.storyline == 1.0, row


def test_quotes_floor() -> None:
    rows = {r.metric: r.storyline for r in quotes.run("check", 40)}
    assert rows["content_f1"] >= 0.89  # 0.911 on these 40 dev texts (0.876 before subject frames)
    assert rows["speaker_content_f1"] >= 0.81  # 0.813 (0.833 before subject frames)


def test_cleaner_floor() -> None:
    rows = {r.metric: r.storyline for r in cleaner.run("check", None)}
    assert rows["removed_precision"] >= 0.90  # 0.920


def test_summary_floor() -> None:
    rows = {r.metric: r for r in summary.run("check", None)}
    assert rows["rouge1_recall"].storyline >= 0.49  # 0.520 (lead baseline 0.418)
    assert rows["rouge2_recall"].storyline >= 0.25  # 0.277 (lead baseline 0.204)
    assert rows["unended_lines"].storyline <= 0.05  # 0.027 (0.062 before the unended factor)


def test_copy_graph_floor() -> None:
    rows = {r.metric: r for r in copies.run("check", None)}
    assert rows["parent_right"].storyline >= 0.93  # 0.954 (0.789 before; baseline 0.944)
    assert rows["kind_right"].storyline >= 0.93  # 0.954
    assert rows["backwards"].storyline <= 0.02  # 0.007 (0.098 before)
    assert rows["words_added_wrongly"].storyline <= 9.5  # 8.39 (10.60 before glued tails)
