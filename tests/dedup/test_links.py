"""Link rules: strong links merge clusters, weak links only attach a lone text, once."""

from __future__ import annotations

import numpy as np

from storyline.dedup.links import NONE, STRONG, WEAK, LinkRule, cluster
from storyline.dedup.verify import PairEvidence


def evidence(rows: list[tuple[int, int, int, int, int]]) -> PairEvidence:
    cols = list(zip(*rows, strict=False)) if rows else [(), (), (), (), ()]
    return PairEvidence(*(np.array(c, dtype=np.int64) for c in cols))


def test_classify_by_containment_both_ways() -> None:
    ev = evidence(
        [
            (0, 1, 90, 100, 100),  # near-duplicates: both 90 % inside each other
            (0, 2, 95, 100, 400),  # a text 95 % inside a longer page
            (0, 3, 50, 100, 300),  # half of a text inside another: weak
            (0, 4, 20, 100, 100),  # same event, other words
            (0, 5, 2, 2, 400),  # too few shingles to mean anything
        ]
    )
    assert LinkRule().classify(ev).tolist() == [STRONG, STRONG, WEAK, NONE, NONE]


def test_weak_links_cannot_glue_clusters_through_a_boilerplate_page() -> None:
    # 0-1 and 2-3 are pairs of copies; page 4 is half inside each of 0, 1, 2, 3 (boilerplate)
    strong = evidence([(0, 1, 100, 100, 100), (2, 3, 100, 100, 100)])
    weak = evidence([(4, k, 50, 100, 300) for k in range(4)])
    labels, used = cluster(5, strong, weak)
    assert labels[0] == labels[1] != labels[2] == labels[3]
    assert used.sum() == 1  # the page joins one cluster, not all of them


def test_a_text_is_the_inner_side_of_one_weak_link_only() -> None:
    weak = evidence([(0, 1, 60, 100, 1000), (0, 2, 55, 100, 1000)])
    labels, used = cluster(3, evidence([]), weak)
    assert used.tolist() == [True, False]
    assert labels.tolist() == [0, 0, 2]


def test_a_longer_page_holding_several_lone_texts_gathers_them() -> None:
    weak = evidence([(0, 3, 60, 100, 1000), (1, 3, 60, 100, 1000), (2, 3, 60, 100, 1000)])
    labels, used = cluster(4, evidence([]), weak)
    assert labels.tolist() == [0, 0, 0, 0] and used.all()


def test_below_strong_a_pair_must_share_its_names_and_numbers() -> None:
    ev = evidence(
        [
            (0, 1, 45, 100, 100),  # template siblings: stock sentences, other names
            (0, 2, 45, 100, 100),  # a rewrite that keeps the names
            (0, 3, 90, 100, 100),  # 90 % inside: a copy whatever its names say
            (0, 4, 45, 100, 100),  # too few names to tell
        ]
    )
    names = evidence([(0, 1, 0, 8, 9), (0, 2, 6, 8, 9), (0, 3, 0, 8, 9), (0, 4, 0, 2, 9)])
    assert LinkRule().classify(ev, names).tolist() == [NONE, STRONG, STRONG, STRONG]
    assert LinkRule(names=0.0).classify(ev, names).tolist() == [STRONG] * 4
