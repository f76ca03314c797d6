"""Retrieval keys: the fast paths equal the plain sorts they replace."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.retrieval import (
    RETRIEVE_ENTITIES,
    RETRIEVE_TERMS,
    RETRIEVE_TITLE,
    weighted_keys,
)
from storyline.cluster.vectors import strongest_first

keys = st.sampled_from([f"k{i}" for i in range(30)])
vectors = st.dictionaries(keys, st.integers(min_value=1, max_value=6), max_size=30)


def _plain(vec: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))


@given(vectors, st.integers(min_value=0, max_value=35))
def test_the_strongest_keys_are_the_head_of_the_full_sort(vec: dict[str, int], limit: int) -> None:
    # Few distinct weights: ties at the cut, which the key must break as the full sort does.
    assert strongest_first(vec, limit=limit) == _plain(vec)[:limit]
    assert strongest_first(vec) == _plain(vec)


@given(vectors, vectors, vectors)
def test_weighted_keys_equal_the_plain_sorts(
    terms: dict[str, int], names: dict[str, int], title: dict[str, int]
) -> None:
    top_t = _plain(terms)[:RETRIEVE_TERMS]
    want = [("t:" + k, w) for k, w in top_t]
    want += [("e:" + k, w) for k, w in _plain(names)[:RETRIEVE_ENTITIES]]
    seen = {k for k, _ in top_t}
    want += [("t:" + k, w) for k, w in _plain(title) if k not in seen][:RETRIEVE_TITLE]
    assert weighted_keys((terms, names, title, {})) == want
