"""Tell what a capitalised word's shape says: an acronym, a shout, or no name at all."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from itertools import pairwise

from storyline.analyze.names import Token, gazetteer, wordlist

STOP_ACRONYMS = wordlist("stop_acronyms")
_ORG_WORDS = wordlist("org_suffixes")  # "Erie Times-News": a paper
# "N.H.", "S.C.", "O.K." (states, words) and party tags "R-TX", "D-NY": no organisation.
_NOT_ACRONYM = re.compile(r"[A-Z]\.[A-Z]\.|[RDI]-[A-Z]{2}")
_CONTRACTION = re.compile(r"['’](?:ve|re|ll|d|m|t)$|n['’]t$", re.IGNORECASE)
_PARTICIPLE = re.compile(r"-(?:based|born|bred|owned|led|backed|run|made)$", re.IGNORECASE)
_NUMBERED = re.compile(r"[A-Za-z]-\d+[A-Za-z]?$")


def describes(word: str) -> bool:
    """Tell whether a word opening a run describes the name after it and is no part of it.

    A place and a participle ("Singapore-based Broadcom", "Kenyan-born Mo Farah") or a
    contraction ("Don’t Republicans").
    """
    return _PARTICIPLE.search(word) is not None or _CONTRACTION.search(word) is not None


def numbered(word: str) -> bool:
    """Tell whether a word is numbered like a craft or a weapon ("Tiangong-1", "Hwasong-12")."""
    return _NUMBERED.search(word) is not None


def shouted(words: Sequence[str]) -> bool:
    """Tell whether a run holds a label or a shout: two words in capitals side by side.

    Only aliases name something in "LAS VEGAS BOULEVARD CROWD STAGE" ("BFM TV" is no shout).
    """
    return any(in_capitals(a, 3) and in_capitals(b, 3) for a, b in pairwise(words))


def in_capitals(word: str, least: int = 2) -> bool:
    """Tell whether a word of at least least letters is in capitals (no initial, no H.W.)."""
    letters = word.replace("'", "").replace("’", "")
    return len(letters) >= least and letters.isalpha() and letters.isupper()


def not_a_name(word: str) -> bool:
    """Tell whether a lone capitalised word is a demonym, a contraction, a tag or stop acronym."""
    return (
        word in gazetteer().demonyms
        or word in STOP_ACRONYMS
        or word.upper() in STOP_ACRONYMS
        or _CONTRACTION.search(word) is not None
        or _NOT_ACRONYM.fullmatch(word) is not None
    )


def is_acronym(word: str) -> bool:
    """Tell whether a word looks like an organisation acronym (NATO, ANI, G7)."""
    letters = [c for c in word if c.isalpha()]
    return (
        3 <= len(word) <= 5
        and word not in STOP_ACRONYMS
        and len(letters) >= 2
        and all(c.isupper() for c in letters)
    )


def family_title(before: Sequence[str], after: Sequence[str]) -> bool:
    """Tell whether a one-word title ending a run after a given name is a family name.

    "Billie Jean King", "Howard Dean", "David Duke": no name follows the title, and a given name
    (and maybe a middle one) comes before it.
    """
    return (
        not after
        and 1 <= len(before) <= 2
        and any(w in gazetteer().first_names for w in before)
        and all(w[:1].isupper() and w.isalpha() for w in before)
    )


def name_word(word: str, vocab: Set[str]) -> bool:
    """Tell whether a word may be part of a person's name by its letters alone.

    Letters only, or capitalised parts joined by hyphens, none of which the text writes in
    lowercase or ends an organisation's name ("Quist-Arcton", "Anne-Christine"; not "Times-News",
    "Hong Kong-flagged", "X-Ray").
    """
    if word.isalpha():
        return True
    parts = word.split("-")
    return (
        len(parts) > 1
        and all(len(p) > 1 and p.isalpha() and p[0].isupper() and p[1:].islower() for p in parts)
        and not any(p.lower() in vocab or p in _ORG_WORDS for p in parts)
    )


# Months that are also given or family names ("Ajmal Jan", "Kelly August")
NAME_MONTHS = frozenset({"Jan", "April", "June", "August"})
_DATE_AFTER = re.compile(r"[\s.]*\d")


def month_in_name(text: str, tok: Token, first: str) -> bool:
    """Tell whether a month word after capitalised words ends a name.

    No day or year follows, and a given name opens the run or a comma follows ("Ajmal Jan, a
    shopkeeper"; not "stellte Ende April die"). A run scanned alone ends at the month: it is
    kept, and rereads.reread decides in the whole text.
    """
    if tok.text not in NAME_MONTHS:
        return False
    if tok.end >= len(text):
        return True
    if _DATE_AFTER.match(text, tok.end) is not None:
        return False
    return first in gazetteer().first_names or text.startswith(",", tok.end)
