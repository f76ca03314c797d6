"""Clean extracted article text: drop junk lines, keep a record of every removed span.

Precision first: removing reporting is worse than keeping a promo line, so a line goes only on
strong evidence. Lines are judged as whole units, by (1) the source's learned boilerplate, (2)
their shape (learned site chrome, link runs, reading labels, platform promos, repeats; see
shape.py) and (3) topic breaks (a trailing or glued block that shares neither words nor the
story's names with the article; see topic.py); a source's learned chrome tails ("Hide Caption
14 of 30") are then cut off the kept lines. Judging repeats on what is left until nothing more
goes, so cleaning a cleaned text removes nothing. The input is never modified: the result
carries the cleaned text and the removed spans as offsets into the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, partial

from storyline.clean.profile import SiteProfile
from storyline.clean.shape import Shape, judge_lines, reads_english, shape_of
from storyline.clean.tokens import WordCodes, name_candidates, words
from storyline.clean.topic import TopicConfig, off_topic_lines
from storyline.models import CleanedText, RemovedSpan


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank input line: its stripped text and where that text sits in the input."""

    start: int
    end: int
    text: str
    tail: tuple[int, int] | None = None  # a chrome tail cut off the line: its input span


def split_lines(text: str) -> list[Line]:
    """Split a text into its non-blank lines, stripped, with offsets into the text."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def judge(
    shapes: Sequence[Shape],
    *,
    boiler: Sequence[bool],
    topic: TopicConfig | None = None,
    title: str | None = None,
) -> dict[int, str]:
    """Return {line index: reason} for the lines that are not article text, in one pass.

    `boiler` tells for each line whether it is one of the source's boilerplate lines; `title` is
    the article's own title, whose names no off-topic block may share.
    """
    verdicts = {i: "site-boilerplate" for i, b in enumerate(boiler) if b}
    rest = [i for i in range(len(shapes)) if i not in verdicts]
    english = reads_english(shapes)
    for k, reason in judge_lines([shapes[i] for i in rest], english=english).items():
        verdicts[rest[k]] = reason
    if english:
        bags = [s.bag for s in shapes]
        named = TextNames(shapes)  # only read when a block is found
        titles = [not s.prose for s in shapes]
        anchors = partial(named.of_title, title or "")
        found = off_topic_lines(
            bags,
            verdicts.keys(),
            config=topic,
            names=named.per_line,
            titles=titles,
            anchors=anchors,
        )
        verdicts.update((i, "off-topic") for i in found)
    return verdicts


class TextNames:
    """The names a text writes, read once when an off-topic block asks for them."""

    def __init__(self, shapes: Sequence[Shape]) -> None:
        self.shapes = shapes

    @cached_property
    def candidates(self) -> list[tuple[frozenset[str], frozenset[str]]]:
        """Return each line's capitalised words and those it writes mid-sentence."""
        return [name_candidates(s.text, s.n_words) for s in self.shapes]

    @cached_property
    def proper(self) -> frozenset[str]:
        """Return the capitalised words the text writes mid-sentence somewhere."""
        return frozenset().union(*(proper for _, proper in self.candidates))

    @cached_property
    def lower(self) -> frozenset[str]:
        """Return the words the text writes in lower case."""
        return frozenset(w for s in self.shapes for w in words(s.text) if w[0].islower())

    def per_line(self) -> list[frozenset[str]]:
        """Return each line's names: its capitalised words that the text writes mid-sentence.

        A word the text also writes in lower case is a common noun in a title ("the Development
        Plan and Roadmap" ... "the roadmap"), not a name.
        """
        names = self.proper - self.lower
        return [caps & names for caps, _ in self.candidates]

    def of_title(self, title: str) -> frozenset[str]:
        """Return the names of a title that the text also writes as names ("Croydon", "London")."""
        if not title.strip():
            return frozenset()
        caps, _ = name_candidates(title, len(words(title)))
        return frozenset(caps & self.proper - self.lower)


def clean_text(
    text: str,
    *,
    profile: SiteProfile | None = None,
    topic: TopicConfig | None = None,
    reasons: frozenset[str] | None = None,
    title: str | None = None,
    codes: WordCodes | None = None,
) -> CleanedText:
    """Clean one text: the kept lines, whitespace tidied, and the removed spans of the input.

    `reasons` limits what may be removed (None: everything); text already extracted from HTML
    only needs the site-boilerplate and off-topic rules. `title`, the article's own title, names
    the story: no off-topic block that shares one of its names goes. `codes` is a memo of word
    codes to share across texts (a batch's cleaner passes one; news vocabulary is Zipfian, so most
    words are looked up, not stemmed).
    """
    lines = split_lines(text)
    memo = WordCodes() if codes is None else codes
    shapes = [shape_of(line.text, memo) for line in lines]
    boiler = [False] * len(shapes)
    if profile is not None and profile.lines:  # a line's verdict here never changes: look up once
        boiler = [profile.holds_normalized(s.key) for s in shapes]
    removed: dict[int, str] = {}
    while True:  # every pass but the last removes a line, so this ends
        kept = [i for i in range(len(lines)) if i not in removed]
        found = judge(
            [shapes[i] for i in kept], boiler=[boiler[i] for i in kept], topic=topic, title=title
        )
        if not found:
            break
        removed.update((kept[k], reason) for k, reason in found.items())
    if reasons is not None:
        removed = {i: r for i, r in removed.items() if r in reasons}
    if profile is not None and profile.tails:
        lines = _cut_tails(lines, removed, profile)
    return CleanedText(text=_render(text, lines, removed), removed=_spans(lines, removed))


def _cut_tails(lines: list[Line], removed: dict[int, str], profile: SiteProfile) -> list[Line]:
    """Return the lines with the site's chrome tails cut off the kept ones."""
    out = []
    for i, line in enumerate(lines):
        at = None if i in removed else profile.tail_start(line.text)
        if at is not None:
            head = line.text[:at].rstrip()
            tail = (line.start + at, line.end)
            line = Line(line.start, line.start + len(head), head, tail=tail)
        out.append(line)
    return out


def _render(text: str, lines: Sequence[Line], removed: dict[int, str]) -> str:
    """Join the kept lines: a blank line where the input had one between them, else a newline."""
    parts: list[str] = []
    prev_end: int | None = None
    for i, line in enumerate(lines):
        if i in removed:
            continue
        if prev_end is not None:
            gap = text[prev_end : line.start]
            parts.append("\n\n" if _has_blank_line(gap) else "\n")
        parts.append(line.text)
        prev_end = line.end
    return "".join(parts)


def _has_blank_line(gap: str) -> bool:
    """Tell whether the text between two kept lines holds a blank line."""
    if len(gap) <= 2:  # the usual gaps: "\n" and "\n\n"
        return gap == "\n\n"
    return any(not seg.strip() for seg in gap.split("\n")[1:-1])


def _spans(lines: Sequence[Line], removed: dict[int, str]) -> tuple[RemovedSpan, ...]:
    """Return the removed lines as spans, merging neighbours removed for the same reason."""
    spans: list[RemovedSpan] = []
    prev: int | None = None
    for i, line in enumerate(lines):
        reason = removed.get(i)
        if reason is None:
            prev = None
            if line.tail is not None:
                spans.append(RemovedSpan(*line.tail, "site-boilerplate"))
            continue
        last = spans[-1] if spans else None
        if last is not None and prev == i - 1 and last.reason == reason:
            spans[-1] = RemovedSpan(last.start, line.end, reason)
        else:
            spans.append(RemovedSpan(line.start, line.end, reason))
        prev = i
    return tuple(spans)
