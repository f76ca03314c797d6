"""Sentence splitting and cross-article alignment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze.align import (
    AlignConfig,
    additions,
    align,
    coverage,
    dropped,
    idf_weights,
    normalise,
    split_sentences,
)

QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.fixture
def bridge(fixtures: Path) -> dict[str, str]:
    """Return the texts of the three-article bridge story, by article id."""
    return {d["id"]: d["text"] for d in json.loads((fixtures / "story_bridge.json").read_text())}


def test_split_keeps_abbreviations_and_initials_inside_sentences() -> None:
    text = (
        "Mr. Smith met Dr. J. R. Ortiz at 3.5 p.m. on Friday. They talked. U.S. Secretary Kim came."
    )
    assert _split(text) == [
        "Mr. Smith met Dr. J. R. Ortiz at 3.5 p.m. on Friday.",
        "They talked.",
        "U.S. Secretary Kim came.",
    ]


def test_split_ends_at_an_abbreviation_when_a_new_sentence_starts() -> None:
    assert _split("Troops left the U.S. The base closed.") == [
        "Troops left the U.S.",
        "The base closed.",
    ]


def test_split_handles_quotes_and_line_breaks() -> None:
    text = "“It is over. We won,” he said. She left!\nNext paragraph without a stop\nLast one?"
    assert _split(text) == [
        "“It is over.",
        "We won,” he said.",
        "She left!",
        "Next paragraph without a stop",
        "Last one?",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab .!?\n"”U.S AB12')), max_size=120))
def test_split_covers_every_visible_character_once(text: str) -> None:
    spans = split_sentences(text)
    covered = [0] * len(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        last = end
        for i in range(start, end):
            covered[i] += 1
    assert all(covered[i] == 1 for i, ch in enumerate(text) if not ch.isspace())


def test_normalise_ignores_case_quotes_and_punctuation() -> None:
    assert normalise("“We won,” he SAID.") == normalise('"we won" he said')


def test_exact_fuzzy_and_paraphrase_matches() -> None:
    texts = {
        "a": "The council closed the bridge on Tuesday after inspectors found corrosion.\n"
        "Prices of bread rose sharply in the capital last month.",
        "b": "The council closed the bridge on Tuesday after inspectors found corosion.\n"
        "Nothing about bread appears in this completely different sentence here.",
        "c": "Inspectors had found corrosion, so on Tuesday the council shut the bridge.",
    }
    al = align(texts)
    kinds = {
        (al.sentences[m.left].article_id, al.sentences[m.right].article_id): m.kind
        for m in al.matches
    }
    assert kinds[("a", "b")] == "fuzzy"
    assert kinds[("a", "c")] == "paraphrase"
    bread = next(i for i, s in enumerate(al.sentences) if "bread rose" in s.text)
    assert al.carriers(bread) == ("a",)


def test_same_words_match_exactly() -> None:
    al = align({"a": "One two three four five six.", "b": "one, two, three; four five six"})
    assert [m.kind for m in al.matches] == ["exact"]


def test_alignment_does_not_depend_on_article_order(bridge: dict[str, str]) -> None:
    def pairs(texts: dict[str, str]) -> set[frozenset[tuple[str, int]]]:
        al = align(texts)
        return {
            frozenset(
                {
                    (al.sentences[m.left].article_id, al.sentences[m.left].index),
                    (al.sentences[m.right].article_id, al.sentences[m.right].index),
                }
            )
            for m in al.matches
        }

    assert pairs(bridge) == pairs(dict(reversed(list(bridge.items()))))


def test_additions_are_what_no_other_article_carries(bridge: dict[str, str]) -> None:
    added = {a: [s.text for s in ss] for a, ss in additions(align(bridge)).items()}
    assert added["farm-7"] == []  # a pure copy adds nothing
    assert any("$4.2 million" in s for s in added["herald-1"])
    assert any("shop owners" in s for s in added["times-3"])
    assert any("shuttle bus" in s for s in added["times-3"])
    assert not any("public safety" in s for ss in added.values() for s in ss)


def test_dropped_lists_what_a_copy_left_out(bridge: dict[str, str]) -> None:
    al = align(bridge)
    assert [s.text for s in dropped(al, "farm-7", "herald-1")] == [
        "The repairs are expected to cost $4.2 million, paid from the state infrastructure fund."
    ]
    assert dropped(al, "herald-1", "farm-7") == []


def test_coverage_of_a_copy_is_near_total_and_of_a_rewrite_partial(bridge: dict[str, str]) -> None:
    cov = coverage(align(bridge))
    assert cov[("farm-7", "herald-1")].verbatim == 1.0
    assert 0.2 < cov[("times-3", "herald-1")].carried < 0.8
    assert cov[("times-3", "herald-1")].verbatim < cov[("times-3", "herald-1")].carried


def test_short_sentences_are_never_additions() -> None:
    al = align(
        {"a": "Updated daily.\nThe mayor resigned after the vote on Friday.", "b": "Other."},
        AlignConfig(min_words=5),
    )
    assert [s.text for s in additions(al)["a"]] == ["The mayor resigned after the vote on Friday."]


def test_bounds_sentences_per_article() -> None:
    al = align({"a": "Sentence number one is here. " * 50}, AlignConfig(max_sentences=10))
    assert len(al.sentences) == 10


def test_empty_texts_align_to_nothing() -> None:
    al = align({"a": "", "b": "   "})
    assert al.sentences == () and al.matches == ()


@given(st.text(alphabet=st.sampled_from("aZß İ’‘'“”«». \n\u0307x1_é-"), max_size=60))
def test_normalise_of_ascii_is_the_general_key(text: str) -> None:
    # ASCII sentences skip the quote table and casefolding: the key must be the same.
    general = re.sub(r"[\W_]+", " ", text.translate(QUOTES).casefold()).strip()
    assert normalise(text) == general


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_normalise_of_any_ascii_is_the_old_substitution(text: str) -> None:
    # The ASCII key is made by translate and split: the gaps replaced by one space, stripped.
    assert normalise(text) == re.sub(r"[\W_]+", " ", text.lower()).strip()


def test_carriers_and_idf_are_memoised_and_unchanged(bridge: dict[str, str]) -> None:
    al = align(bridge)
    first = [al.carriers(i) for i in range(len(al.sentences))]
    assert [al.carriers(i) for i in range(len(al.sentences))] == first
    assert al.idf == idf_weights(al) and al.idf is al.idf
