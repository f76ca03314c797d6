"""The fast paths of text cleaning agree with the plain forms they replace, on any text."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.clean import bags, shape, tokens
from storyline.clean.profile import SiteProfile, line_key
from storyline.clean.tokens import (
    GENERIC,
    NEUTRAL,
    WORD,
    WordCodes,
    is_content,
    is_generic,
    stem,
    tally,
    words,
)

# text drawn from the characters the fast paths branch on, plus any other
PIECES = st.sampled_from([
    "a", "Z", "you", "Our", "www.", "WWW.", "http://x.com/a", "@", "[", "]", "(", ")", ".", "!",
    "?", ":", "'", "’", "”", "\"", " ", "\t", "7", "٣", "Read ", "Sign up", ". Get ", "news.com/",
    "a@b.io", "[email protected]", "İ", "Σ", "é", "'s", "’s", "ss", "\n", "\n\n",
])  # fmt: skip
TEXT = st.one_of(st.lists(PIECES, max_size=30).map("".join), st.text(max_size=80))

PROSE_END = re.compile(r"[.!?…:;,。！？][\"'”’)\]」』]*$")
CALL_TO_ACTION = re.compile(
    r"(?:^|[.!?]\s+)(?:Subscribe|Sign|Log|Register|Download|Install|Click|Tap|Follow|Join|"
    r"Unlock|Contact|Email)\s"
)


@given(TEXT)
def test_words_match_the_unicode_pattern(text: str) -> None:
    assert words(text) == WORD.findall(text)


@given(TEXT)
def test_normalize_folds_like_the_regex(text: str) -> None:
    assert shape.normalize(text) == " ".join(re.sub(r"\d", "0", text.lower()).split())
    assert shape.normalize(shape.normalize(text)) == shape.normalize(text)


@given(TEXT)
def test_profile_lookup_by_key_matches_lookup_by_line(text: str) -> None:
    profile = SiteProfile(lines=frozenset({line_key(text)}))
    assert profile.holds_normalized(shape.normalize(text)) == (text in profile)


@given(TEXT)
def test_line_tests_match_their_regexes(text: str) -> None:
    assert shape._ends_prose(text) == bool(PROSE_END.search(text))
    assert shape._calls_to_action(text) == bool(CALL_TO_ACTION.search(text))
    dense = len(text.replace(" ", "")) or 1
    spans = [*shape._URL.finditer(text), *shape._EMAIL.finditer(text)]
    plain = min(1.0, sum(len(m.group()) for m in spans) / dense)
    assert shape._link_share(text, text.lower()) == plain


@given(TEXT)
def test_tally_counts_content_stems_and_generic_words(text: str) -> None:
    toks = WORD.findall(text)
    bag, n_common = tally(toks, WordCodes())
    stems = [stem(t) for t in toks]
    assert list(bag.items()) == list(Counter(s for s in stems if is_content(s)).items())
    assert n_common == sum(1 for t in toks if is_generic(t))


def test_word_codes_remember_and_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    codes = WordCodes()
    got = [codes[w] for w in ("the", "Harbor", "ox", "the")]
    assert got == [GENERIC, "harbor", NEUTRAL, GENERIC]
    assert len(codes) == 3
    monkeypatch.setattr(tokens, "WORD_CACHE", 3)
    assert codes["bridges"] == "bridge"
    assert len(codes) == 1  # full: started afresh


BAGS = st.lists(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 4)), max_size=6)


@given(BAGS, BAGS)
def test_share_and_sum_match_the_plain_loops(
    terms_list: list[dict[str, int]], vocab_list: list[dict[str, int]]
) -> None:
    vocab: Counter[str] = Counter()
    for b in vocab_list:
        vocab.update(b)
    assert bags.sum_bags(vocab_list, range(len(vocab_list))) == vocab
    for terms in terms_list:
        total = sum(terms.values())
        found = sum(c for t, c in terms.items() if vocab.get(t, 0) > 0)
        beyond = sum(c for t, c in terms.items() if vocab.get(t, 0) - terms.get(t, 0) > 0)
        assert bags.share(terms, vocab) == (found / total if total else 0.0)
        assert bags.share(terms, vocab, terms) == (beyond / total if total else 0.0)


def _plain_shift(lines: list[dict[str, int]], start: int, min_line: int) -> int | None:
    """Find the sharpest shift by summing both sides afresh at every line."""
    best, best_k = 1.0, None
    for k in range(start + 1, len(lines)):
        above, below = Counter[str](), Counter[str]()
        for b in lines[:k]:
            above.update(b)
        for b in lines[k:]:
            below.update(b)
        if sum(lines[k].values()) < min_line or not above or not below:
            continue
        score = max(bags.share(below, above), bags.share(above, below))
        if score < best:
            best, best_k = score, k
    return best_k


@given(BAGS, st.integers(0, 3))
def test_sharpest_shift_matches_the_plain_loop(lines: list[dict[str, int]], start: int) -> None:
    start = min(start, len(lines))  # the line after the head: at most the end
    sizes = [sum(b.values()) for b in lines]
    got = bags.sharpest_shift(lines, sizes, start=start, min_line=2)
    assert got == _plain_shift(lines, start, 2)


@given(BAGS)
def test_moving_a_line_keeps_both_sides_positive(lines: list[dict[str, int]]) -> None:
    above: Counter[str] = Counter()
    below = bags.sum_bags(lines, range(len(lines)))
    for b in lines:
        bags.move_bag(b, below, above)
        assert all(c > 0 for c in below.values())
    assert above == bags.sum_bags(lines, range(len(lines)))
    assert not below
