"""Word tokens, light stems and the content terms that carry a text's topic."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from storyline.clean._generic_words import GENERIC_STEMS

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")  # WORD on ASCII text, matched faster
_POSSESSIVE = ("'s", "’s")
# Stems are cut to this many characters: cheap, language-agnostic conflation of
# "election"/"elections"/"electing" without a stemmer dependency.
STEM_CHARS = 6
# Words a WordCodes memo holds before it starts afresh (news vocabulary is Zipfian: most lookups
# hit the common words, which are back after a reset within a few articles)
WORD_CACHE = 1 << 17
# Codes of words without a content stem (stems are never empty nor hold a NUL)
GENERIC = "\x00generic"
NEUTRAL = ""


def words(text: str) -> list[str]:
    """Return the alphabetic word tokens of a text, case kept."""
    return (_ASCII_WORD if text.isascii() else WORD).findall(text)


def stem(word: str) -> str:
    """Reduce a word to a short lowercase stem (possessive, plural and suffix cut)."""
    w = word.lower()
    if w.endswith(_POSSESSIVE):
        w = w[:-2]
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


def word_code(word: str) -> str:
    """Return a word's content stem, or GENERIC or NEUTRAL for the words that carry no topic."""
    s = stem(word)
    if s in GENERIC_STEMS:
        return GENERIC
    return s if len(s) >= 3 else NEUTRAL


class WordCodes(dict[str, str]):
    """A bounded memo of word_code; map() over its __getitem__ keeps lookups in C."""

    def __missing__(self, word: str) -> str:
        """Compute, remember and return the code of a word not seen yet."""
        if len(self) >= WORD_CACHE:
            self.clear()
        code = self[word] = word_code(word)
        return code


def tally(toks: Iterable[str], codes: WordCodes) -> tuple[Counter[str], int]:
    """Return the content stems of word tokens with their counts, and how many are generic."""
    bag = Counter(map(codes.__getitem__, toks))
    bag.pop(NEUTRAL, None)  # popping keeps the first-seen order of the stems
    return bag, bag.pop(GENERIC, 0)


def content_terms(text: str) -> list[str]:
    """Return the content stems of a text, in order, repeats kept."""
    return [s for s in map(stem, words(text)) if is_content(s)]


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Return the set of content stems over several texts."""
    vocab: set[str] = set()
    for t in texts:
        vocab.update(content_terms(t))
    return vocab


_NUMBER = re.compile(r"\d[\d,.]*\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_OPENERS = " \t\"'“‘«([*-–—"
_SENTENCE_ENDS = ".!?:;…|"
MIN_NUMBER_DIGITS = 4  # shorter numbers (ages, counts, "100") recur in unrelated texts
# Capitalised like names, but shared by any two texts of the same week
CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


_ASCII_CAPITALISED = re.compile(r"(?<![A-Za-z'])[A-Z][A-Za-z]*(?:'[A-Za-z]+)*")


def name_candidates(line: str, n_words: int) -> tuple[frozenset[str], frozenset[str]]:
    """Return a line's capitalised words and numbers, and the subset seen mid-sentence.

    Words are lowercased; generic words ("Monday", "President") and words under three letters are
    left out. A capitalised word opening a sentence may be an ordinary word: only a word also
    capitalised mid-sentence somewhere in a text is a name there. Numbers of three or more
    digits, years aside, count as names ("209,000").
    """
    caps: set[str] = set()
    mid: set[str] = set()
    n_upper = 0
    for m in (_ASCII_CAPITALISED if line.isascii() else WORD).finditer(line):
        w = m.group()
        if not w[0].isupper():
            continue
        n_upper += 1
        if len(w) < 3:
            continue
        low = (w[:-2] if w.endswith(_POSSESSIVE) else w).lower()
        if low in CALENDAR or stem(w) in GENERIC_STEMS or "'" in low or "’" in low:
            continue
        caps.add(low)
        j = m.start() - 1
        while j >= 0 and line[j] in _OPENERS:  # walks the gap since the last word: linear
            j -= 1
        if j >= 0 and line[j] not in _SENTENCE_ENDS:
            mid.add(low)
    for m in _NUMBER.finditer(line):
        digits = "".join(c for c in m.group() if c.isdigit())
        if len(digits) >= MIN_NUMBER_DIGITS and not _YEAR.fullmatch(m.group()):
            caps.add(m.group().rstrip(".,"))
            mid.add(m.group().rstrip(".,"))
    if n_upper * 2 > n_words:  # a title-cased headline capitalises (nearly) every word
        mid.clear()
    return frozenset(caps), frozenset(mid)
