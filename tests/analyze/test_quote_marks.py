"""Sentence bounds around quotes: abbreviations do not end a sentence, a decade does."""

from __future__ import annotations

from storyline.analyze.quote_marks import sentence_end


def test_a_sentence_ending_in_a_decade_ends_there() -> None:
    text = 'Prices fell through the 1990s. "We lost everything," said Ana Ruiz.'
    assert text[: sentence_end(text, 0, len(text))] == "Prices fell through the 1990s."


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = 'Mr. Smith met J. Doe in the U.S. capital. "It went well," he said.'
    assert text[: sentence_end(text, 0, len(text))] == "Mr. Smith met J. Doe in the U.S. capital."
