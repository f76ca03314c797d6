"""Marking texts: removed spans, shared passages and additions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.serve.compare import (
    coverage,
    removed_segments,
    segments,
    shared_and_added,
)

SPANS = st.lists(
    st.tuples(st.integers(-5, 120), st.integers(-5, 120), st.sampled_from("ab")), max_size=8
)


@given(st.text(max_size=100), SPANS, st.integers(0, 120))
def test_segments_rebuild_the_shown_text(
    text: str, spans: list[tuple[int, int, str]], limit: int
) -> None:
    parts = segments(text, spans, limit=limit)
    assert "".join(p.text for p in parts) == text[:limit]
    assert all(p.text for p in parts)


def test_removed_segments_carry_the_reason() -> None:
    text = "Subscribe now! The minister said yes. Read more"
    removed = [
        {"start": 0, "end": 14, "reason": "promo"},
        {"start": 38, "end": 47, "reason": "navigation"},
    ]
    parts = removed_segments(text, removed, limit=1000)
    assert [(p.text, p.mark, p.label) for p in parts] == [
        ("Subscribe now!", "removed", "promo"),
        (" The minister said yes. ", None, None),
        ("Read more", "removed", "navigation"),
    ]


def test_shared_and_added_mark_both_kinds() -> None:
    text = "Fresh opening sentence of our own. Alpha beta gamma delta epsilon zeta eta!"
    shared = [(35, 74)]
    marked = shared_and_added(text, shared, limit=1000)
    assert [(p.text, p.mark) for p in marked] == [
        ("Fresh opening sentence of our own. ", "added"),
        ("Alpha beta gamma delta epsilon zeta eta", "shared"),
        ("!", None),  # punctuation alone is no addition
    ]
    assert coverage(text, [*shared, (40, 50)]) == 39 / len(text)


@given(
    st.text(max_size=80), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=6)
)
def test_coverage_is_a_share(text: str, spans: list[tuple[int, int]]) -> None:
    assert 0.0 <= coverage(text, spans) <= 1.0
