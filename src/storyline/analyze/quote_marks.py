"""Find quoted passages in text: straight and curly marks, multi-paragraph and unbalanced quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from storyline.analyze.names import ABBREVIATIONS

OPENING = "“„«‟"
CLOSING = "”»"
STRAIGHT = '"'
MARKS = re.compile(r'["“”„«»‟]')  # every quotation mark a quote may open or close with
_LEFT = " \t\n\r\xa0([{—–-/"
_RIGHT = " \t\n\r\xa0.,;:!?)]}—–-/…"
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|$)")
_DOTTED = re.compile(r"(?:[A-Z]\.)+[A-Z]")
_LOWER_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORD_BEFORE = re.compile(r"(?<![^\W_])([A-Za-z.]+)$")  # a whole word: "1990s." is no "s."
_MARK_RUN = ".!?…\"”’')]"
MAX_SENTENCE = 1000  # characters: a longer "sentence" is cut here when a quote's is looked for


@dataclass(frozen=True)
class QuotedSpan:
    """One quoted passage: outer span (marks included) and the quoted text of each paragraph."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]  # inner spans, one per paragraph, marks excluded
    open_missing: bool = False  # the opening mark was lost (scraped text)
    close_missing: bool = False  # the closing mark was lost


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the non-empty lines of text."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            spans.append((pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    """Tell whether the period at text[dot] ends an abbreviation (Mr., U.S., J.) not a sentence."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if m is None:
        return False
    word = m.group(1).rstrip(".")
    return word in ABBREVIATIONS or len(word) == 1 or _DOTTED.fullmatch(word) is not None


def sentence_end(text: str, pos: int, limit: int) -> int:
    """Return the end of the sentence that contains pos (at most limit, MAX_SENTENCE on)."""
    limit = min(limit, pos + MAX_SENTENCE)  # bounded: many quotes in one endless "sentence"
    for m in _SENTENCE_END.finditer(text, pos, limit):
        if m.group(0)[0] == "." and _is_abbreviation(text, m.start()):
            continue
        return m.end()
    return limit


def sentence_start(text: str, pos: int, floor: int) -> int:
    """Return the start of the sentence that contains pos (at least floor, MAX_SENTENCE back)."""
    # Look back in growing windows rather than forward from the floor: a paragraph with
    # thousands of quotes would otherwise be read again for each of them (quadratic).
    width, start = 64, None
    while start is None:
        low = max(floor, pos - width, pos - MAX_SENTENCE)
        start = _last_sentence_end(text, low, pos, exact=low == floor)
        if low in (floor, pos - MAX_SENTENCE):
            start = low if start is None else start
        width *= 4
    while start < pos and text[start].isspace():
        start += 1
    return start


def _last_sentence_end(text: str, low: int, pos: int, *, exact: bool) -> int | None:
    """Return the end of the last sentence ending in text[low:pos], None when there is none.

    Unless exact, a match at low may be the tail of a run of marks that began before it (its
    first mark decides about abbreviations): that one is not trusted.
    """
    found = None
    for m in _SENTENCE_END.finditer(text, low, pos):
        if m.group(0)[0] == "." and _is_abbreviation(text, m.start()):
            continue
        if m.start() == low and not exact and text[low - 1] in _MARK_RUN:
            continue
        found = m.end()
    return found


def _direction(text: str, pos: int, is_open: bool) -> bool | None:
    """Decide whether the mark at pos opens (True) or closes (False); None when unsure."""
    mark = text[pos]
    left = pos == 0 or text[pos - 1] in _LEFT
    right = pos + 1 >= len(text) or text[pos + 1] in _RIGHT
    if left and not right:
        return True
    if right and not left:
        return False
    if mark in OPENING:
        return True
    if mark in CLOSING:
        return False
    return not is_open  # a straight mark toggles


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _Scanner:
    """Pair quotation marks paragraph by paragraph."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[QuotedSpan] = []
        self.open_at: int | None = None
        self.parts: list[tuple[int, int]] = []
        self.part_start = 0
        self.para = (0, 0)

    def _emit(self, end: int, inner_end: int, *, close_missing: bool) -> None:
        """Record the open quote as ending at end (inner text up to inner_end)."""
        assert self.open_at is not None
        parts = [*self.parts, trim_span(self.text, self.part_start, inner_end)]
        parts = [p for p in parts if p[1] > p[0]]
        if parts:
            self.found.append(
                QuotedSpan(self.open_at, end, tuple(parts), close_missing=close_missing)
            )
        self.open_at, self.parts = None, []

    def _close_unclosed(self, limit: int | None = None) -> None:
        """End a quote whose closing mark is missing: at its paragraph's end or sentence's end."""
        assert self.open_at is not None
        stop = self.para[1] if limit is None else min(limit, self.para[1])
        if self.parts or self.open_at == self.para[0]:
            end = stop
        else:
            end = sentence_end(self.text, self.open_at + 1, stop)
        self._emit(end, end, close_missing=True)

    def _closing_without_opening(self, pos: int) -> None:
        """Start a quote whose opening mark is missing at the start of its sentence."""
        floor = max(self.para[0], self.found[-1].end if self.found else 0)
        start = sentence_start(self.text, pos, floor)
        inner = trim_span(self.text, start, pos)
        if inner[1] > inner[0]:
            self.found.append(QuotedSpan(start, pos + 1, (inner,), open_missing=True))

    def paragraph(self, start: int, end: int) -> None:
        """Pair the marks of one paragraph, continuing a quote left open by the previous one."""
        marks = [m.start() for m in MARKS.finditer(self.text, start, end)]
        if self.open_at is not None:
            if marks and marks[0] == start and _direction(self.text, start, False) is not False:
                self.parts.append(trim_span(self.text, self.part_start, self.para[1]))
                self.part_start = start + 1
                marks = marks[1:]
            else:
                self._close_unclosed()
        self.para = (start, end)
        for pos in marks:
            self._mark(pos)

    def _mark(self, pos: int) -> None:
        """Handle one quotation mark."""
        opens = _direction(self.text, pos, self.open_at is not None)
        if opens:
            if self.open_at is not None:
                self._close_unclosed(limit=pos)
            self.open_at, self.part_start = pos, pos + 1
        elif self.open_at is not None:
            self._emit(pos + 1, pos, close_missing=False)
        else:
            self._closing_without_opening(pos)

    def finish(self) -> list[QuotedSpan]:
        """Close whatever is still open and return the passages in text order."""
        if self.open_at is not None:
            self._close_unclosed()
        return self.found


def find_quoted(text: str) -> list[QuotedSpan]:
    """Return the quoted passages of text, in order, tolerating lost or misused marks."""
    scanner = _Scanner(text)
    for start, end in paragraphs(text):
        scanner.paragraph(start, end)
    return scanner.finish()


def joined_words(text: str) -> str:
    """Return the lowercase words of text joined by spaces (as iter_words yields them)."""
    return " ".join(_LOWER_WORD.findall(text.lower())).replace("’", "'")


def iter_words(text: str) -> Iterator[str]:
    """Yield the lowercase words of text (letters, digits and inner apostrophes)."""
    for word in _LOWER_WORD.findall(text.lower()):
        yield word.replace("’", "'")
