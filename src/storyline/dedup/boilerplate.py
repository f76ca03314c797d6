"""Closing lines that many unrelated texts share (wire footers, copyright lines, reused spam).

A copy shares its article with the original; a footer is shared by texts about different
things. So a closing line is boilerplate when it ends at least `min_docs` texts that, once the
shared closing lines are set aside, have next to nothing in common (three pairs in four of a
sample of them contain under `related` of each other). Copies of one article, however reworded,
still share much of their own text; a wire service's stories share only its footer. The
shingles of boilerplate lines then count for no text in the exact verification, so a footer
cannot make two articles duplicates; a real copy still shares its own text.

Counting is bounded (lossy counting): when more than `capacity` lines are tracked, the rarest
are dropped (seen once, then twice or less, ...) down to half the capacity, so memory and time
stay flat on any corpus while frequent lines survive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import xxhash

from storyline.dedup.candidates import sorted_unique
from storyline.dedup.sketch import sketch
from storyline.dedup.spill import drop_values
from storyline.dedup.tokens import I64
from storyline.dedup.verify import F64, overlap

U32 = npt.NDArray[np.uint32]
_LINES = 2048  # lines judged at once: their sample texts' sets are gathered (~30 MB)
DocSets = Callable[[Sequence[int]], dict[int, U32]]  # doc numbers -> their shingle sets


@dataclass(frozen=True)
class BoilerplateRule:
    """When a closing line is boilerplate."""

    tail: int = 6  # closing lines of each text that are counted
    min_docs: int = 3  # texts a line must close
    sample: int = 6  # texts a line's relatedness is judged on (the first it closes)
    related: float = 0.1  # upper-quartile containment at or above which texts are related
    capacity: int = 200_000  # lines tracked at once (memory bound)


@dataclass
class _Line:
    text: str
    docs: int = 0
    sample: list[int] = field(default_factory=list)


class ClosingLines:
    """Count the closing lines of a stream of texts, and the texts each one closes."""

    def __init__(self, rule: BoilerplateRule | None = None) -> None:
        self.rule = rule or BoilerplateRule()
        self._lines: dict[int, _Line] = {}

    def add(self, text: str, doc: int) -> None:
        """Count the closing lines of text number `doc` (its first line is its own)."""
        table, room = self._lines, self.rule.sample
        for line in closing_lines(text, self.rule.tail):
            key = _hash(line)
            entry = table.get(key)
            if entry is None:
                entry = table[key] = _Line(line)
            entry.docs += 1
            if len(entry.sample) < room:
                entry.sample.append(doc)
        if len(self._lines) > self.rule.capacity:
            self._prune()

    def _prune(self) -> None:
        """Drop the rarest lines until at most half the capacity is tracked.

        Halving (not just dropping the lines seen once) keeps the work linear: when more than
        `capacity` lines each close two texts (copies share their closing lines), dropping the
        single ones freed nothing, and every later text paid for a rebuild of the whole table.
        """
        floor = 1
        while len(self._lines) > self.rule.capacity // 2:
            self._lines = {k: v for k, v in self._lines.items() if v.docs > floor}
            floor *= 2

    def merge(self, other: ClosingLines, *, offset: int = 0) -> ClosingLines:
        """Add the counts of a later part of the stream, its texts numbered from `offset`."""
        for key, line in other._lines.items():
            mine = self._lines.setdefault(key, _Line(line.text))
            mine.docs += line.docs
            room = self.rule.sample - len(mine.sample)
            mine.sample.extend(doc + offset for doc in line.sample[: max(room, 0)])
        return self

    def frequent(self) -> Iterator[_Line]:
        """Yield the lines that close at least min_docs texts."""
        return (e for e in self._lines.values() if e.docs >= self.rule.min_docs)


def boilerplate_shingles(lines: ClosingLines, doc_sets: DocSets, *, ngram: int) -> tuple[U32, int]:
    """Return the shingle hashes of the boilerplate closing lines, and how many lines they are."""
    frequent = sorted(lines.frequent(), key=lambda e: e.text)
    if not frequent:
        return np.empty(0, dtype=np.uint32), 0
    sk = sketch([e.text for e in frequent], ngram=ngram, num_perm=16, anchor_rate=1)
    shared = sorted_unique(sk.sets)
    related = np.concatenate(
        [
            _judged(frequent[i : i + _LINES], doc_sets, shared)
            for i in range(0, len(frequent), _LINES)
        ]
    )
    picked = [
        sk.sets[sk.set_offsets[i] : sk.set_offsets[i + 1]]
        for i in np.flatnonzero(related < lines.rule.related).tolist()
    ]
    if not picked:
        return np.empty(0, dtype=np.uint32), 0
    return sorted_unique(np.concatenate(picked)), len(picked)


def _judged(lines: list[_Line], doc_sets: DocSets, shared: U32) -> F64:
    """Return the relatedness of each line's sample texts (holding only these texts' sets)."""
    wanted = sorted({doc for e in lines for doc in e.sample})
    found = doc_sets(wanted)
    row = {doc: i for i, doc in enumerate(d for d in wanted if d in found)}
    flat, offsets = _own_sets([found[d] for d in row], shared)
    return relatedness([[row[d] for d in e.sample if d in row] for e in lines], flat, offsets)


def _own_sets(sets: list[U32], shared: U32) -> tuple[U32, I64]:
    """Take the shared closing lines' shingles out of each set; return them laid end to end."""
    offsets = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, sets), dtype=np.int64, count=len(sets)), out=offsets[1:])
    flat = np.concatenate(sets) if sets else np.empty(0, dtype=np.uint32)
    return drop_values(flat, offsets, shared, out=flat)  # in place, block by block


