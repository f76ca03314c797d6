"""Blocking: duplicate groups stay whole, bins are balanced, snapshots answer as the corpus."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.blocks import SnapshotFreq, plan_blocks, snapshot
from storyline.cluster.features import extract
from storyline.cluster.vectors import DocFreq

keys_st = st.lists(st.lists(st.integers(0, 30), max_size=5), min_size=1, max_size=60)


@given(keys_st, st.data(), st.integers(1, 5), st.integers(1, 20))
def test_groups_stay_in_one_bin(
    keys: list[list[int]], data: st.DataObject, bins: int, cap: int
) -> None:
    groups = data.draw(
        st.lists(st.sampled_from([None, "a", "b", "c"]), min_size=len(keys), max_size=len(keys))
    )
    bin_of = plan_blocks(keys, groups, bins=bins, cap=cap)
    assert len(bin_of) == len(keys) and all(0 <= b < bins for b in bin_of)
    for group in {g for g in groups if g is not None}:
        assert len({b for b, g in zip(bin_of, groups, strict=True) if g == group}) == 1


@given(st.integers(2, 6), st.integers(10, 80))
def test_unlinked_articles_fill_bins_evenly(bins: int, n: int) -> None:
    bin_of = plan_blocks([[i] for i in range(n)], [None] * n, bins=bins, cap=n)
    loads = Counter(bin_of)
    assert max(loads.values()) - min(loads.values()) <= 1


def test_shared_rare_key_joins_a_block() -> None:
    keys = [[1, 100], [2, 100], [1, 3], [4], [5]]  # 0 and 2 share key 1; 100 is shared too
    bin_of = plan_blocks(keys, [None] * 5, bins=5, cap=5)
    assert bin_of[0] == bin_of[1] == bin_of[2]


def test_snapshot_weighs_as_the_corpus_did() -> None:
    texts = [
        "Ann Lee met Bob Stone in Paris.",
        "Bob Stone spoke in Rome on trade.",
        "Trade talks in Paris ended.",
    ]
    feats = [extract("", t, f"2024-01-0{i + 1}") for i, t in enumerate(texts)]
    whole = DocFreq()
    for f in feats:
        whole.add(f.df_keys())
    snap = SnapshotFreq()
    snap.use(whole.docs, snapshot(whole.counts, feats[-1]))
    assert snap.tfidf(feats[-1].terms) == whole.tfidf(feats[-1].terms)
    assert snap.tfidf(feats[-1].title) == whole.tfidf(feats[-1].title)
