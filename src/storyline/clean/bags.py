"""Bags of content words: count-weighted shares, sums, and where a text's vocabulary shifts.

Every bag and vocab here holds positive counts only, so a key means a word is found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, repeat, starmap

Bag = Mapping[str, int]  # content stems and their counts, all positive


def share(terms: Bag, vocab: Bag, minus: Bag | None = None) -> float:
    """Return the count-weighted share of terms found in vocab (less the counts in minus).

    Every vocab is built by add_bags, so it holds positive counts only: found means a key in it.
    """
    total = sum(terms.values())
    if not total:
        return 0.0
    if minus is None:
        return sum(map(terms.__getitem__, terms.keys() & vocab.keys())) / total
    get = vocab.get
    if minus is terms:  # the usual case, a line against a vocab that holds it: one lookup
        return sum(c for t, c in terms.items() if get(t, 0) > c) / total
    return sum(c for t, c in terms.items() if get(t, 0) - minus.get(t, 0) > 0) / total


def add_bags(out: Counter[str], bags: Iterable[Bag]) -> Counter[str]:
    """Add the positive counts of bags to out, counting in C; return out."""
    pairs = chain.from_iterable(b.items() for b in bags)
    out.update(chain.from_iterable(starmap(repeat, pairs)))
    return out


def sum_bags(bags: Sequence[Bag], members: Iterable[int]) -> Counter[str]:
    """Add the bags of the given members."""
    return add_bags(Counter(), (bags[k] for k in members))


def move_bag(bag: Bag, src: Counter[str], dst: Counter[str]) -> None:
    """Move a line's counts from one vocab to another, keeping counts positive."""
    for t, c in bag.items():
        left = src[t] - c
        if left > 0:
            src[t] = left
        else:
            src.pop(t, None)
        dst[t] += c


def sharpest_shift(
    bags: Sequence[Bag], sizes: Sequence[int], *, start: int, min_line: int
) -> int | None:
    """Return the line after `start` (of min_line terms) where above and below share least.

    The shares both ways are kept up to date term by term as lines move above: linear in the text.
    """
    above: Counter[str] = sum_bags(bags, range(start))
    below: Counter[str] = sum_bags(bags, range(start, len(bags)))
    n_above, n_below = sum(above.values()), sum(below.values())
    # below's words found above, and above's words found below (count-weighted)
    below_in = sum(c for t, c in below.items() if above[t] > 0)
    above_in = sum(c for t, c in above.items() if below[t] > 0)
    best, best_k = 1.0, None
    for k in range(start, len(bags)):
        if k > start and sizes[k] >= min_line and n_above and n_below:
            score = max(below_in / n_below, above_in / n_above)
            if score < best:
                best, best_k = score, k
        for t, c in bags[k].items():
            a, b = above[t], below[t]
            below_in -= b if a > 0 else 0
            above_in -= a if b > 0 else 0
            a, b = a + c, b - c
            above[t], below[t] = a, b
            below_in += b if a > 0 else 0
            above_in += a if b > 0 else 0
        n_above, n_below = n_above + sizes[k], n_below - sizes[k]
    return best_k
