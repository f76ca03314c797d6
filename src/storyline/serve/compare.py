"""Cut texts into marked segments: removed spans, shared passages and each side's additions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Segment:
    """A run of text and how to mark it (None: plain)."""

    text: str
    mark: str | None = None
    label: str | None = None


def segments(text: str, spans: Iterable[tuple[int, int, str]], *, limit: int) -> list[Segment]:
    """Split text at (start, end, mark) spans, clipped and de-overlapped, cut at limit chars."""
    shown = text[:limit]
    out: list[Segment] = []
    pos = 0
    for start, end, mark in sorted(spans):
        start, end = max(start, pos), min(end, len(shown))
        if end <= start:
            continue
        if start > pos:
            out.append(Segment(shown[pos:start]))
        out.append(Segment(shown[start:end], mark))
        pos = end
    if pos < len(shown):
        out.append(Segment(shown[pos:]))
    return out


def removed_segments(
    raw_text: str, removed: Sequence[dict[str, Any]], *, limit: int
) -> list[Segment]:
    """Mark the spans cleaning removed from the raw text, each labelled with its reason."""
    marked = segments(raw_text, ((s["start"], s["end"], s["reason"]) for s in removed), limit=limit)
    return [Segment(s.text, "removed" if s.mark else None, s.mark) for s in marked]


def passage_spans(passages: Sequence[dict[str, Any]], side: str) -> list[tuple[int, int]]:
    """Read one side's character spans out of shared-passage records."""
    spans = []
    for passage in passages:
        span = passage.get(side)
        if isinstance(span, dict):
            spans.append((int(span["start"]), int(span["end"])))
        elif isinstance(span, list | tuple) and len(span) == 2:
            spans.append((int(span[0]), int(span[1])))
    return spans


def shared_and_added(text: str, shared: Iterable[tuple[int, int]], *, limit: int) -> list[Segment]:
    """Mark shared passages as 'shared' and everything else with words in it as 'added'."""
    marked = segments(text, ((s, e, "shared") for s, e in shared), limit=limit)
    return [s if s.mark or not _WORD.search(s.text) else Segment(s.text, "added") for s in marked]


def coverage(text: str, shared: Iterable[tuple[int, int]]) -> float:
    """Return the share of the text's characters inside shared passages."""
    covered = sum(max(0, min(e, len(text)) - max(s, 0)) for s, e in _merge(shared))
    return covered / len(text) if text else 0.0


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
