"""Which verified pairs link two texts into one cluster, and how links make clusters.

A pair is a *strong* link when both texts hold at least `mutual` of themselves in the other
(near-duplicates) or one is at least `strong` inside the other (a truncated copy, a repost with
things appended), or when their normalised texts are equal. Strong links merge clusters.

Below `strong`, a pair must also agree on names and numbers: when both texts have at least
`min_names` of them and they share less than `names` of the smaller set, the pair is no link.
Two automated reports of different events (two shootings, two earthquakes written from one
template) share their stock sentences, often 40-50 % of their shingles, but not their places,
people and figures; a copy, spun or cut, keeps them.

A pair is a *weak* link when one text is at least `threshold` but less than `strong` inside the
other (a partial copy: a repost with boilerplate, a spun copy). Weak links are applied strongest
first and may only attach a text that is still alone to a cluster, and each text may be the
contained side of one weak link only. This is what keeps a boilerplate-heavy page, which is
partly inside every page of its site, from gluing the site's unrelated articles together:
verification alone cannot, since each of those pairs really does share that much text.

A weak link between two clusters (a copy of a copy that has copies of its own, and its source's
cluster) merges nothing by itself; the clusters' representatives are verified against each
other, and the clusters merge when those two texts link (join_clusters).

Links chain, so the clusters are then confirmed (confirm): every member is verified against
its cluster's representative, its first text, and members that share too little of it or
contradict its names and numbers leave (a lowercased copy of one templated story must not join
its siblings; an excerpt of another article must not bring that article along).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup.candidates import distinct
from storyline.dedup.graph import components
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence

STRONG, WEAK, NONE = 2, 1, 0
CONFIRM_ROUNDS = 4
# verify pairs (left, right) exactly: their shingle evidence and their names' evidence
Check = Callable[[I64, I64], tuple[PairEvidence, PairEvidence]]


@dataclass(frozen=True)
class LinkRule:
    """Containment thresholds of strong and weak links."""

    threshold: float = 0.4
    strong: float = 0.8
    mutual: float = 0.4
    min_shared: int = 3
    names: float = 0.2
    min_names: int = 3
    confirm: float = 0.2  # a member shares at least this share with its representative
    confirm_names: float = 0.3  # and this share of its names and numbers (below strong)

    def classify(self, ev: PairEvidence, names: PairEvidence | None = None) -> npt.NDArray[np.int8]:
        """Return STRONG, WEAK or NONE for each pair (names: the same pairs' name sets)."""
        a, b = ev.left_in_right, ev.right_in_left
        hi, lo = np.maximum(a, b), np.minimum(a, b)
        enough = ev.shared >= self.min_shared
        if names is not None:
            enough &= (hi >= self.strong) | self.agree(names)
        out = np.zeros(len(a), dtype=np.int8)
        out[enough & (hi >= self.threshold)] = WEAK
        out[enough & ((lo >= self.mutual) | (hi >= self.strong))] = STRONG
        return out

    def confirms(self, ev: PairEvidence, names: PairEvidence) -> npt.NDArray[np.bool_]:
        """Tell which members (left) belong with their representatives (right).

        A member reached through other members need not be a link on its own (a copy of a
        copy shares less of the original than of its source), but it must share a real part
        of the representative's text and not contradict its names and numbers.
        """
        hi = np.maximum(ev.left_in_right, ev.right_in_left)
        ok: npt.NDArray[np.bool_] = (
            (ev.shared >= self.min_shared)
            & (hi >= self.confirm)
            & ((hi >= self.strong) | self.agree(names, min(self.confirm_names, self.names)))
        ) | ((ev.left_size == 0) & (ev.right_size == 0))  # short texts join by equality only
        return ok

    def asks_names(self, ev: PairEvidence) -> npt.NDArray[np.bool_]:
        """Tell which pairs the names decide: linked by their shingles, but below strong."""
        hi = np.maximum(ev.left_in_right, ev.right_in_left)
        asks: npt.NDArray[np.bool_] = (
            (ev.shared >= self.min_shared)
            & (hi >= min(self.threshold, self.mutual))
            & (hi < self.strong)
        )
        return asks

    def agree(self, names: PairEvidence, share: float | None = None) -> npt.NDArray[np.bool_]:
        """Tell which pairs agree on names and numbers (or have too few to tell)."""
        fewer = np.minimum(names.left_size, names.right_size)
        need = self.names if share is None else share
        agree: npt.NDArray[np.bool_] = (fewer < self.min_names) | (names.shared >= need * fewer)
        return agree


def cluster(n: int, strong: PairEvidence, weak: PairEvidence) -> tuple[I64, npt.NDArray[np.bool_]]:
    """Label n texts by cluster (smallest member); also tell which weak links were used."""
    labels = components(n, strong.left, strong.right)
    parent = labels.copy()
    size = np.bincount(labels, minlength=n)
    used_as_inner = np.zeros(n, dtype=np.bool_)
    a_in_b, b_in_a = weak.left_in_right, weak.right_in_left
    inner = np.where(a_in_b >= b_in_a, weak.left, weak.right)
    order = np.lexsort((weak.right, weak.left, -np.maximum(a_in_b, b_in_a)))
    used = np.zeros(len(order), dtype=np.bool_)
    for k in order.tolist():
        x, y = _find(parent, int(weak.left[k])), _find(parent, int(weak.right[k]))
        if x == y or used_as_inner[inner[k]] or (size[x] > 1 and size[y] > 1):
            continue
        root, child = (x, y) if x < y else (y, x)
        parent[child] = root
        size[root] += size[child]
        used_as_inner[inner[k]] = True
        used[k] = True
    if used.any():
        labels = components(n, parent, np.arange(n, dtype=np.int64))
    return labels, used


def join_clusters(
    labels: I64, weak: PairEvidence, rule: LinkRule, check: Check
) -> tuple[I64, PairEvidence, int]:
    """Merge the clusters that weak links join when their representatives link on their own.

    `weak` are the weak links cluster() left unused, mostly because both ends were already in
    clusters. Each such link only says the two clusters may be one: their representatives
    (first texts) are verified against each other, and the clusters merge when those two
    texts are a link of any kind, names and numbers agreeing, never through the link's ends
    alone. Returns the labels, the representative links made (for confirm) and the checks.
    """
    a, b = labels[weak.left], labels[weak.right]
    apart = a != b
    lo, hi = np.minimum(a[apart], b[apart]), np.maximum(a[apart], b[apart])
    key = distinct((lo << 32) | hi)
    if not len(key):
        return labels, PairEvidence.empty(), 0
    ev, names = check(key >> 32, key & 0xFFFFFFFF)
    made = ev.take(rule.classify(ev, names) != NONE)
    own = np.arange(len(labels), dtype=np.int64)
    merged = components(
        len(labels), np.concatenate([own, made.left]), np.concatenate([labels, made.right])
    )
    return merged, made, len(key)


def _find(parent: I64, x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = int(parent[x])
    return x


def confirm(labels: I64, left: I64, right: I64, rule: LinkRule, check: Check) -> tuple[I64, int]:
    """Keep in each cluster only texts that link to its representative; return labels, checks.

    Links chain: a lowercased copy of one templated story also looks like its siblings, a
    repost with another article's excerpt appended also holds that article. So every member
    is verified against its cluster's representative (its first text, the label); members that
    fail leave, with the links among themselves (they may still be one cluster, verified in
    turn), while those that pass stay joined to the representative directly. (left, right) are
    the links the clusters came from. A few rounds; a member still unverified after them is
    alone.
    """
    n = len(labels)
    own = np.arange(n, dtype=np.int64)
    sure_left = sure_right = np.empty(0, dtype=np.int64)  # members verified with their rep
    sure = np.zeros(n, dtype=np.bool_)
    checks = 0
    for k in range(CONFIRM_ROUNDS + 1):
        todo = np.flatnonzero((labels != own) & ~sure)
        if not len(todo):
            break
        if k == CONFIRM_ROUNDS:
            labels = components(n, sure_left, sure_right)
            break
        ev, names = check(todo, labels[todo])
        checks += len(todo)
        ok = rule.confirms(ev, names)
        sure[todo[ok]] = True
        sure_left = np.concatenate([sure_left, todo[ok]])
        sure_right = np.concatenate([sure_right, labels[todo[ok]]])
        failed = np.zeros(n, dtype=np.bool_)
        failed[todo[~ok]] = True
        keep = (labels[left] == labels[right]) & (failed[left] == failed[right])
        keep &= ~sure[left] & ~sure[right]  # the sure are joined through their rep
        new = components(
            n, np.concatenate([left[keep], sure_left]), np.concatenate([right[keep], sure_right])
        )
        sure &= new == labels  # a member whose representative changed is verified again
        labels = new
    return labels, checks
