"""Content-word stems of sentences and titles, each word stemmed once per run.

A Stemmer owns the cache of its words' stems: one is made per analysis run and passed down to
every story's alignment and summary, so no stem cache is module state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import cast

import Stemmer as pystemmer

from storyline.cluster.stopwords import STOPWORDS

WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


STEM_CACHE_WORDS = 1 << 18  # distinct words whose stems are kept; the cache is emptied beyond


class _StemCache(dict[str, str | None]):
    """Each word's stem (None: not a content word), stemmed on first lookup."""

    def __missing__(self, raw: str) -> str | None:
        if len(self) >= STEM_CACHE_WORDS:
            self.clear()  # a bound on memory: stems are a pure function of the word
        stem = self[raw] = _stem_word(raw)
        return stem


class Stemmer:
    """Turn text into content-word stems (stopwords dropped), caching each word's stem.

    Make one per run and pass it down: stories share most of their words, and a story-local
    cache stemmed (looked up through a Python __missing__) each of them again in every story.
    A copy sent to another process starts with an empty cache (stems are a pure function).
    """

    def __init__(self) -> None:
        self._cache = _StemCache()

    def __reduce__(self) -> tuple[type[Stemmer], tuple[()]]:
        """Pickle without the cache: a worker process builds its own."""
        return Stemmer, ()

    def stems(self, text: str) -> frozenset[str]:
        """Return the set of content-word stems of a text."""
        return self.stems_of(WORD.findall(text.translate(QUOTES)))

    def stems_of(self, words: Sequence[str]) -> frozenset[str]:
        """Return the set of content-word stems of a text's words (quotes normalised)."""
        # Added in the words' order, as a set comprehension would: the same set, the same order.
        out = set(map(self._cache.__getitem__, words))
        out.discard(None)  # stopwords and single letters
        out.discard("")
        return cast(frozenset[str], frozenset(out))


@lru_cache(maxsize=1)
def _english() -> pystemmer.Stemmer:
    """Return the English Snowball stemmer (built once)."""
    return pystemmer.Stemmer("english")


@lru_cache(maxsize=1 << 17)  # a pure function of the word: stories share most of their words
def _stem_word(raw: str) -> str | None:
    """Return the stem of a word, or None for stopwords and single letters."""
    word = raw.casefold().removesuffix("'s").replace(".", "")
    if (len(word) < 2 and not word.isdigit()) or word in STOPWORDS:
        return None
    return str(_english().stemWord(word))
