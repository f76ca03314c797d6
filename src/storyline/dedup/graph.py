"""Connected components of verified pairs, vectorised (hook and compress)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from storyline.dedup.tokens import I64


def components(n: int, left: I64, right: I64) -> I64:
    """Label n nodes by the smallest node of their component under the edges (left, right)."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        pl, pr = parent[left], parent[right]
        if np.array_equal(pl, pr):
            return parent
        low = np.minimum(pl, pr)
        # hook both roots under the smaller one, then jump pointers until the trees are flat
        np.minimum.at(parent, pl, low)
        np.minimum.at(parent, pr, low)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


def connected(labels: I64, left: I64, right: I64) -> npt.NDArray[np.bool_]:
    """Tell which pairs already lie in one component."""
    return labels[left] == labels[right]  # type: ignore[no-any-return]
