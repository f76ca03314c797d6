"""Direct quotes and their speakers.

Quoted passages are found from their marks (quote_marks.py), then each is attributed from the frame
next to it (quote_frames.py): after it for '"...," he added', before it for 'X said: "..."', and
inside the sentence for partial quotes. Passages that share a frame ('"A," X said, "B."') or follow
an attributed passage in the same paragraph become one quote. Pronouns resolve to the nearest
fitting named person, preferring people seen as speakers or sentence subjects; titles are stripped
(US Secretary of State Antony Blinken -> Antony Blinken) and surnames expand to the full name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from storyline.analyze.entities import Mention, TextNames, find_mentions
from storyline.analyze.names import PERSON, clean_person, gazetteer, title_end, tokenize
from storyline.analyze.quote_frames import CUES, PRONOUNS, Frame, leading_frame, trailing_frame
from storyline.analyze.quote_marks import (
    QuotedSpan,
    find_quoted,
    paragraphs,
    sentence_start,
)
from storyline.analyze.quote_merge import StoryQuote, merge_quotes
from storyline.errors import UsageError

MAX_TEXT_CHARS = 1_000_000  # quotes are looked for in the first million characters only
MIN_WORDS = 1  # attributed one-word quotes ('"Quiet," he demanded') are kept
MIN_UNATTRIBUTED_WORDS = 6  # an unattributed passage must look like speech to be kept
PRONOUN_WINDOW = 3000  # characters searched back for the person a pronoun refers to
_OPEN_END = ",?!—–-…:;"
_SHORT_REST = re.compile(r"[^\"“”.!?]{0,40}[.!?]")
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")
_CUE_AFTER = re.compile(
    r"^(?:\s*,[^,.]{1,60},)?\s+(?:\w+ly\s+|also\s+|has\s+|had\s+|later\s+|then\s+|further\s+)?"
    r"(?P<cue>\w+)"
)


@dataclass(frozen=True)
class Quote:
    """A direct quote in one text with its speaker (None when unknown) and offsets."""

    text: str
    speaker: str | None  # canonical name, or the describing phrase ("a White House spokesman")
    speaker_span: tuple[int, int] | None  # the mention next to the cue (may be a pronoun)
    quote_span: tuple[int, int]  # from the first to the last quotation mark
    cue: str | None  # said, added, told, according to, ...
    parts: tuple[tuple[int, int], ...] = ()  # the quoted pieces, marks excluded


@dataclass
class _Group:
    """Quoted passages that share one attribution."""

    spans: list[QuotedSpan]
    frame: Frame | None
    para: int


def _para_index(paras: Sequence[tuple[int, int]], pos: int) -> int:
    """Return the index of the paragraph that contains pos."""
    # the last paragraph starting at or before pos (the first when pos is before them all);
    # a bisection, not a walk from the first paragraph for every quote (quadratic)
    return max(0, bisect_right(paras, pos, key=lambda para: para[0]) - 1) if paras else -1


def _attribute(
    text: str, spans: Sequence[QuotedSpan], k: int, paras: Sequence[tuple[int, int]]
) -> Frame | None:
    """Find the frame that attributes spans[k]: after it, before it, or around it."""
    q = spans[k]
    para = paras[_para_index(paras, q.start)]
    end = paras[_para_index(paras, q.end - 1)][1]  # a multi-paragraph quote ends in a later one
    nxt = spans[k + 1].start if k + 1 < len(spans) and spans[k + 1].start < end else end
    prev_end = spans[k - 1].end if k > 0 and spans[k - 1].end > para[0] else para[0]
    # The sentence goes on after the quote when it ends in ',' inside or just outside the mark.
    last = text[q.parts[-1][1] - 1] if q.parts else "."
    goes_on = last in _OPEN_END or text[q.end : q.end + 1] in (",", "—", "–")
    trailing = None if q.close_missing else trailing_frame(text, q.end, nxt)
    floor = max(sentence_start(text, q.start, para[0]), prev_end)
    leading = None if q.open_missing or floor >= q.start else leading_frame(text, floor, q.start)
    if goes_on and trailing is not None:
        return trailing
    if leading is not None and leading.kind == "leading":
        return leading
    if trailing is not None and _SHORT_REST.match(text, trailing.end, nxt):
        return trailing  # '"...." Blinken said.' with little more in that sentence
    return leading


def _lead_in(text: str, paras: Sequence[tuple[int, int]], q: QuotedSpan, p: int) -> Frame | None:
    """Attribute a quote that opens a paragraph from a previous paragraph ending in 'X said:'."""
    # a paragraph's span ends at its last non-space character (no copy of the text before it)
    if p == 0 or q.start != paras[p][0] or text[paras[p - 1][1] - 1] != ":":
        return None
    start, end = paras[p - 1]
    return leading_frame(text, sentence_start(text, end - 1, start), end)


def _continues(
    prev: _Group, frame: Frame | None, q: QuotedSpan, paras: Sequence[tuple[int, int]], p: int
) -> bool:
    """Tell whether passage q carries on the attributed quote before it.

    True for '"A," X said, "B."' (same frame), a second passage of the same paragraph, and a
    paragraph that is only a quote right after a paragraph that ended with an attributed quote.
    """
    assert prev.frame is not None
    if frame is not None:
        return (frame.np_start, frame.np_end) == (prev.frame.np_start, prev.frame.np_end)
    if prev.para == p:
        return True
    return prev.para == p - 1 and q.start == paras[p][0] and q.end >= paras[p][1] - 1


def _group(text: str, spans: Sequence[QuotedSpan]) -> list[_Group]:
    """Attribute every passage and merge the passages that belong to one quote."""
    paras = paragraphs(text)
    groups: list[_Group] = []
    for k, q in enumerate(spans):
        p = _para_index(paras, q.start)
        frame = _attribute(text, spans, k, paras) or _lead_in(text, paras, q, p)
        prev = groups[-1] if groups else None
        if prev is not None and prev.frame is not None and _continues(prev, frame, q, paras, p):
            prev.spans.append(q)
            prev.para = _para_index(paras, q.end - 1)
            continue
        groups.append(_Group([q], frame, _para_index(paras, q.end - 1)))
    return groups


class _Speakers:
    """Turn a frame's noun phrase into a canonical speaker name."""

    def __init__(self, text: str, scan: TextNames | None = None) -> None:
        self.text = text
        self._scan = scan
        self.spoke: set[int] = set()  # starts of mentions already seen as speakers

    @cached_property
    def mentions(self) -> list[Mention]:
        """Return the text's mentions (found on first need: many texts quote no one)."""
        return find_mentions(self.text, self._scan)

    @cached_property
    def persons(self) -> list[Mention]:
        """Return the text's person mentions."""
        return [m for m in self.mentions if m.type == PERSON]

    def name(self, start: int, end: int) -> str | None:
        """Return the speaker named by text[start:end], resolving pronouns."""
        phrase = " ".join(self.text[start:end].split())
        if phrase.lower() in PRONOUNS:
            return self._pronoun(phrase.lower(), start)
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        if inside and inside[-1].end >= end - 1:
            self.spoke.add(inside[-1].start)
            return inside[-1].name
        words = [t.text for t in tokenize(self.text, start, end)]
        if words and words[-1][0].isupper():
            return clean_person(words[title_end(words) :]) or phrase
        return phrase

    def _pronoun(self, pronoun: str, pos: int) -> str | None:
        """Return the nearest fitting named person before pos (he/she only)."""
        gender = {"he": "m", "she": "f"}.get(pronoun)
        if gender is None:
            return None
        fallback: str | None = None
        for m in reversed(self.persons):
            if m.end > pos:
                continue
            if m.end < pos - PRONOUN_WINDOW:
                break
            if not self._fits(m, gender):
                continue
            if m.start in self.spoke or self._subject(m):
                return m.name
            fallback = fallback or m.name
        return fallback

    def _fits(self, m: Mention, gender: str) -> bool:
        """Tell whether a person mention can be referred to by a pronoun of this gender."""
        honorific = _HONORIFIC.search(self.text, max(0, m.start - 6), m.start)
        if honorific:
            return (honorific.group(1) == "Mr") == (gender == "m")
        return gazetteer().gender(m.name.split()[0]) in (gender, "u")

    def _subject(self, m: Mention) -> bool:
        """Tell whether a mention is a sentence subject or a speaker ('Blinken said', 'Xi told')."""
        if self.text[m.end : m.end + 2] in ("'s", "’s"):
            return False
        after = _CUE_AFTER.match(self.text, m.end, min(len(self.text), m.end + 90))
        return after is not None and after.group("cue").lower() in CUES


