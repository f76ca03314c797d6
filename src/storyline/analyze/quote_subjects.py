"""Frame a quote that no cue verb introduces by the subject of its clause.

'Bush referred to Rubio as "a bright, charismatic leader"', 'Ryan's campaign shrugged off the
comments, telling reporters, "..."', '"...," Trump assured Jones': the quote's sentence names who
speaks without a listed cue. The frames found here are tried only after quote_frames.py's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.analyze.names import STOP_CAPS, Token, wordlist
from storyline.analyze.quote_frames import (
    CONJUNCTIONS,
    CUES,
    DETERMINERS,
    MAX_NP_WORDS,
    NOT_IN_NP,
    NP_STOP,
    PRONOUNS,
    SKIPPABLE,
    SPEAKER_HEADS,
    Frame,
    frame_words,
    gap,
    opening_subject,
    sentence_subject,
)

MAX_CLAUSE_TOKENS = 60  # a sentence's clauses are looked for a subject this far
_CLAUSE_OPENERS = CONJUNCTIONS | {"where", "which", "with", "after", "before", "since", "until"}
_VERBS = wordlist("subject_verbs")  # verbs without an -ed or -s ending ('was', 'told')
_NP_TAILS = wordlist("np_tails")  # the subject's phrase goes on: 'A group of', 'X herself'
_NUMBER_WORDS = wordlist("number_words")


def subject_frame(text: str, floor: int, quote_start: int) -> Frame | None:
    """Attribute a quote to the subject of its clause when no cue frames it.

    'Bush referred to Rubio as "a bright, charismatic leader"' / 'X echoed: "...': the subject
    (a pronoun, a capitalised name, a described head noun or a possessive phrase) nearest the
    quote that opens a clause (the sentence, or after a comma or 'where', 'as', 'with' ...) and
    is followed by a verb. A subject followed by no clear verb is 'unsure'; quotes.py keeps a
    subject-framed quote only when the subject resolves to a speaker (an unsure one to a person).
    """
    toks = frame_words(text, floor, quote_start)
    if len(toks) < 2:
        return None
    starts = [
        k
        for k in range(1, min(len(toks), MAX_CLAUSE_TOKENS))
        if re.search(r"[,;:—–]", gap(text, toks[k - 1], toks[k]))
        or toks[k - 1].text.lower() in _CLAUSE_OPENERS
    ]
    first = _clause_subject(text, toks, floor)
    after = [t for t in toks if first is not None and t.start >= first[1]]
    for k in reversed(starts):  # the subject of the clause nearest the quote speaks
        span = _clause_subject(text, toks[k:], None)
        rest = [t for t in toks[k:] if span is not None and t.start >= span[1]]
        verb = _verb_after(rest) if span is not None else ""
        # 'with Trump yelling' has a subject; ', Hillary Clinton, saying' is an appositive
        opened = toks[k - 1].text.lower() in _CLAUSE_OPENERS
        verbal = _verb_like(verb) or (opened and verb.endswith("ing") and verb.islower())
        if span and verbal and (opened or not verb.endswith("ing")) and _subject_like(text, span):
            return Frame(span[0], span[1], verb, quote_start, "subject")
    verb = _verb_after(after)
    if first and _verb_like(verb) and _subject_like(text, first):
        return Frame(first[0], first[1], verb, quote_start, "subject")
    if first is None or not after or not after[0].text.islower():
        return None
    # 'American tourist Matthew Galat woken ...': a quote, but no clear speaker
    sure = _modifier(after[0].text) and _subject_like(text, first)
    return Frame(first[0], first[1], after[0].text, quote_start, "subject" if sure else "unsure")


def _verb_after(rest: Sequence[Token]) -> str:
    """Return the first word after a subject that is not an adverb ('Trump reportedly yelling')."""
    for tok in rest[:3]:
        word = tok.text
        if not (word in SKIPPABLE and word not in _VERBS) and not word.endswith("ly"):
            return word
    return ""


def _subject_like(text: str, span: tuple[int, int]) -> bool:
    """Tell whether a subject can speak: not 'Filling in', 'Typically', 'Thirteen', 'Colo.'."""
    words = text[span[0] : span[1]].split()
    if len(words) > 1 and words[0].lower() in DETERMINERS:  # 'The Washington Post', 'A group'
        words = words[1:]
    first = words[0]
    if first in STOP_CAPS or first.lower() in _NUMBER_WORDS or first[0].isdigit():
        return False
    if len(words) == 1 and first[0].isupper() and first.endswith(("ing", "ly", "ed")):
        return False  # 'Acquired by the Cardinals, ...': a participle opens the sentence
    if any(_verb_like(w) for w in words[1:] if w.islower()):
        return False  # 'The German paper obtained further documents': a clause, not a subject
    return text[span[1] : span[1] + 1] != "."  # 'Aspen, Colo., the ...': an abbreviation


def _clause_subject(text: str, toks: Sequence[Token], floor: int | None) -> tuple[int, int] | None:
    """Return the subject opening a clause ('Sen. Bernie Sanders (I-Vt.) called ...').

    The sentence's first clause may open with an aside or a dateline (floor given); a later
    clause (after a comma) must start with its subject.
    """
    owner = _possessive_name(text, toks)
    if owner is not None:  # "Paul Ryan's campaign shrugged off ..."
        span = _possessive_subject(text, toks[owner:])
        return None if span is None else (toks[0].start, span[1])
    if floor is not None:
        return sentence_subject(text, toks, floor)
    first = toks[0].text if toks else ""
    if not first or first in STOP_CAPS or first.lower() in NOT_IN_NP:
        return None
    if not (first[0].isupper() or first.lower() in PRONOUNS or first.lower() in DETERMINERS):
        return None
    return opening_subject(text, toks, aside=False)


def _possessive_name(text: str, toks: Sequence[Token]) -> int | None:
    """Return the index of the possessive that ends a clause's opening name ("Paul Ryan's")."""
    if not toks or toks[0].text in STOP_CAPS:
        return None
    for j in range(min(len(toks), MAX_NP_WORDS)):
        if not toks[j].is_cap or (j and gap(text, toks[j - 1], toks[j]).strip()):
            return None
        if toks[j].possessive:
            return j
    return None


