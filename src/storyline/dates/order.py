"""Order publication dates: one sort key in UTC, ties where declared precisions overlap."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from storyline.dates.parse import read

T = TypeVar("T")

# Sort keys: the interval's UTC start written to its precision. Every precision but the finest
# ends in "~", which sorts after any digit, '-', ':', '.' and 'T': a coarser interval sorts after
# every finer one it holds. Intervals at these precisions nest or are disjoint (UTC days, months
# and years; offsets are whole minutes), so the key orders disjoint intervals by time and puts a
# finer one before the coarser one that holds it, never a day before its times as its midnight.
_KEY_FORMAT = {
    "year": "%Y~",
    "month": "%Y-%m~",
    "day": "%Y-%m-%d~",
    "minute": "%Y-%m-%dT%H:%M~",
    "second": "%Y-%m-%dT%H:%M:%S~",
}
UNDATED_KEY = "~~"  # after every dated key


def sort_key(text: str | None) -> str:
    """Return the one key every view orders dates by: UTC, finer before coarser, undated last.

    Two dates are in order when one's interval ends before the other's starts. Dates whose
    intervals overlap (a day and a time of that day; a second and a millisecond in it) are tied:
    their order is a convention, not a claim, and the convention puts the more precise first.
    Equal keys are exactly equal intervals (the same instant at the same precision).
    """
    pub = read(text)
    if pub is None:
        return UNDATED_KEY
    start = pub.start
    if pub.precision == "millisecond":
        return start.strftime("%Y-%m-%dT%H:%M:%S.") + f"{start.microsecond // 1000:03d}~"
    if pub.precision == "microsecond":
        return start.strftime("%Y-%m-%dT%H:%M:%S.") + f"{start.microsecond:06d}"
    return start.strftime(_KEY_FORMAT[pub.precision])


def stored_key(text: str | None) -> str | None:
    """Return the sort key a store keeps for a date (None when there is no readable date)."""
    key = sort_key(text)
    return None if key == UNDATED_KEY else key


def in_order(
    items: Iterable[T], date: Callable[[T], str | None], ident: Callable[[T], str]
) -> list[T]:
    """Return items in publication order: sort_key of their dates, then their ids."""
    return sorted(items, key=lambda item: (sort_key(date(item)), ident(item)))


def tied(a: str | None, b: str | None) -> bool:
    """Tell whether two dates overlap at their declared precisions (neither is surely first)."""
    first, second = read(a), read(b)
    return first is not None and second is not None and first.overlaps(second)


def tie_blocks(texts: Sequence[str | None]) -> list[list[int]]:
    """Group dates into blocks tied through overlaps, as indices in sort_key order, undated last.

    In sort_key order an overlap chain is consecutive and its coarsest date comes last, after the
    finer ones it holds: a date joins (and merges) the blocks before it that it overlaps.
    """
    order = sorted(range(len(texts)), key=lambda i: (sort_key(texts[i]), i))
    blocks: list[tuple[datetime, list[int]]] = []  # (latest end, indices)
    undated: list[int] = []
    for i in order:
        pub = read(texts[i])
        if pub is None:
            undated.append(i)
            continue
        members, end = [i], pub.end
        while blocks and pub.start < blocks[-1][0]:  # it holds that block's last date
            block_end, block = blocks.pop()
            members, end = block + members, max(end, block_end)
        blocks.append((end, members))
    return [block for _, block in blocks] + ([undated] if undated else [])


def overlaps_of(texts: Sequence[str | None]) -> list[list[int]]:
    """Return, for each date, the indices of the others it is tied with (their intervals overlap).

    Only dates of one tie block can overlap, so a long story costs its blocks' sizes squared.
    """
    pubs = [read(text) for text in texts]
    out: list[list[int]] = [[] for _ in texts]
    for block in tie_blocks(texts):
        for i in block:
            mine = pubs[i]
            if mine is not None:
                out[i] = sorted(
                    j for j in block if j != i and (p := pubs[j]) is not None and mine.overlaps(p)
                )
    return out


def earliest_latest(dates: list[str | None]) -> tuple[str | None, str | None]:
    """Return the earliest and the latest of some stored dates in sort_key order."""
    known = [d for d in dates if read(d) is not None]
    if not known:
        return None, None
    return min(known, key=sort_key), max(known, key=sort_key)
