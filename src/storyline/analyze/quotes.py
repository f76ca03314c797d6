"""Direct quotes and their speakers.

Quoted passages are found from their marks (quote_marks.py), then each is attributed from the frame
next to it (quote_frames.py): after it for '"...," he added', before it for 'X said: "..."', inside
the sentence for partial quotes, after the rest of the sentence ('"..." that X can win, said Y'),
from roundup labels ('David Frum, The Atlantic: "..."'); failing these, from the subject of its
clause ('Bush referred to Rubio as "a bright leader"', quote_subjects.py), of the sentence or
paragraph before it, or from a signature line under it ('- Sen. Bernie Sanders.'). Passages that
share a frame ('"A," X said, "B."') or follow an attributed passage in the same paragraph become
one quote. The frame's noun phrase becomes a speaker in quote_speakers.py: a name (title stripped,
surname expanded), a pronoun resolved to a named person or an institution, or a role/institution
description; anything else leaves the speaker None (a quote framed by a subject alone is then
left out).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.analyze.entities import TextNames
from storyline.analyze.names import CONNECTORS
from storyline.analyze.quote_frames import CORE_CUES, Frame, leading_frame, trailing_frame
from storyline.analyze.quote_marks import (
    MARKS,
    QuotedSpan,
    find_quoted,
    paragraphs,
    sentence_end,
    sentence_start,
)
from storyline.analyze.quote_merge import StoryQuote, full_names, merge_quotes
from storyline.analyze.quote_speakers import Speaker, Speakers
from storyline.analyze.quote_subjects import subject_frame, verb_frame
from storyline.errors import UsageError

_TITLE_SMALL = CONNECTORS | {"a", "an", "to", "in", "on", "at", "by", "with", "from", "or"}
MAX_SIGNATURE_CHARS = 120  # '- Name, Place.' under a quote is a signature, not a paragraph
MAX_TEXT_CHARS = 1_000_000  # quotes are looked for in the first million characters only
MIN_WORDS = 1  # attributed one-word quotes ('"Quiet," he demanded') are kept
MIN_UNATTRIBUTED_WORDS = 6  # an unattributed passage must look like speech to be kept
MIN_SUBJECT_WORDS = 3  # a quote framed by its sentence's subject alone (no cue) is this long
LATE_FRAME_CHARS = 300  # how far after a quote a frame is looked for in the same sentence
LATE_FRAME_COMMAS = 6
_COMMA = re.compile(",")
_OPEN_END = ",?!—–-…:;"
_INNER_CLOSE = "'’ \xa0"  # a single quote closing inside the double one
_SHORT_REST = re.compile(r"[^\"“”.!?]{0,40}[.!?]")


@dataclass(frozen=True)
class Quote:
    """A direct quote in one text with its speaker (None when unknown) and offsets."""

    text: str
    speaker: str | None  # a name, or a role/institution phrase ("a White House spokesman")
    speaker_span: tuple[int, int] | None  # the phrase next to the cue (may be a pronoun)
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
    last = _last_mark(text, q.parts[-1]) if q.parts else "."
    goes_on = last in _OPEN_END or text[q.end : q.end + 1] in (",", "—", "–")
    trailing = None if q.close_missing else trailing_frame(text, q.end, nxt)
    floor = max(sentence_start(text, q.start, para[0]), prev_end)
    leading = None if q.open_missing or floor >= q.start else leading_frame(text, floor, q.start)
    if goes_on and trailing is None and not q.close_missing:
        trailing = verb_frame(text, q.end, nxt)
    if goes_on and trailing is not None:
        return trailing
    if leading is not None and leading.kind == "leading":
        return leading
    if trailing is not None and _SHORT_REST.match(text, trailing.end, nxt):
        return trailing  # '"...." Blinken said.' with little more in that sentence
    if leading is None and trailing is None and not q.close_missing:
        return _late_frame(text, q.end, nxt)
    return leading


def _last_mark(text: str, part: tuple[int, int]) -> str:
    """Return the last character of a quoted part, past an inner quote's close ('...,\' "')."""
    end = part[1] - 1
    while end > part[0] and text[end] in _INNER_CLOSE and end > part[1] - 4:
        end -= 1
    return text[end]


def _late_frame(text: str, start: int, limit: int) -> Frame | None:
    """Attribute a quote whose sentence goes on: '"..." that Sanders can catch her, said X.'

    The frame is looked for after each comma of the rest of the sentence (a few, in a bounded
    stretch); only a speech verb (said, told, added, wrote) counts this far from the quote.
    """
    stop = sentence_end(text, start, min(limit, start + LATE_FRAME_CHARS))
    commas = [m.start() for m in _COMMA.finditer(text, start, stop)][:LATE_FRAME_COMMAS]
    for comma in commas:
        frame = trailing_frame(text, comma + 1, stop)
        if frame is not None and frame.cue.lower() in CORE_CUES:
            return frame
    return None


def _lead_in(text: str, paras: Sequence[tuple[int, int]], q: QuotedSpan, p: int) -> Frame | None:
    """Attribute a quote that opens a paragraph from a previous paragraph ending in 'X said:'."""
    # a paragraph's span ends at its last non-space character (no copy of the text before it)
    if p == 0 or q.start != paras[p][0] or text[paras[p - 1][1] - 1] != ":":
        return None
    start, end = paras[p - 1]
    floor = sentence_start(text, end - 1, start)
    return leading_frame(text, floor, end) or subject_frame(text, floor, end)


def _after_paragraph(
    text: str, paras: Sequence[tuple[int, int]], q: QuotedSpan, p: int
) -> Frame | None:
    """Attribute a paragraph that is only a quote to the subject of the paragraph before it.

    'Howard continued his scathing remarks.' then '"Eight years ago ..."': the previous
    paragraph must hold no quotation mark of its own (else its quote's speaker is meant).
    """
    if p == 0 or q.start != paras[p][0] or q.end < paras[p][1] - 1 or q.open_missing:
        return None
    start, end = paras[p - 1]
    # a headline (no closing punctuation) or a paragraph with a quote of its own speaks not
    if text[end - 1] not in ".!?:" or MARKS.search(text, start, end) is not None:
        return None
    return subject_frame(text, sentence_start(text, end - 1, start), end)


def _signature(text: str, paras: Sequence[tuple[int, int]], q: QuotedSpan) -> Frame | None:
    """Attribute a quote paragraph to a signature line after it ('- Sen. Bernie Sanders.')."""
    p = _para_index(paras, q.end - 1)
    if p + 1 >= len(paras) or q.end < paras[p][1] - 1 or q.close_missing:
        return None
    start, end = paras[p + 1]
    if text[start] not in "-—–~" or end - start > MAX_SIGNATURE_CHARS:
        return None
    np_start = start + 1
    while np_start < end and text[np_start] in " \xa0":
        np_start += 1
    np_end = np_start
    while np_end < end and text[np_end] not in ",;(":
        np_end += 1
    while np_end > np_start and text[np_end - 1] in ". ":  # 'Sen. Bernie Sanders.'
        np_end -= 1
    if np_end == np_start or not text[np_start].isupper():
        return None
    return Frame(np_start, np_end, "—", end, "trailing")


def _speech_like(body: str) -> bool:
    """Tell whether an unframed passage may be speech: long enough and not a Title Case name."""
    return len(body.split()) >= MIN_SUBJECT_WORDS and not _title_case(body)


def _title_case(body: str) -> bool:
    """Tell whether a passage is a title ('Aaron Klein Investigative Radio', 'Morning Joe')."""
    words = [w for w in body.split() if w[0].isalpha()]
    return bool(words) and all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in words)


def _subject_fallback(
    text: str, paras: Sequence[tuple[int, int]], q: QuotedSpan, before: QuotedSpan | None
) -> Frame | None:
    """Attribute a quote inside a sentence that no cue frames to that sentence's subject.

    A subject inside the quote before it (`before`) is that speaker's own words, no speaker
    ('"We're excited," comments X, "as ..."').
    """
    if q.open_missing or not _speech_like(_quote_text(text, q.parts)):
        return None
    para_start = paras[_para_index(paras, q.start)][0]
    floor = sentence_start(text, q.start, para_start)
    if floor < q.start:
        frame = subject_frame(text, floor, q.start)
        if frame is not None and before is not None and before.start <= frame.np_start < before.end:
            return None
        return frame
    if floor <= para_start:
        return None
    # 'Iowa's Dianne Bystrom agreed. "Mainstream ...': the sentence before names the speaker
    last = floor - 1  # back over the spaces to the previous sentence's closing mark
    while last > para_start and text[last].isspace():
        last -= 1
    return subject_frame(text, sentence_start(text, last, para_start), floor)


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
        frame = (
            frame
            or _subject_fallback(text, paras, q, spans[k - 1] if k else None)
            or _after_paragraph(text, paras, q, p)
            or _signature(text, paras, q)
        )
        groups.append(_Group([q], frame, _para_index(paras, q.end - 1)))
    return groups


def _quote_text(text: str, parts: Sequence[tuple[int, int]]) -> str:
    """Join the quoted pieces into one normalised string."""
    pieces = [" ".join(text[a:b].split()).strip(" ,;:—–-") for a, b in parts]
    return " ".join(p for p in pieces if p)


def _speaker(speakers: Speakers, frame: Frame | None, body: str) -> Speaker | None:
    """Return the speaker a frame gives a quote; None when the quote is to be left out.

    A quote framed only by its clause's subject needs that subject to name someone (an
    'unsure' subject, followed by no clear verb, a person); an embedded title is no quote.
    """
    if frame is None or len(body.split()) < MIN_WORDS:
        return None
    if frame.kind in ("embedded", "verb") and _title_case(body):
        return None
    speaker = speakers.resolve(frame.np_start, frame.np_end)
    if frame.kind == "unsure" and not speakers.is_person(speaker.name):
        return None  # 'American tourist Matthew Galat woken by ...': no clear speaker
    if frame.kind in ("subject", "unsure") and speaker.name is None:
        return None
    return speaker


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
    spans = find_quoted(text)
    speakers = Speakers(text, names, quoted=[(q.start, q.end) for q in spans])
    quotes: list[Quote] = []
    for group in _group(text, spans):
        parts = tuple(p for q in group.spans for p in q.parts)
        body = _quote_text(text, parts)
        span = (group.spans[0].start, group.spans[-1].end)
        speaker = _speaker(speakers, group.frame, body)
        if group.frame is None or speaker is None:
            if keep_unattributed and len(body.split()) >= MIN_UNATTRIBUTED_WORDS:
                quotes.append(Quote(body, None, None, span, None, parts))
            continue
        quotes.append(Quote(body, speaker.name, speaker.span, span, group.frame.cue, parts))
    return quotes


__all__ = ["Quote", "StoryQuote", "extract_quotes", "full_names", "merge_quotes"]
