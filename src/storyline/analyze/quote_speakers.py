"""Turn the noun phrase of an attribution frame into a speaker users can trust.

A speaker is a name (a person, organisation or place mention, a title stripped), a pronoun
resolved to a named person, or a description headed by a person, role or institution noun ("a
White House spokesman", "the report", "the ministry", "police"). Anything else the frame reader
caught ("The", "the confusion over the source of the gunshots") is not a speaker: the quote keeps
speaker None. Time words and adverbs that cling to the phrase ("Garba Shehu today", "Mr. Trump
explicitly") are cut, and a phrase that ends in a pronoun ("In the video he") is that pronoun.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from storyline.analyze.entities import Mention, TextNames, find_mentions, scan_names
from storyline.analyze.names import (
    CONNECTORS,
    DAYS_MONTHS,
    ORG,
    PERSON,
    STOP_CAPS,
    Token,
    clean_person,
    gazetteer,
    title_end,
    tokenize,
    wordlist,
)
from storyline.analyze.quote_frames import (
    CUES,
    DETERMINERS,
    PRONOUNS,
    RELATIVES,
    SPEAKER_HEADS,
)
from storyline.analyze.quote_roles import is_object, opens_sentence, speaks
from storyline.analyze.quote_unnamed import unnamed_person

PRONOUN_WINDOW = 3000  # characters searched back for the person a pronoun refers to
SPOKE_REACH = 300  # a speaker this close, in the same paragraph, outranks a nearer subject
IT_WINDOW = 600  # characters searched back for the organisation or document "it" refers to
_INSTITUTIONS = wordlist("institution_heads")
_QUANTIFIERS = frozenset(
    {"one", "some", "most", "many", "several", "half", "all", "none", "each", "both", "few"}
)
_TIME_WORDS = wordlist("time_words")
_THING_DETERMINERS = frozenset({"the", "a", "an", "its", "their"})
# Words after which a description's head noun is over ("a source familiar with ...").
_HEAD_STOPS = wordlist("head_stops")
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")
# A photo or video credit: "Photograph: George Frey/Getty Images", "REUTERS/Ammar Awad",
# "(Photo: SpaceX via Florida Today)". The people it names took or supplied a picture.
_PICTURE_LABEL = r"\b(?:Photo(?:graph)?s?|Image|Picture|Video|Credit)\s*:"
_CREDIT_LABEL = re.compile(_PICTURE_LABEL + r"[^\n.!?]{0,60}\Z", re.IGNORECASE)
_CAPTION = re.compile(_PICTURE_LABEL, re.IGNORECASE)  # a caption's line holds such a label
CREDIT_LOOKBACK = 80
CAPTION_REACH = 300  # characters read on each side of a person for a caption's label
_INSIDE_CAPS = re.compile(r"[\w,;:’'\"”)\]—–-] ([A-Z][\w’'-]*(?: [A-Z][\w’'.-]*)*)")
_LEADING_PREPOSITIONS = frozenset({"with", "by", "from", "among", "amid"})
# The subject speaks through what it put out: "X issued a statement saying", "X posted a tweet".
_ISSUED = re.compile(
    r"\s+(?:issued|released|put out|posted|sent|published)\s+(?:a|an|the)\s+(?:\w+\s+)?"
    r"(?:statement|message|tweet|post|note|letter|video)\s*$"
)
_LETTERS = re.compile(r"[^\W\d_]+")
_CONTRACTIONS = frozenset({"d", "re", "ll", "ve", "m", "s"})


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: its name (None when not trustworthy) and the span it was read from."""

    name: str | None
    span: tuple[int, int] | None


