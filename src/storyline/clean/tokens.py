"""Word tokens, light stems and the content terms that carry a text's topic."""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyline.clean._generic_words import GENERIC_STEMS

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# Stems are cut to this many characters: cheap, language-agnostic conflation of
# "election"/"elections"/"electing" without a stemmer dependency.
STEM_CHARS = 6


def words(text: str) -> list[str]:
    """Return the alphabetic word tokens of a text, case kept."""
    return WORD.findall(text)


def stem(word: str) -> str:
    """Reduce a word to a short lowercase stem (possessive, plural and suffix cut)."""
    w = _POSSESSIVE.sub("", word.lower())
    if len(w) > STEM_CHARS:
        return w[:STEM_CHARS]
    if len(w) >= 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def is_content(stemmed: str) -> bool:
    """Tell whether a stem can carry topic (not a function word or generic news word)."""
    return len(stemmed) >= 3 and stemmed not in GENERIC_STEMS


def is_generic(word: str) -> bool:
    """Tell whether a word is an English function word or a generic news word."""
    return stem(word) in GENERIC_STEMS


def content_terms(text: str) -> list[str]:
    """Return the content stems of a text, in order, repeats kept."""
    toks = WORD.findall(text)
    stems = {w: stem(w) for w in set(toks)}  # news text repeats its words: stem each once
    return [s for s in (stems[w] for w in toks) if is_content(s)]


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Return the set of content stems over several texts."""
    vocab: set[str] = set()
    for t in texts:
        vocab.update(content_terms(t))
    return vocab