def _quote_text(text: str, parts: Sequence[tuple[int, int]]) -> str:
    """Join the quoted pieces into one normalised string."""
    pieces = [" ".join(text[a:b].split()).strip(" ,;:—–-") for a, b in parts]
    return " ".join(p for p in pieces if p)


def extract_quotes(
    text: str, *, keep_unattributed: bool = False, names: TextNames | None = None
) -> list[Quote]:
    """Return the direct quotes of a text with their speakers, in text order.

    Passages with no attribution frame are left out unless keep_unattributed is set; then those
    of at least MIN_UNATTRIBUTED_WORDS words are kept with speaker None. names, the text's
    scan_names, spares scanning it again (it is ignored unless made from this text).
    """
    if not isinstance(text, str):
        raise UsageError(f"extract_quotes needs a str, got {type(text).__name__}")
    text = text[:MAX_TEXT_CHARS]
    speakers = _Speakers(text, names)
    quotes: list[Quote] = []
    for group in _group(text, find_quoted(text)):
        parts = tuple(p for q in group.spans for p in q.parts)
        body = _quote_text(text, parts)
        n_words = len(body.split())
        frame = group.frame
        if frame is None:
            if keep_unattributed and n_words >= MIN_UNATTRIBUTED_WORDS:
                span = (group.spans[0].start, group.spans[-1].end)
                quotes.append(Quote(body, None, None, span, None, parts))
            continue
        if n_words < MIN_WORDS:
            continue
        speaker = speakers.name(frame.np_start, frame.np_end)
        quotes.append(
            Quote(
                body,
                speaker,
                (frame.np_start, frame.np_end),
                (group.spans[0].start, group.spans[-1].end),
                frame.cue,
                parts,
            )
        )
    return quotes


__all__ = ["Quote", "StoryQuote", "extract_quotes", "merge_quotes"]
