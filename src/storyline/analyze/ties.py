"""The text evidence that orders articles whose dates cannot: who wraps, who explains whom."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from storyline.analyze.overlaps import Overlaps
from storyline.analyze.shingles import Shingles
from storyline.analyze.texts import StoryTexts
from storyline.dates import sort_key


class Tied(Protocol):
    """What a tie block's article offers: its id, date, text and text before cleaning."""

    @property
    def id(self) -> str: ...
    @property
    def published(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def raw_text(self) -> str | None: ...


@dataclass(frozen=True)
class TieRules:
    """The bars of the tie evidence (the copy graph's own)."""

    copy: float  # share of an article's 5-grams another holds: copy level
    wrap: float  # share of a text's raw text another carries to wrap it
    shingle: int  # words per shingle


class TieOrder:
    """Order a tie block's articles by their texts: unwrapped, cleaner, finer date, source."""

    def __init__(self, block: Sequence[Tied], shingles: Shingles, rules: TieRules) -> None:
        self.block, self.shingles, self.rules = block, shingles, rules
        self.raw = Overlaps({a.id: shingles.of(a.raw_text or a.text) for a in block})
        self.kept = Overlaps({a.id: shingles.of(a.text) for a in block})
        self.by_id = {a.id: a for a in block}

    def key(self, a: Tied) -> tuple[int, int, str, int, str]:
        """Return the sort key: unwrapped, cleaner, finer date, explaining more, id."""
        return (
            sum(self.wraps(a.id, b.id) for b in self.block if b.id != a.id),
            int(junk_share(a, self.shingles.texts) * 10),
            # The dates' one order (storyline.dates.sort_key): among the dates that may go next
            # the finest first, so a day never goes before a time of it as its midnight.
            sort_key(a.published),
            self.explains(a),
            a.id,
        )

    def explains(self, a: Tied) -> int:
        """Return minus ten times how much of the others a carries, at copy level."""
        # Copies deviate from their source and from each other; the source explains them all.
        # Only copy-level overlaps count: reports that share a quote stay in date order.
        shares = (self.kept.containment(b.id, a.id) for b in self.block if b.id != a.id)
        return -int(10 * sum(x for x in shares if x >= self.rules.copy))

    def wraps(self, outer: str, inner: str) -> bool:
        """Tell whether outer is inner with junk around it (so outer came later)."""
        # A wrap puts junk around a text: what cleaning removes, or text before it. Real text
        # after a text that opens it is the rest of the article an excerpt was cut from (or an
        # extension): that alone orders nothing.
        inside = self.raw.containment(inner, outer)
        if inside < self.rules.wrap or inside <= self.raw.containment(outer, inner) + 0.05:
            return False
        if self.kept.containment(outer, inner) >= self.rules.wrap:
            return True
        grams = self.shingles.texts.grams
        outer_raw, inner_raw = (self.raw_text(x) for x in (outer, inner))
        size = self.rules.shingle
        return not opens(grams(inner_raw, size), grams(outer_raw, size))

    def raw_text(self, article_id: str) -> str:
        """Return an article's text before cleaning (its text when none was kept)."""
        article = self.by_id[article_id]
        return article.raw_text or article.text


def opens(inner: Sequence[int], outer: Sequence[int], lead: int = 3) -> bool:
    """Tell whether the outer text starts with the inner one (within a few words)."""
    return bool(inner) and inner[0] in outer[:lead]


def junk_share(article: Tied, texts: StoryTexts | None = None) -> float:
    """Return the share of the words of an article's raw text that cleaning removed."""
    if not article.raw_text:
        return 0.0
    texts = texts if texts is not None else StoryTexts()
    # Casefolding each word keeps the count of word runs: these are the texts' word counts.
    raw = len(texts.words(article.raw_text))
    kept = len(texts.words(article.text))
    return min(1.0, max(0.0, 1.0 - kept / raw)) if raw else 0.0
