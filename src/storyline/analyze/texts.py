"""What several analysis steps derive from the same texts, derived once per story.

Publication order (raw texts of tied articles), the copy graph (cleaned texts), the shared
passages of its edges and the junk share all read the same texts' casefolded words and word
n-gram hashes. A StoryTexts is made per story and passed down, so each text is tokenised and
shingled once, whichever step asks first; it is never module state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import islice

import numpy as np

_TOKEN = re.compile(r"[^\W_]+")
_GAPS = {c: " " for c in range(128) if not chr(c).isalnum()}  # ASCII around [^\W_]: a space


def _alnum_table() -> np.ndarray:
    """Return a read-only table of the ASCII bytes of [^\\W_]: letters and digits."""
    table = np.zeros(256, dtype=bool)
    table[list(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] = True
    table.flags.writeable = False
    return table


_ALNUM = _alnum_table()


def _word_chars(text: str) -> np.ndarray:
    """Tell for each character of text whether it is [^\\W_]: a letter or a digit."""
    if text.isascii():
        return _ALNUM[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
    # re's Unicode \w is str.isalnum() or "_": ask it once per distinct code point.
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    distinct, inverse = np.unique(codes, return_inverse=True)
    alnum = np.fromiter(
        (chr(c).isalnum() for c in distinct.tolist()), dtype=bool, count=len(distinct)
    )
    return alnum[inverse]


def casefolded_words(text: str) -> list[str]:
    """Return the casefolded words of a text."""
    if text.isascii():  # casefolding ASCII moves no word boundary: fold the text at once
        # [^\W_]+ of ASCII text: the runs of letters and digits, what is left between spaces
        # once every other character is one (translate and split run in C, no match objects).
        return text.lower().translate(_GAPS).split()
    return [w.casefold() for w in _TOKEN.findall(text)]


def grams(words: Sequence[str], n: int) -> Iterator[int]:
    """Hash every run of n consecutive words, in order."""
    # zip of shifted iterators yields the same tuples as words[i : i + n], without the slicing.
    return map(hash, zip(*(islice(words, k, None) for k in range(n)), strict=False))


class StoryTexts:
    """Per-story memo, keyed by the text itself: its words, n-gram hashes and shingle set."""

    def __init__(self) -> None:
        self._words: dict[str, list[str]] = {}
        self._grams: dict[tuple[str, int], list[int]] = {}
        self._sets: dict[tuple[str, int], frozenset[int]] = {}
        self._bounds: dict[str, np.ndarray] = {}

    @property
    def shingled(self) -> int:
        """Count the shingle sets computed so far (each text and size once)."""
        return len(self._sets)

    def words(self, text: str) -> list[str]:
        """Return the casefolded words of a text (as many as the text's [^\\W_]+ runs)."""
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = casefolded_words(text)
        return found

    def bounds(self, text: str) -> np.ndarray:
        """Return the bounds of the text's words, flat: word k is text[b[2k] : b[2k + 1]]."""
        found = self._bounds.get(text)
        if found is None:
            # A word is a run of [^\W_] characters: its edges are where that changes.
            found = self._bounds[text] = np.flatnonzero(
                np.diff(_word_chars(text), prepend=False, append=False)
            )
        return found

    def grams(self, text: str, size: int) -> list[int]:
        """Return the hashes of the text's runs of size words, in text order."""
        key = (text, size)
        found = self._grams.get(key)
        if found is None:
            found = self._grams[key] = list(grams(self.words(text), size))
        return found

    def shingles(self, text: str, size: int) -> frozenset[int]:
        """Return the set of shingle hashes of a text (a shorter text is one shingle)."""
        key = (text, size)
        found = self._sets.get(key)
        if found is None:
            words = self.words(text)
            # A shorter text has no gram: its one shingle is the hash of all its words.
            short = 0 < len(words) < size
            found = self._sets[key] = frozenset(
                [hash(tuple(words))] if short else self.grams(text, size)
            )
        return found