def _possessive_subject(text: str, toks: Sequence[Token]) -> tuple[int, int] | None:
    """Return "Hoff's letter" of "Hoff's letter makes ...": up to the last head noun near it."""
    end = None
    for j in range(1, min(len(toks), 4)):
        if gap(text, toks[j - 1], toks[j]).strip() or not toks[j].text.islower():
            break
        if toks[j].text in SPEAKER_HEADS or end is None:
            end = j
    return None if end is None or end + 1 >= len(toks) else (toks[0].start, toks[end].end)


def _verb_like(word: str) -> bool:
    """Tell whether the word after a subject reads as its verb ('referred', 'seeks', 'has').

    A lowercase noun ('American tourist', 'Tesla founder') continues a name, never a verb.
    """
    if not word.islower() or word in NP_STOP or word in CONJUNCTIONS or word in DETERMINERS:
        return False
    if word in CUES or word in _VERBS or word.endswith("ed"):
        return True
    if word[:-1] in SPEAKER_HEADS:  # 'Chinese journalists were ordered': a plural noun
        return False
    return word.endswith("s") and not word.endswith(("ss", "ous", "us", "is"))


def _modifier(word: str) -> bool:
    """Tell whether the word after a subject comes before its verb ('X, who ...', 'X also')."""
    return (
        word in NP_STOP
        or word in SKIPPABLE
        or word in _NP_TAILS
        or (word.endswith("ly") and word.islower())
    )


def verb_frame(text: str, start: int, limit: int) -> Frame | None:
    """Match '," Trump assured Jones' after a quote: a speaker then a past or present verb.

    Only for a quote whose sentence goes on (it ends in ',', '?' or '!'): the verb need not be a
    listed cue ('retaliated', 'pressed'), but it must follow the speaker at once.
    """
    toks = frame_words(text, start, limit)[: MAX_NP_WORDS + 2]
    if not toks or text[start : toks[0].start].strip(" \xa0,—–-"):
        return None
    first = toks[0].text
    if first.islower() and first.endswith("ed") and len(toks) > 1 and toks[1].is_cap:
        span = opening_subject(text, toks[1:], aside=False)  # '," remembered Roy Verley, ...'
        if span is not None and span[0] == toks[1].start:
            return Frame(span[0], span[1], first, span[1], "verb")
    span = opening_subject(text, toks, aside=False)
    if span is None or span[0] != toks[0].start:
        return None
    rest = [t for t in toks if t.start >= span[1]]
    verb = rest[0].text if rest else ""
    if not verb.islower() or not verb.endswith(("ed", "s")) or verb.endswith("ss"):
        return None
    if gap(text, start, rest[0]).count(",") > 1:
        return None
    return Frame(span[0], span[1], verb, rest[0].end, "verb")
