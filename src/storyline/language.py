"""The language of a text and its function words, for texts that are not in English.

storyline's word lists and background frequencies are English. In a text in another language
the words that say nothing about the event ("que", "de", "uma"; "der", "und", "ist") are rare
in a small corpus and so weigh as much as names: two unrelated Portuguese posts of one blog
shared their articles and pronouns more than any English pair shares its words. The language
comes from py3langid, asked only when a text does not read as English; the function words are
the language's most frequent words in wordfreq's tables (offline, shipped with the package).
"""

from __future__ import annotations

import re
from functools import lru_cache

ENGLISH = "en"
SAMPLE_CHARS = 2_000  # enough words to tell a language; langid's cost grows with the text
ENGLISH_SAMPLE_CHARS = 600  # about 100 words: enough for the share of English function words
# Share of the first words that are English function words: English news 0.35 and more,
# other languages written in Latin letters 0.15 and less (their "a", "no", "me", "die").
MIN_ENGLISH_SHARE = 0.25
FUNCTION_WORDS = 60  # a language's most frequent words: articles, pronouns, auxiliaries
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_FUNCTION = frozenset(
    str.split(
        "a an the of to in on at for by with from and or but not no is are was were be been being "
        "has have had do does did will would can could should may might must this that these those "
        "it its he she they we you i his her their our my your him them us me as if so than then "
        "there here what which who whom whose when where why how all any some such more most said "
        "says about after before into over under up out also just only very"
    )
)


def looks_english(text: str) -> bool:
    """Tell whether a text's first words read as English (share of English function words)."""
    words = _WORD.findall(text[:ENGLISH_SAMPLE_CHARS].lower())
    if not words:
        return True  # nothing to tell: treat as the default language
    return sum(w in _ENGLISH_FUNCTION for w in words) >= MIN_ENGLISH_SHARE * len(words)


def detect(text: str) -> str:
    """Return the ISO 639-1 code of a text's language ("en" when it reads as English)."""
    if looks_english(text):
        return ENGLISH
    import py3langid  # loads its model on first use: only for texts in other languages

    lang, _ = py3langid.classify(text[:SAMPLE_CHARS])
    return str(lang)


@lru_cache(maxsize=64)  # a pure function of the language code
def function_words(lang: str) -> frozenset[str]:
    """Return a language's most frequent words, lowercased (empty for English or unknown)."""
    if lang == ENGLISH:
        return frozenset()
    from wordfreq import available_languages, top_n_list

    if lang not in available_languages():
        return frozenset()
    return frozenset(w for w in top_n_list(lang, FUNCTION_WORDS) if _WORD.fullmatch(w))
