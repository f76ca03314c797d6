"""Word n-gram shingles of a story's texts, and the passages two texts share."""

from __future__ import annotations

from itertools import compress, count

from storyline.analyze.texts import StoryTexts


class Shingles:
    """Word n-grams of the articles' texts, kept as hashes, with their token spans."""

    def __init__(self, size: int, texts: StoryTexts | None = None) -> None:
        self.size = size
        self.texts = texts if texts is not None else StoryTexts()

    def of(self, text: str) -> frozenset[int]:
        """Return the set of shingle hashes of a text (memoised by the story's texts)."""
        return self.texts.shingles(text, self.size)

    def passages(
        self, text: str, other: frozenset[int], *, limit: int, chars: int
    ) -> tuple[str, ...]:
        """Return the longest runs of text made of shingles that other also has."""
        n = self.size
        # The memoised hashes are those of the tokens' casefolded words, in the same order: a
        # shared gram at i covers tokens i..i+n-1, and grams that overlap or touch make one run.
        runs: list[list[int]] = []
        for i in compress(count(), map(other.__contains__, self.texts.grams(text, n))):
            if runs and i <= runs[-1][1]:
                runs[-1][1] = i + n
            else:
                runs.append([i, i + n])
        runs.sort(key=lambda r: (r[0] - r[1], r[0]))
        bounds = self.texts.bounds(text)  # word k is text[bounds[2k] : bounds[2k + 1]]
        return tuple(
            _clip(text[int(bounds[2 * s]) : int(bounds[2 * e - 1])], chars) for s, e in runs[:limit]
        )


def _clip(text: str, chars: int) -> str:
    """Collapse the whitespace of text and cut it to chars (an ellipsis marks the cut)."""
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"