class Speakers:
    """Resolve the frames' noun phrases of one text to speakers."""

    def __init__(
        self, text: str, scan: TextNames | None = None, *, quoted: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.text = text
        # Quoted spans, in text order: a person named inside a quote is rarely its speaker.
        self.quoted = list(quoted)
        self._quote_starts = [a for a, _ in self.quoted]
        self._scan = scan
        self.spoke: set[int] = set()  # starts of mentions already seen as speakers
        self.things: list[tuple[int, str]] = []  # (end, phrase) of institutions that spoke

    @cached_property
    def scan(self) -> TextNames:
        """Return the text's name scan (made on first need: many texts quote no one)."""
        given = self._scan
        return given if given is not None and given.text == self.text else scan_names(self.text)

    @cached_property
    def mentions(self) -> list[Mention]:
        """Return the text's mentions."""
        return find_mentions(self.text, self.scan)

    @cached_property
    def persons(self) -> list[Mention]:
        """Return the text's person mentions, those in photo credits aside."""
        return [m for m in self.mentions if m.type == PERSON and not self._credit(m)]

    def _credit(self, m: Mention) -> bool:
        """Tell whether a mention is part of a photo or video credit.

        A credit ends its line with names only ("George Frey/Getty Images", "REUTERS/Ammar
        Awad", "Photo: Charlie Riedel"); "Photo: President Joe Biden speaks ..." is a caption.
        """
        text = self.text
        line_end = text.find("\n", m.end, m.end + CREDIT_LOOKBACK)
        rest = text[m.end : line_end if line_end >= 0 else m.end + CREDIT_LOOKBACK]
        if not all(w[0].isupper() or w == "via" for w in _LETTERS.findall(rest)):
            return False
        if text[m.start - 1 : m.start] == "/" or rest.startswith("/"):
            return True
        return _CREDIT_LABEL.search(text, max(0, m.start - CREDIT_LOOKBACK), m.start) is not None

    def is_person(self, name: str | None) -> bool:
        """Tell whether name is a person the text mentions (outside photo credits)."""
        return name is not None and any(m.name == name for m in self.persons)

    @cached_property
    def vocab(self) -> frozenset[str]:
        """Return the words the text writes in lowercase (a capitalised one is then no name)."""
        return self.scan.vocab

    def resolve(self, start: int, end: int) -> Speaker:
        """Return the speaker that text[start:end] names, or Speaker(None, ...) for a fragment."""
        if self.text[start:end] in RELATIVES:  # 'Mike Lee, who declared'
            return Speaker(self._antecedent(start), (start, end))
        issued = _ISSUED.search(self.text, start, end)
        if issued is not None and issued.start() > start:
            end = issued.start()  # 'President Barack Obama issued a statement saying, "..."'
        toks = _trim(tokenize(self.text, start, end))
        if not toks:
            return Speaker(None, None)
        span = (toks[0].start, toks[-1].end)
        bare = _uncontracted(toks[-1].text.lower())  # "I'd need to", "We're excited"
        if bare in PRONOUNS:
            pronoun = toks[-1]
            return Speaker(self._pronoun(bare, pronoun.start), (pronoun.start, pronoun.end))
        head = _head(toks)
        # 'an official named Adrienne Day': a person at the end wins over the head noun.
        named = self._mention_at(*span, person=True) or self._mention_at(span[0], head[-1].end)
        if named is not None:
            return Speaker(named, span)
        words = [t.text for t in head]
        if "named" in (full := [t.text for t in toks])[:-1]:
            words = full  # 'an official named Adrienne Day': the name after the description
        if words[-1][0].isupper():
            name = _trailing_name(words)
            if name and self._name_like(name.split()):
                return Speaker(name, span)
        described = self._description(head, span)
        if described is not None:
            return described
        return self._fallback(toks, span)

    def _description(self, head: list[Token], span: tuple[int, int]) -> Speaker | None:
        """Return the description a person, role or institution noun heads, if there is one."""
        k = _head_noun(head)
        if k < 0:
            return None
        end = span[1] if k == len(head) - 1 else head[k].end  # keep 'for Microsoft' after it
        phrase = " ".join(self.text[span[0] : end].split())
        # 'The report said ...' then '"...," it said': remember institutions, not people.
        if head[0].text.lower() in _THING_DETERMINERS and head[k].text.lower() in _INSTITUTIONS:
            self.things.append((end, phrase))
        return Speaker(phrase, (span[0], end))

    def _fallback(self, toks: list[Token], span: tuple[int, int]) -> Speaker:
        """Read a phrase no head explained: a subject name before its verb, a family name alone."""
        # 'Obama punctuated his list by': the clause's subject is the speaker.
        lead = [m for m in self.mentions if m.start == span[0] and m.end < span[1]]
        if lead and self.text[lead[0].end : lead[0].end + 2].strip()[:1].islower():
            return Speaker(lead[0].name, (lead[0].start, lead[0].end))
        if len(toks) == 1 and toks[0].text[0].isupper():  # 'King said' after 'Rep. Steve King'
            family = [
                m for m in self.persons if m.end <= span[0] and m.name.split()[-1] == toks[0].text
            ]
            if family:
                return Speaker(family[-1].name, span)
        return Speaker(None, None)

    def _mention_at(self, start: int, end: int, *, person: bool = False) -> str | None:
        """Return the mention (a person's, if asked) that ends text[start:end], if any."""
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        if inside and inside[-1].end >= end - 1 and (not person or inside[-1].type == PERSON):
            self.spoke.add(inside[-1].start)
            return inside[-1].name
        return None

    def _name_like(self, words: list[str]) -> bool:
        """Tell whether capitalised words no mention explained still read as a name."""
        given = len(words) > 1 and words[0] in gazetteer().first_names  # 'Will Doyle'
        if (words[0] in STOP_CAPS or words[0] in DAYS_MONTHS) and not given:
            return False
        if not all(w[0].isupper() or w in CONNECTORS for w in words):
            return False
        if len(words) > 1:
            return True
        # One word: not one the text writes in lowercase, and capitalised somewhere other than
        # at a sentence's start ("Word of the seizure emerged ..." names no one).
        return words[0].lower() not in self.vocab and words[0] in self._named_inside

    @cached_property
    def _named_inside(self) -> frozenset[str]:
        """Return the capitalised words the text writes after a word in the same sentence."""
        return frozenset(w for m in _INSIDE_CAPS.finditer(self.text) for w in m.group(1).split())

    def _antecedent(self, pos: int) -> str | None:
        """Return the person or institution named right before ', who' at pos."""
        before = [m for m in self.mentions if m.end <= pos and pos - m.end <= 3]
        if before and self.text[before[-1].end : pos].strip() == ",":
            return before[-1].name
        return None

    def _pronoun(self, pronoun: str, pos: int) -> str | None:
        """Return whom he/she at pos refers to: the nearest fitting person, named or brought in.

        A person brought in unnamed after every fitting named one ("One man ... told CNN") is
        the one.
        """
        if pronoun == "it":
            return self._it(pos)
        gender = {"he": "m", "she": "f"}.get(pronoun)
        if gender is None:
            return None
        named, nearest = self._named(gender, pos)
        unnamed = unnamed_person(self.text, nearest, pos, gender)
        if unnamed is not None and not self._in_quote(unnamed[0]) and not self._caption(unnamed[0]):
            return unnamed[1]
        return named.name if named is not None else None

    def _caption(self, pos: int) -> bool:
        """Tell whether pos lies on a photo caption's line ('A fan reacts. Photo: J. Doe')."""
        text = self.text
        # Read near pos only: a text without line breaks is one line, read once per pronoun.
        low, high = max(0, pos - CAPTION_REACH), min(len(text), pos + CAPTION_REACH)
        start = text.rfind("\n", low, pos) + 1 or low
        end = text.find("\n", pos, high)
        return _CAPTION.search(text, start, end if end >= 0 else high) is not None

    def _named(self, gender: str, pos: int) -> tuple[Mention | None, int]:
        """Return the named person before pos a pronoun of this gender refers to, and where
        the nearest fitting named person ends (the window's start when there is none)."""
        fallback: Mention | None = None
        opener: Mention | None = None  # the nearest person who opens a sentence
        nearest = max(0, pos - PRONOUN_WINDOW)
        for m in reversed(self.persons):
            if m.end > pos:
                continue
            if m.end < pos - PRONOUN_WINDOW:
                break
            if not self._fits(m, gender) or self._in_quote(m.start):
                continue
            if is_object(self.text, m.start):  # an object brings no one in a pronoun refers to
                fallback = fallback or m
                continue
            nearest = max(nearest, m.end)
            if (m.start in self.spoke or self._speaks(m)) and (
                opener is None or self._near(m.end, pos)
            ):
                return m, nearest
            if opener is None and self._opens_sentence(m):
                opener = m
            fallback = fallback or m
        return opener or fallback, nearest

    def _near(self, end: int, pos: int) -> bool:
        """Tell whether a speaker ending at end is close to pos, in the same paragraph."""
        return end >= pos - SPOKE_REACH and "\n" not in self.text[end:pos]

    def _in_quote(self, pos: int) -> bool:
        """Tell whether pos lies inside a quoted passage."""
        k = bisect_right(self._quote_starts, pos) - 1
        return k >= 0 and pos < self.quoted[k][1]

    def _it(self, pos: int) -> str | None:
        """Return the organisation or document that "it" refers to: the nearest one before pos."""
        found = [(m.end, m.name) for m in self.mentions if m.type == ORG and m.end <= pos]
        found += [t for t in self.things if t[0] <= pos]
        found += _institutions(self.text, max(0, pos - IT_WINDOW), pos)
        near = [f for f in found if f[0] >= pos - IT_WINDOW]
        return max(near)[1] if near else None

    def _fits(self, m: Mention, gender: str) -> bool:
        """Tell whether a person mention can be referred to by a pronoun of this gender."""
        honorific = _HONORIFIC.search(self.text, max(0, m.start - 6), m.start)
        if honorific:
            return (honorific.group(1) == "Mr") == (gender == "m")
        return gazetteer().gender(m.name.split()[0]) in (gender, "u")

    def _speaks(self, m: Mention) -> bool:
        """Tell whether a mention speaks: 'Blinken said', 'Xi told', 'according to Kerry'."""
        return speaks(self.text, m.start, m.end)

    def _opens_sentence(self, m: Mention) -> bool:
        """Tell whether a mention is its sentence's subject, opening it maybe after a title."""
        return opens_sentence(self.text, m.start, m.end)


def _uncontracted(word: str) -> str:
    """Return a word without a contraction's tail ("we're" -> "we", "i’d" -> "i")."""
    base, mark, tail = word.replace("’", "'").partition("'")
    return base if mark and tail in _CONTRACTIONS else word


def _institutions(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Return (end, phrase) of 'the report', 'the ministry' ... written in text[start:end]."""
    toks = tokenize(text, start, end)
    found = []
    for i, tok in enumerate(toks):
        if tok.text.lower() in _INSTITUTIONS:
            for j in range(max(0, i - 3), i):
                if toks[j].text in ("the", "The") and not _gap_has_stop(
                    text, toks[j].end, tok.start
                ):
                    found.append((tok.end, " ".join(text[toks[j].start : tok.end].split())))
                    break
    return found


def _gap_has_stop(text: str, start: int, end: int) -> bool:
    """Tell whether punctuation separates two words (they are then no one phrase)."""
    return any(c in ",.;:!?()" for c in text[start:end])


def _trim(toks: list[Token]) -> list[Token]:
    """Cut a cue verb and what follows it, then trailing time words and -ly adverbs."""
    for i in range(1, len(toks)):
        if toks[i].text.lower() in CUES and toks[i].text[0].islower():
            toks = toks[:i]
            break
    while toks and _clinging(toks[-1].text):
        toks = toks[:-1]
    while toks and toks[-1].text.lower() in _HEAD_STOPS:
        toks = toks[:-1]
    if len(toks) > 1 and toks[0].text in _LEADING_PREPOSITIONS:  # 'with Facebook posts saying'
        toks = toks[1:]
    return toks


def _clinging(word: str) -> bool:
    """Tell whether a word at a phrase's end is a time word or an adverb, not part of a name."""
    lower = word.lower()
    if word in DAYS_MONTHS or lower in _TIME_WORDS:
        return True
    return word.islower() and lower.endswith("ly") and lower not in SPEAKER_HEADS


def _head(toks: list[Token]) -> list[Token]:
    """Return the phrase up to its first preposition ('A spokesman for X' -> 'A spokesman')."""
    start = 0
    if len(toks) > 2 and toks[0].text.lower() in _QUANTIFIERS and toks[1].text == "of":
        start = 2  # 'one of two witnesses': the head is after "of"
    for i in range(start + 1, len(toks)):
        if toks[i].text in _HEAD_STOPS:
            return toks[:i]
    return toks


def _trailing_name(words: list[str]) -> str:
    """Return the capitalised words that end a phrase, title and leading article stripped."""
    k = len(words)
    while k > 0 and (words[k - 1][0].isupper() or (words[k - 1] in CONNECTORS and k < len(words))):
        k -= 1
    tail = words[k:]
    if len(tail) > 1 and tail[0] in ("The", "A", "An"):
        tail = tail[1:]
    return clean_person(tail[title_end(tail) :])


def _head_noun(head: list[Token]) -> int:
    """Return the index of the noun that heads a description (-1 when none fits).

    'the retired neurosurgeon has provided' -> 2: after a determiner the last person, role or
    institution noun of the next five words; otherwise the phrase's last word.
    """
    if head[0].text.lower() in DETERMINERS:
        found = [j for j in range(1, min(len(head), 6)) if _is_head(head[j].text)]
        if found:
            return found[-1]
    return len(head) - 1 if _is_head(head[-1].text) else -1


def _is_head(word: str) -> bool:
    """Tell whether a word is a person, role or institution noun ('spokesman', '46-year-old')."""
    lower = word.lower()
    if lower.endswith("-year-old"):
        return True
    return lower in SPEAKER_HEADS or (lower.endswith("s") and lower[:-1] in SPEAKER_HEADS)
