"""Where a person mention stands in its sentence: speaking, its subject, or an object.

"he said" refers to a person the text has made a speaker or a subject ('Lai Mohammed, the
minister of information, denied ...', '..., says economist Felipe Chapman'), rarely to one it
named as an object ('a phone call with Donald Trump', 'told CNN's Atika Shubert'). These read
the words around a mention's span (start, end) in text.
"""

from __future__ import annotations

import re

from storyline.analyze.names import wordlist
from storyline.analyze.quote_frames import CUES, DETERMINERS, PRONOUNS, SPEAKER_HEADS
from storyline.analyze.quote_marks import sentence_start
from storyline.analyze.quote_unnamed import EITHER, FEMALE, MALE

_ACCORDING = re.compile(r"\baccording to\s+(?:[\w.-]+\s+){0,4}$", re.IGNORECASE)
# 'X said', 'X, a professor at Y, told', 'X, the father of Y, one of the girls, said', 'X, told'.
_CUE_AFTER = re.compile(
    r"(?:\s*,(?:[^,.]{1,90},){1,2})?\s+"
    r"(?:\w+ly\s+|also\s+|has\s+|had\s+|later\s+|then\s+|further\s+)?(?P<cue>\w+)"
)
_CUE_AFTER_APPOSED = re.compile(r",\s+(?P<cue>\w+)")
# An attribution after its clause: '..., says economist Felipe Chapman', '," said Scott LaFoy'.
_CUE_BEFORE = re.compile(r"[,\"”’]\s*(?P<cue>[a-z]+)\s+(?:[\w.-]+\s+){0,3}\Z")
# Cues whose subject may follow them ('told CNN Abe was ...': Abe is no speaker).
_INVERTED_CUES = frozenset({
    "said", "says", "added", "adds", "wrote", "writes", "noted", "notes", "explained", "recalled",
})  # fmt: skip
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\n]|\Z)")  # after '..., says X': X ends the clause
# A person named as an object: 'a call with Donald Trump', 'told CNN's Atika Shubert'.
_OBJECT_BEFORE = re.compile(
    r"\b(?:with|(?<![Aa]ccording )to|at|about|against|than|told|asked|thanked|called|met)\s+"
    r"(?:[A-Z][\w-]*(?:'s|’s)\s+)?\Z"
)
# What follows a sentence's subject: a verb, maybe after an apposition ('X, a Y, said').
_SUBJECT_AFTER = re.compile(r"(?:,(?:[^,.;]{1,90},){1,2})?\s+(?P<word>[a-z]+)\b")
_NOT_VERBS = frozenset({
    "and", "or", "nor", "but", "who", "whose", "whom", "which", "that", "of", "in", "on", "at",
    "for", "to", "with", "from", "by", "as", "the", "a", "an", "s",
})  # fmt: skip
_ROLE_NOUNS = SPEAKER_HEADS | EITHER | FEMALE | MALE  # 'Brit tourist Kevin Harris'
_NOT_NOUNS = (
    _NOT_VERBS
    | CUES
    | DETERMINERS
    | PRONOUNS
    | wordlist("subject_verbs")
    | wordlist("head_stops")
    | wordlist("time_words")
    | wordlist("conjunctions")
    | wordlist("np_stop")
    | wordlist("not_in_np")
    | frozenset({
        "between", "among", "amid", "despite", "through", "without", "within", "toward",
        "towards", "across", "behind", "beyond", "like", "unlike", "upon", "around", "along",
        "where", "whether", "although", "unless", "until", "since", "once", "even", "just",
        "only", "still", "never", "always", "ever", "already", "there", "here", "perhaps",
        "maybe", "yet", "very", "much", "more", "less", "same", "own", "and", "but", "not",
    })
)  # fmt: skip
LOOKBACK = 60  # characters read before a mention for a cue or a preposition
SENTENCE_BACK = 160  # characters searched back for the start of a mention's sentence
LOOKAHEAD = 200  # characters read after a mention for an apposition and its verb


def _possessive(text: str, end: int) -> bool:
    """Tell whether the mention ending at end is a possessive ('Abe's government')."""
    return text[end : end + 2] in ("'s", "’s")


def speaks(text: str, start: int, end: int) -> bool:
    """Tell whether a mention speaks: 'Blinken said', 'X, a Y, told', 'says economist X'."""
    if _possessive(text, end):
        return False
    after = _CUE_AFTER.match(text, end, min(len(text), end + LOOKAHEAD))
    if after is not None and after.group("cue").lower() in CUES:
        return True
    # 'a local member of parliament, Eric Ciotti, told': a name in apposition, then its verb
    apposed = _CUE_AFTER_APPOSED.match(text, end) if text[start - 2 : start] == ", " else None
    if apposed is not None and apposed.group("cue").lower() in CUES:
        return True
    before = _CUE_BEFORE.search(text, max(0, start - LOOKBACK), start)
    if (
        before is not None
        and before.group("cue") in _INVERTED_CUES
        and _CLAUSE_END.match(text, end)
    ):
        return True
    return _ACCORDING.search(text, max(0, start - LOOKBACK), start) is not None


def is_object(text: str, start: int) -> bool:
    """Tell whether the mention at start is an object: 'with Donald Trump', 'told CNN's X'."""
    return _OBJECT_BEFORE.search(text, max(0, start - LOOKBACK), start) is not None


def opens_sentence(text: str, start: int, end: int) -> bool:
    """Tell whether a mention is the subject that opens its sentence.

    Titles may come before it ('Sen. Marco Rubio'), and so may a heading line or a bullet,
    or an opening phrase closed by a comma when a verb follows the mention ('Earlier in the
    day, Lai Mohammed, the minister of information, denied ...').
    """
    if _possessive(text, end):
        return False
    lead = text[sentence_start(text, start, max(0, start - SENTENCE_BACK)) : start]
    cut = max(lead.rfind("\n"), lead.rfind("•"))
    opened = cut >= 0 or _opens(text, start - len(lead))
    lead = lead[cut + 1 :]
    comma = lead.rfind(", ")
    if opened and comma >= 0 and _verb_follows(text, end):
        lead = lead[comma + 2 :]
    return opened and len(lead) < LOOKBACK and all(map(_title_word, lead.split()))


def _title_word(word: str) -> bool:
    """Tell whether a word may stand before a name as its title ('Sen.', 'Brit tourist').

    Also a lowercase word that reads as a noun ('Hollywood legend', 'Cubs shortstop'): no
    function word, pronoun, speech or common verb, nor a past form or participle.
    """
    if word[:1].isupper() or word in _ROLE_NOUNS:
        return True
    return (
        len(word) > 2
        and word.isalpha()
        and word.islower()
        and word not in _NOT_NOUNS
        and not word.endswith(("ed", "ing", "ly"))
    )


def _verb_follows(text: str, end: int) -> bool:
    """Tell whether a verb follows a mention, maybe after an apposition ('X, a Y, denied')."""
    after = _SUBJECT_AFTER.match(text, end, min(len(text), end + LOOKAHEAD))
    return after is not None and after.group("word") not in _NOT_VERBS


def _opens(text: str, pos: int) -> bool:
    """Tell whether pos starts a sentence: the text before it ends one (or a paragraph)."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t\xa0\"“”'‘’")
    return not before or before[-1] in ".!?\n:"
