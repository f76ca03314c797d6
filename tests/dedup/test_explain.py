"""Shared passages point at the same text in both articles."""

from __future__ import annotations

from collections.abc import Callable

from storyline.dedup.explain import shared_passages


def test_passages_are_spans_of_the_same_words_in_both_texts(
    original: str, make_article: Callable[..., str]
) -> None:
    article = make_article
    page = f"Home | News\n\n{original}\n\nRead more: {article(5, 5)}"
    passages = shared_passages(original, page)
    assert passages
    longest = passages[0]
    assert original[longest.start : longest.end] == page[longest.other_start : longest.other_end]
    assert longest.end - longest.start > len(original) * 0.9


def test_noise_still_maps_to_the_original_characters(original: str) -> None:
    noisy = original.upper().replace(". ", ".   ")
    passages = shared_passages(original, noisy)
    covered = sum(p.end - p.start for p in passages)
    assert covered > len(original) * 0.9
    p = passages[0]
    assert (
        original[p.start : p.end].lower().split()
        == noisy[p.other_start : p.other_end].lower().split()
    )


def test_unrelated_texts_share_nothing_and_the_limit_holds(
    make_article: Callable[..., str],
) -> None:
    article = make_article
    assert shared_passages("alpha beta gamma delta epsilon", "one two three four five") == []
    assert shared_passages("", "anything at all here") == []
    a, b, c = article(1, 6), article(2, 6), article(3, 6)
    mixed = f"{a}\n\nzzz yyy xxx\n\n{b}\n\nqqq www eee\n\n{c}"
    assert len(shared_passages(f"{a} {b} {c}", mixed)) >= 3
    assert len(shared_passages(f"{a} {b} {c}", mixed, limit=2)) == 2


def test_a_number_with_thousands_separators_matches_it_written_without() -> None:
    text = "Stocks in London fell to 41,250 tonnes on Monday, said the exchange."
    other = "stocks in london fell to 41250 tonnes on monday said the exchange"
    (passage,) = shared_passages(text, other)
    assert (passage.start, passage.end) == (0, len(text) - 1)
    assert (passage.other_start, passage.other_end) == (0, len(other))
