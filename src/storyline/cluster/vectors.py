"""Sparse TF-IDF vectors with integer weights, so sums and norms are exact and order-free."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from operator import itemgetter, mul
from sys import intern
from types import MappingProxyType
from typing import TypeVar

SCALE = 10_000  # a unit vector's weights become integers in 0..SCALE
ENTITY_PREFIX = "@"  # entities share the document-frequency table with terms under this prefix
# An article whose words the background knows fewer than half of is in another language
# (English news: 0.67 at least on giveme5w1h; German, Spanish, French reports: 0.18-0.29).
MIN_PRIOR_COVERAGE = 0.5

Vec = dict[str, int]
# One int object per weight, shared by every vector: a kept member's weights cost a pointer
# each, not an int object each (most of a 100k run's memory is members' vectors).
WEIGHTS = tuple(range(SCALE + 1))
_NOTHING: Mapping[str, int] = MappingProxyType({})
W = TypeVar("W", int, float)  # a weight: an integer vector's or a raw TF-IDF one


@dataclass
class DocFreq:
    """Document frequencies of the articles seen so far (terms and entities share it).

    A background corpus's counts (prior) add to them but are configuration, not state:
    checkpoints store only what was seen.
    """

    docs: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    prior_docs: int = 0
    prior: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Return the number of articles counted, background included."""
        return self.docs + self.prior_docs

    def add(self, keys: Iterable[str]) -> None:
        """Count one more article containing keys."""
        self.docs += 1
        self.counts.update(keys)

    def fits(self, keys: Mapping[str, object] | AbstractSet[str]) -> bool:
        """Tell whether the background knows most of an article's keys (is in its language)."""
        if not self.prior or not keys:
            return False
        # Distinct keys (a mapping's or a set's): the C-level intersection counts them.
        known = len(self.prior.keys() & (keys.keys() if isinstance(keys, Mapping) else keys))
        return known >= MIN_PRIOR_COVERAGE * len(keys)

    def tfidf(
        self, counts: Mapping[str, float], prefix: str = "", *, prior: bool = True
    ) -> dict[str, float]:
        """Weigh counts by sublinear tf times smoothed idf (keys looked up under prefix).

        Without prior, the idf is the corpus's own: the background says nothing about words
        of a language it does not have.
        """
        # One comprehension, no function of ours called per key: this runs for every key of
        # every article.
        use = prior and bool(self.prior)
        log, seen, total = math.log, self.counts.get, (self.total if use else self.docs) + 1
        known = (self.prior if use else _NOTHING).get
        # Each prefixed key built once (it was built twice per key), the arithmetic unchanged:
        # a weight must not move by an ulp.
        looked = [prefix + k for k in counts] if prefix else counts
        return {
            k: (1.0 + log(c)) * (log(total / (seen(key, 0) + known(key, 0) + 1)) + 1)
            for k, key, c in zip(counts, looked, counts.values(), strict=True)
            if c > 0
        }

    def share(self, key: str) -> float:
        """Return the fraction of counted articles that contain key."""
        found = self.counts.get(key, 0) + self.prior.get(key, 0)
        return found / self.total if self.total else 0.0


def weigh(
    counts: Mapping[str, float], df: DocFreq, *, prefix: str = "", top: int, prior: bool = True
) -> Vec:
    """Build a unit TF-IDF vector (sublinear tf) of the top weighted keys, as integers."""
    # Ties broken by key so the kept set never depends on dict order.
    kept = strongest_first(df.tfidf(counts, prefix, prior=prior), limit=top)
    norm = math.sqrt(sum(w * w for _, w in kept))
    if norm == 0.0:
        return {}
    # Interned keys: the members and story sums holding a word share one string.
    return {
        intern(k): WEIGHTS[r] if r <= SCALE else r
        for k, w in kept
        if (r := round(w / norm * SCALE)) > 0
    }


def strongest_first(vec: Mapping[str, W], *, limit: int | None = None) -> list[tuple[str, W]]:
    """Return a vector's items by weight, heaviest first, ties by key (so order-free).

    limit: only the first so many (the same as cutting the whole list).
    """
    items = list(vec.items())
    if limit is not None and len(items) > limit:
        if limit <= 0:
            return []
        # Only items weighing at least the limit-th weight can come first: sorting those by
        # key (string comparisons, the costly part) gives the same head as sorting all.
        least = sorted(vec.values(), reverse=True)[limit - 1]
        items = [(k, w) for k, w in items if w >= least]
    # By key, then stably by weight, both in C: the order of the key (-weight, key) without
    # a Python function called per item.
    return sorted(sorted(items), key=itemgetter(1), reverse=True)[:limit]


def norm2(vec: Mapping[str, int]) -> int:
    """Return the squared norm of an integer vector."""
    return sum(w * w for w in vec.values())


def dot(small: Mapping[str, int], large: Mapping[str, int]) -> int:
    """Return the dot product (iterate the smaller vector)."""
    # Only the shared keys contribute: the C-level intersection (it walks the smaller side)
    # finds them, then map() multiplies in C. About twice as fast as looking up every key of
    # the smaller side; integer weights make the sum exact in any order.
    common = small.keys() & large.keys()
    return sum(map(mul, map(small.__getitem__, common), map(large.__getitem__, common)))


def cosine(a: Mapping[str, int], a_norm2: int, b: Mapping[str, int], b_norm2: int) -> float:
    """Return the cosine of two integer vectors given their squared norms."""
    if not a_norm2 or not b_norm2:
        return 0.0
    return dot(a, b) / math.sqrt(a_norm2 * b_norm2)


def add_into(total: Vec, vec: Mapping[str, int]) -> None:
    """Add vec into total in place (exact integers, so the order of additions never matters)."""
    if not total:
        # A new story's first member (most stories have one): the same keys, order and
        # values, copied in C and sharing the member's weight objects.
        total.update(vec)
        return
    get = total.get
    for key, w in vec.items():
        total[key] = get(key, 0) + w


def shared_top(a: Mapping[str, int], b: Mapping[str, int], *, limit: int) -> tuple[str, ...]:
    """Name the keys that contribute most to the similarity of a and b."""
    common = [(a[k] * b[k], k) for k in a.keys() & b.keys()]
    common.sort(key=lambda pair: (-pair[0], pair[1]))
    return tuple(k for _, k in common[:limit])
