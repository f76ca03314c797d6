"""clean_text invariants: spans into the input, non-destructive, deterministic, idempotent."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import clean_text
from storyline.clean.text import split_lines
from storyline.models import CleanedText

FIXTURES = Path(__file__).parent / "fixtures_text"
REASONS = {"promo", "navigation", "source-list", "site-boilerplate", "off-topic", "duplicate"}

ARTICLE = [
    "The city council of Rivermouth voted on Tuesday to close the old Harbor Bridge to trucks.",
    "Engineers found cracks in two steel girders of the Harbor Bridge in a May inspection.",
    "Council member Dana Ortiz said the Harbor Bridge closure would last until repairs finish.",
    "Trucks will be diverted to the Eastside ring road, adding about twenty minutes to deliveries.",
    "The repairs to the Harbor Bridge girders are expected to cost 4.2 million dollars, she said.",
]
JUNK = [
    "Sign up for our newsletter!",
    "Share this article",
    "Home",
    "Sources",
    "1/ https://example.com/story/123",
    "Also read: Ten gadgets that will change your kitchen forever",
    "Follow us on Twitter and Facebook for more updates!",
    "(Image: Getty)",
    "Celebrity chef opens a vegan bakery in the old railway station of Lakeside and sells out "
    "of croissants within an hour, while queues of customers stretch around the block.",
    "",
    "   ",
]


def seed_texts() -> list[str]:
    """Return the four seed files' texts."""
    return [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]


def check_invariants(text: str, result: CleanedText) -> None:
    """Assert what every cleaning result must hold."""
    last = 0
    for span in result.removed:
        assert 0 <= last <= span.start < span.end <= len(text)
        assert span.reason in REASONS
        assert text[span.start] != " " and text[span.end - 1] != " "
        last = span.end
    kept = [
        ln.text
        for ln in split_lines(text)
        if not any(s.start <= ln.start < s.end for s in result.removed)
    ]
    assert [ln.text for ln in split_lines(result.text)] == kept


def test_spans_point_into_the_input_and_the_rest_is_kept() -> None:
    results = [clean_text(text) for text in seed_texts()]
    for text, result in zip(seed_texts(), results, strict=True):
        check_invariants(text, result)
    # 002 and 004 have no junk: 002's wire credit "(with contributions from AFP)" stays
    assert [bool(r.removed) for r in results] == [True, True, False, False]


def test_clean_article_keeps_everything() -> None:
    text = "\n\n".join(ARTICLE)
    assert clean_text(text) == CleanedText(text=text, removed=())


def test_whitespace_is_tidied_and_paragraph_breaks_kept() -> None:
    text = f"  {ARTICLE[0]}  \r\n\n\n\n{ARTICLE[1]}\n{ARTICLE[2]}\n\nHome\n\n{ARTICLE[3]}\n"
    result = clean_text(text)
    assert result.text == f"{ARTICLE[0]}\n\n{ARTICLE[1]}\n{ARTICLE[2]}\n\n{ARTICLE[3]}"
    assert [text[s.start : s.end] for s in result.removed] == ["Home"]


def test_neighbouring_lines_removed_for_one_reason_make_one_span() -> None:
    text = "\n".join([*ARTICLE[:3], "Home", "World", "Sport", *ARTICLE[3:]])
    result = clean_text(text)
    assert [(text[s.start : s.end], s.reason) for s in result.removed] == [
        ("Home\nWorld\nSport", "navigation")
    ]


def test_empty_and_blank_texts() -> None:
    assert clean_text("") == CleanedText(text="", removed=())
    assert clean_text(" \n\t\n ") == CleanedText(text="", removed=())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(ARTICLE + JUNK), max_size=14), st.sampled_from(["\n", "\n\n"]))
def test_cleaning_is_idempotent_and_deterministic(lines: list[str], sep: str) -> None:
    text = sep.join(lines)
    once = clean_text(text)
    check_invariants(text, once)
    assert clean_text(text) == once
    twice = clean_text(once.text)
    assert twice.removed == ()
    assert twice.text == once.text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text_is_cleaned_idempotently(text: str) -> None:
    once = clean_text(text)
    check_invariants(text, once)
    assert clean_text(once.text).removed == ()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_seed_lines_in_any_order_clean_idempotently(data: st.DataObject) -> None:
    pool = [ln.text for t in seed_texts() for ln in split_lines(t)]
    lines = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=25))
    once = clean_text("\n\n".join(lines))
    assert clean_text(once.text).removed == ()
