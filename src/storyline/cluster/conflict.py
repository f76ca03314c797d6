"""Evidence that two reports are different incidents of one kind: each names what the other lacks.

Same-kind incidents share their vocabulary and often a name ("AMD buys ATI", "AMD buys
SeaMicro"; "Matt Smith named Doctor Who", "Peter Capaldi named Doctor Who"). What tells them
apart is a participant, place or figure that each report names prominently and the other never
names at all. A follow-up of one story names new people too, but it also names the story's own
leading names; so the conflict is the smaller of the two sides' missing shares.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

TOP_NAMES = 4  # a side's strongest names: the slots (who, with whom, where) that identify it
NUMBER = "#"  # numbers among the terms ("#5.6", "#160"): magnitudes, tolls, prices


def missing_share(top: list[tuple[str, int]], other: Mapping[str, int]) -> float:
    """Return the weight share of one side's strongest keys that the other side never names."""
    total = sum(w for _, w in top)
    if not total:
        return 0.0
    return sum(w for key, w in top if key not in other) / total


def strongest(vec: Mapping[str, int], k: int = TOP_NAMES) -> list[tuple[str, int]]:
    """Return the k heaviest keys of a vector (ties by key, so the choice is order-free)."""
    return heapq.nsmallest(k, vec.items(), key=lambda kv: (-kv[1], kv[0]))


def name_conflict(
    names: Mapping[str, int],
    other: Mapping[str, int],
    *,
    top: list[tuple[str, int]] | None = None,
    other_top: list[tuple[str, int]] | None = None,
) -> float:
    """Return 0..1: how far each side's leading names are absent from the other (the smaller).

    0 when either side names nothing: no names, no evidence either way.
    """
    if not names or not other:
        return 0.0
    mine = strongest(names) if top is None else top
    theirs = strongest(other) if other_top is None else other_top
    return min(missing_share(mine, other), missing_share(theirs, names))


def number_conflict(terms: Mapping[str, int], other: Mapping[str, int]) -> float:
    """Return 1 when both sides write figures and share none of them, else 0."""
    mine = [k for k in terms if k.startswith(NUMBER)]
    if not mine:
        return 0.0
    theirs = any(k.startswith(NUMBER) for k in other)
    if not theirs:
        return 0.0
    return 0.0 if any(k in other for k in mine) else 1.0
