"""The per-story memo of words and shingles: shared by the steps, equal to computing afresh."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyze.align import align
from storyline.analyze.provenance import StoryArticle, build_provenance, publication_order
from storyline.analyze.story import analyze_story
from storyline.analyze.texts import StoryTexts, casefolded_words

TEXT = st.text(alphabet=st.sampled_from("aZß İ’‘'“”. \n\u0307x1_é"), max_size=60)
_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")


@given(TEXT)
def test_word_count_is_the_count_of_word_runs(text: str) -> None:
    # junk_share counts words through the memo: the count must not move with casefolding.
    assert len(casefolded_words(text)) == len(re.findall(r"[^\W_]+", text))


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_words_are_the_casefolded_word_runs(text: str) -> None:
    # ASCII texts are split by translate and split: the words the regex finds, in order.
    assert casefolded_words(text) == re.findall(r"[^\W_]+", text.casefold())


@given(st.lists(TEXT, min_size=1, max_size=3))
def test_sentence_word_counts_match_a_fresh_count(texts: list[str]) -> None:
    alignment = align({f"a{i}": t for i, t in enumerate(texts)})
    for sentence in alignment.sentences:
        assert sentence.words == len(_WORD.findall(sentence.text))


def _story() -> list[StoryArticle]:
    body = (
        "Officials said the bridge will close on Monday for repairs. "
        "Traffic will be diverted through the city centre for two weeks."
    )
    return [
        StoryArticle(
            "a", body, source="one.example", published="2024-05-01T10:00:00Z", raw_text=body
        ),
        StoryArticle(
            "b",
            body + " Read more at our site.",
            source="two.example",
            published="2024-05-01T10:00:00Z",
            raw_text=body + " Read more at our site.",
        ),
    ]


def test_order_and_copy_graph_share_one_memo() -> None:
    story = _story()
    memo = StoryTexts()
    blocks = publication_order(story, texts=memo)  # one tie block: raw texts are shingled
    shingled = memo.shingled
    assert shingled == 2
    provenance = build_provenance(
        story, align({a.id: a.text for a in story}), blocks=blocks, texts=memo
    )
    # The cleaned texts equal the raw ones: their shingles come from the memo, not afresh.
    assert provenance.edges and memo.shingled == shingled
    fresh = build_provenance(story, align({a.id: a.text for a in story}))
    assert fresh == provenance


def test_a_lone_article_needs_no_shingles() -> None:
    (lone,) = _story()[:1]
    memo = StoryTexts()
    provenance = build_provenance([lone], align({lone.id: lone.text}), texts=memo)
    assert provenance.roles == (("a", "original"),) and memo.shingled == 0
    assert analyze_story("s", [lone]).articles[0].role == "original"


def _word_bounds(text: str) -> list[int]:
    """Return the bounds of the text's [^\\W_]+ runs, flat, as the regex finds them."""
    return [b for m in re.finditer(r"[^\W_]+", text) for b in m.span()]


@given(TEXT)
def test_word_bounds_are_the_spans_of_the_word_runs(text: str) -> None:
    # bounds() reads ASCII texts with numpy: the same words as the regex, also at the edges.
    assert StoryTexts().bounds(text).tolist() == _word_bounds(text)


@given(st.text(alphabet=st.sampled_from(list("ab Z9_-'.\n\t")), max_size=60))
def test_word_bounds_of_ascii_texts(text: str) -> None:
    assert StoryTexts().bounds(text).tolist() == _word_bounds(text)


@given(st.text(max_size=80))
def test_word_bounds_of_any_unicode_text(text: str) -> None:
    # Non-ASCII texts are read with numpy too (isalnum per distinct code point): same words.
    assert StoryTexts().bounds(text).tolist() == _word_bounds(text)


def test_word_bounds_of_a_text_with_a_lone_surrogate() -> None:
    text = "Ünïcode\ud800word ٣٤ x_y ²"
    assert StoryTexts().bounds(text).tolist() == _word_bounds(text)