def relatedness(samples: list[list[int]], flat: U32, offsets: I64) -> F64:
    """Return, for each sample of texts (rows of offsets), the upper quartile of the
    containment of the smaller of two texts in the other (1 for fewer than two texts).

    The upper quartile, not the median: when a quarter of the pairs are copies of one another,
    the line is theirs (an article that other texts also carry appended), not a footer. All
    pairs are counted at once (verify.overlap); samples of k texts are judged together.
    """
    out: F64 = np.ones(len(samples))
    size = np.fromiter(map(len, samples), dtype=np.int64, count=len(samples))
    for k in np.unique(size[size >= 2]).tolist():
        which = np.flatnonzero(size == k)
        rows = np.array([samples[i] for i in which.tolist()], dtype=np.int64).reshape(-1, k)
        a, b = np.triu_indices(k, 1)
        ev = overlap(rows[:, a].ravel(), rows[:, b].ravel(), flat, offsets)
        small = np.minimum(ev.left_size, ev.right_size)
        scores = np.ones(len(small))  # nothing of their own: keep the evidence
        np.divide(ev.shared, small, out=scores, where=small > 0)
        out[which] = np.percentile(scores.reshape(len(which), -1), 75, axis=1)
    return out


def closing_lines(text: str, tail: int) -> set[str]:
    """Return the last `tail` non-blank lines of a text (never its first line), normalised.

    The same as normalising `[l for l in text.splitlines()[1:] if l.strip()][-tail:]`, without
    stripping every line of the text: the lines are scanned from the end.
    """
    lines = text.splitlines()
    if tail < 1:  # lines[-0:] is every line
        return {_norm(line) for line in lines[1:][-tail:] if line.strip()}
    out: set[str] = set()
    found = 0
    for i in range(len(lines) - 1, 0, -1):
        if found == tail:
            break
        if lines[i].strip():
            out.add(_norm(lines[i]))
            found += 1
    return out


def _hash(line: str) -> int:
    """Hash a normalised line (a lone surrogate from a bad source hashes too)."""
    return xxhash.xxh3_64_intdigest(line.encode("utf-8", "surrogatepass"))


def _norm(line: str) -> str:
    """Fold a line's case and spacing, so the same footer typed twice is one line."""
    # already normal (ASCII, printable: no tab or line break, single inner spaces): the join
    # would rebuild the same string; this check is several times cheaper than the split
    plain = line.isascii() and line.isprintable() and "  " not in line
    if plain and line[0] != " " and line[-1] != " ":
        return line.lower()
    return " ".join(line.split()).lower()  # split() splits where a regex's \s+ would
