"""Sparse integer vectors: the fast paths equal the plain arithmetic they replace."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.vectors import SCALE, DocFreq, add_into, dot, weigh

keys = st.sampled_from([f"k{i}" for i in range(40)])
vectors = st.dictionaries(keys, st.integers(min_value=1, max_value=SCALE * 50), max_size=30)
counts = st.dictionaries(keys, st.integers(min_value=0, max_value=5).map(float), max_size=30)


@given(vectors, vectors)
def test_dot_over_shared_keys_equals_the_scalar_sum(a: dict[str, int], b: dict[str, int]) -> None:
    assert dot(a, b) == sum(w * b.get(k, 0) for k, w in a.items()) == dot(b, a)


@given(counts, st.dictionaries(keys, st.integers(min_value=0, max_value=9)), st.booleans())
def test_weigh_keeps_the_heaviest_keys_ties_by_key(
    raw: dict[str, float], seen: dict[str, int], prefixed: bool
) -> None:
    """The kept keys, their order and weights equal a sort on (-weight, key) (the old one)."""
    prefix = "@" if prefixed else ""
    df = DocFreq(10, Counter({prefix + k: c for k, c in seen.items()}))
    got = weigh(raw, df, prefix=prefix, top=7)
    log = math.log
    weights = {
        k: (1.0 + log(c)) * (log(11 / (seen.get(k, 0) + 1)) + 1) for k, c in raw.items() if c > 0
    }
    kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:7]
    norm = math.sqrt(sum(w * w for _, w in kept))
    want = {k: round(w / norm * SCALE) for k, w in kept} if norm else {}
    assert list(got.items()) == [(k, w) for k, w in want.items() if w > 0]


def test_vectors_of_two_articles_share_their_keys_and_weights() -> None:
    # Keys arrive as fresh strings from worker processes; kept members hold most of a run's
    # memory, so equal keys and weights must be one object each, not one per article.
    df = DocFreq(10, Counter({"quake": 2}))
    first = weigh({"".join(["qu", "ake"]): 2.0}, df, top=5)
    second = weigh({"".join(["qua", "ke"]): 2.0}, df, top=5)
    ((k1, w1),), ((k2, w2),) = first.items(), second.items()
    assert k1 is k2 and w1 is w2 and w1 == SCALE


@given(vectors, vectors)
def test_adding_into_equals_the_plain_loop_order_included(
    a: dict[str, int], b: dict[str, int]
) -> None:
    for start in ({}, a):
        total, plain = dict(start), dict(start)
        add_into(total, b)
        for key, w in b.items():
            plain[key] = plain.get(key, 0) + w
        assert list(total.items()) == list(plain.items())
