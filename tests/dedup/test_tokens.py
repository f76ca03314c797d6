"""Normalisation and word hashing."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup.sketch import name_sets
from storyline.dedup.tokens import hash_words, normalise

WORDS = re.compile(r"[A-Za-z0-9]+")  # the words of the ASCII texts below, as tokens splits them


def words_of(text: str) -> list[int]:
    return hash_words([text]).hashes.tolist()


def test_case_punctuation_whitespace_and_quotes_do_not_change_words() -> None:
    plain = "Don't stop the quick brown fox, said the mayor."
    noisy = "DON\u2019T  stop\u00a0the \u201cquick\u201d brown\tfox \u2014 said THE mayor!!"
    assert words_of(plain) == words_of(noisy)


def test_zero_width_characters_and_compatibility_forms_are_normalised() -> None:
    assert words_of("infor\u200bmation \ufb01nance") == words_of("information finance")
    assert normalise("\uff21\uff22\uff23") == "abc"


def test_accented_and_non_latin_case_is_folded() -> None:
    assert words_of("CAFÉ ÉCOLE ПРИВЕТ") == words_of("café école привет")


def test_words_of_different_lengths_and_long_words_differ() -> None:
    hashes = words_of("a ab abc internationalization internationalisation presidency presidents")
    assert len(set(hashes)) == len(hashes)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=6))
def test_a_text_hashes_the_same_alone_or_in_a_batch(texts: list[str]) -> None:
    batch = hash_words(texts)
    for i, text in enumerate(texts):
        alone = hash_words([text]).hashes
        mine = batch.hashes[batch.offsets[i] : batch.offsets[i + 1]]
        assert np.array_equal(alone, mine)


def test_empty_texts_have_no_words() -> None:
    batch = hash_words(["", "   ", "!!", "word"])
    assert batch.offsets.tolist() == [0, 0, 0, 0, 1]


def test_names_and_numbers_are_flagged_but_not_words_that_open_a_sentence() -> None:
    text = (
        "Police said 288 died in Lower Pevermivik. The suspect, Omar Selorgre, fled.\n"
        '"Survivors ran," said Kaor Nilsen. “Then” it was 3.5 hours.'
    )
    batch = hash_words([text, "no capitals here, only 12 and 2024"])
    assert batch.telling is not None
    words = WORDS.findall(text)
    flagged = [w for w, f in zip(words, batch.telling.tolist(), strict=False) if f]
    assert flagged == ["288", "Lower", "Pevermivik", "Omar", "Selorgre", "Kaor", "Nilsen", "3", "5"]
    assert batch.telling[batch.offsets[1] :].sum() == 2  # a lowercased text keeps its numbers


def test_a_case_folded_text_has_no_name_set() -> None:
    words = hash_words(["Police said 288 died in Lower Pevermivik.", "police said 288 died."])
    _, offsets = name_sets(words)
    assert np.diff(offsets).tolist() == [3, 0]  # 288, Lower, Pevermivik; then nothing to tell


def test_thousands_separators_do_not_split_numbers() -> None:
    written = "Stocks fell to 41,250 tonnes; imports reached 1,204,000 tonnes at 9,870 dollars."
    stripped = "Stocks fell to 41250 tonnes imports reached 1204000 tonnes at 9870 dollars."
    assert words_of(written) == words_of(stripped)
    _, offsets = name_sets(hash_words([written, stripped]))
    assert np.diff(offsets).tolist() == [3, 3]  # the three numbers, whole, in both


def test_commas_that_are_not_thousands_separators_still_separate() -> None:
    assert len(words_of("scores of 3,2 and 1,2345 then 12,345x")) == 9  # 12345x: one word
    assert words_of("pages 4,5,6") == words_of("pages 4 5 6")
