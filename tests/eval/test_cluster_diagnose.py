"""The offline split test of benchmarks/cluster_diagnose.py on hand-made stories."""

from __future__ import annotations

import numpy as np
from benchmarks.cluster_diagnose import cosine, lowest_cut, split_test, tfidf_vectors
from benchmarks.eval.data import Record

from storyline.cluster import ClusterConfig, ClusterItem
from storyline.cluster.batch import prepare_all


def test_lowest_cut_separates_two_blocks() -> None:
    # two incidents of three reports each: close within, far across
    sim = np.full((6, 6), 0.05)
    sim[:3, :3] = sim[3:, 3:] = 0.4
    np.fill_diagonal(sim, 0.0)
    cut, a, b = lowest_cut(sim)
    assert sorted(map(sorted, (a, b))) == [[0, 1, 2], [3, 4, 5]]
    assert cut < 0.67  # under the bar the split test applies


def test_lowest_cut_of_one_block_is_high() -> None:
    sim = np.full((6, 6), 0.4)
    np.fill_diagonal(sim, 0.0)
    assert lowest_cut(sim)[0] > 0.9


def _record(i: int, label: str, text: str) -> Record:
    return Record(f"r{i}", None, text, "2020-01-01", None, None, label)


def test_split_test_reports_before_and_after() -> None:
    ati = (
        "AMD agreed to buy graphics chip maker ATI Technologies for $5.4 billion in cash and stock."
    )
    sea = "AMD agreed to buy server maker SeaMicro for $334 million, AMD said on Wednesday."
    records = [_record(i, "ati", ati) for i in range(3)] + [
        _record(i + 3, "sea", sea) for i in range(3)
    ]
    for sim in ("engine", "tfidf"):
        before, _, rest = split_test(records, ClusterConfig(), 0.67, 3, sim).partition(" -> ")
        after = rest.split()[0]
        assert 0.0 < float(before) <= float(after) <= 1.0
        assert "paired 95% CI" in rest


def test_tfidf_vectors_weigh_an_incident_word_over_a_topic_word() -> None:
    # "Waitrose" is in every report of the kind; "Wellington" in one incident's only
    texts = [
        "A fire gutted the Waitrose supermarket in Wellington town centre.",
        "Crews fought the fire at the Waitrose store in Wellington.",
        "A fire that ripped through a Waitrose store in Surrey is treated as suspicious.",
        "Police in Surrey say the Waitrose fire is suspicious.",
    ]
    items = [ClusterItem(f"r{i}", t) for i, t in enumerate(texts)]
    vectors = tfidf_vectors(prepare_all(items, ClusterConfig(), {}))
    assert vectors["r0"]["@wellington"] > vectors["r0"].get("@waitrose", 0.0)
    assert cosine(vectors, "r0", "r1") > cosine(vectors, "r0", "r2")
