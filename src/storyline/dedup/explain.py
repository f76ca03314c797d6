"""Explain a match: the passages two texts share, as character spans in both.

Words are found in the original texts (so spans point into them) and hashed exactly as the
engine hashes them; a passage is a run of shingles that follow each other in both texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from storyline.dedup.sketch import HASH_MASK, shingle_keys
from storyline.dedup.tokens import WordBatch, hash_words

# A word character as the engine sees it: ASCII letters and digits, and every non-ASCII
# character except the punctuation and space blocks U+00A0-00BF, U+2000-206F, U+3000-303F
# (zero-width characters count as word characters: the engine deletes them inside words).
# A thousands separator (a comma between a digit and exactly three digits) joins its word.
_CHARS = "[0-9A-Za-z\u0080-\u009f\u00c0-\u1fff\u200b-\u200d\u2060\u2070-\u2fff\u3040-\U0010ffff]"
WORD = re.compile(f"{_CHARS}+(?:(?<=[0-9]),[0-9]{{3}}(?![0-9]){_CHARS}*)*")
MAX_PASSAGES = 50


@dataclass(frozen=True)
class Passage:
    """Text shared by two articles: [start, end) in one, [other_start, other_end) in the other."""

    start: int
    end: int
    other_start: int
    other_end: int

    def as_dict(self) -> dict[str, int]:
        """Return the JSON form."""
        return {
            "start": self.start,
            "end": self.end,
            "other_start": self.other_start,
            "other_end": self.other_end,
        }


def _shingles(text: str, ngram: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Return the word spans of text and the hash of the shingle starting at each word."""
    spans = [m.span() for m in WORD.finditer(text)]
    if len(spans) < ngram:
        return spans, []
    batch = hash_words([text[s:e] for s, e in spans])
    # a token that normalises to several words (rare: NFKC) keeps its first word's hash
    first = batch.offsets[:-1].clip(max=max(len(batch.hashes) - 1, 0))
    hashes = batch.hashes[first] if len(batch.hashes) else np.zeros(len(spans), np.uint64)
    words = WordBatch(hashes, np.array([0, len(spans)], dtype=np.int64))
    keys, _ = shingle_keys(words, ngram)
    return spans, (keys & np.uint64(HASH_MASK)).tolist()


def shared_passages(
    text: str, other: str, *, ngram: int = 3, limit: int = MAX_PASSAGES
) -> list[Passage]:
    """Return the passages text and other share, longest first (at most limit)."""
    spans, hashes = _shingles(text, ngram)
    other_spans, other_hashes = _shingles(other, ngram)
    where: dict[int, list[int]] = {}
    for j, h in enumerate(other_hashes):
        where.setdefault(h, []).append(j)
    runs: list[tuple[int, int, int, int]] = []  # (first i, last i, first j, last j)
    for i, h in enumerate(hashes):
        places = where.get(h)
        if not places:
            continue
        if runs and runs[-1][1] == i - 1 and runs[-1][3] + 1 in places:
            a, _, b, d = runs[-1]
            runs[-1] = (a, i, b, d + 1)
        else:
            runs.append((i, i, places[0], places[0]))
    out = [
        Passage(
            spans[a][0], spans[z + ngram - 1][1], other_spans[b][0], other_spans[d + ngram - 1][1]
        )
        for a, z, b, d in runs
    ]
    out.sort(key=lambda p: (p.start - p.end, p.start))
    return out[:limit]
