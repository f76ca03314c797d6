"""The keys that find candidate stories for an article: its strongest terms, names and headline."""

from __future__ import annotations

from sys import intern

import numpy as np

from storyline.cluster.story_state import Vecs
from storyline.cluster.vectors import SCALE, Vec, strongest_first

RETRIEVE_TERMS = 15  # an article's strongest terms and entities look up candidate stories
RETRIEVE_ENTITIES = 10
RETRIEVE_TITLE = 6  # headline words retrieve too: a body that failed to extract still can
LSH_BANDS = 8  # semantic retrieval: close embeddings share one of 8 bands ...
LSH_BITS = 6  # ... of 6 random-hyperplane signs


def weighted_keys(vecs: Vecs) -> list[tuple[str, int]]:
    """Return the article's retrieval keys with their weights, strongest first."""
    top_t = strongest_first(vecs[0], limit=RETRIEVE_TERMS)
    top_e = strongest_first(vecs[1], limit=RETRIEVE_ENTITIES)
    # Interned: a story's signature and the index hold one string per key, not one per article.
    keys = [(intern("t:" + k), w) for k, w in top_t] + [(intern("e:" + k), w) for k, w in top_e]
    seen = {k for k, _ in top_t}
    title = {k: w for k, w in vecs[2].items() if k not in seen}
    keys += [(intern("t:" + k), w) for k, w in strongest_first(title, limit=RETRIEVE_TITLE)]
    return keys + [(k, SCALE) for k in _semantic_keys(vecs[3])]


def _semantic_keys(vec: Vec) -> list[str]:
    """Hash an embedding into random-hyperplane bands: close embeddings share a band key."""
    if not vec:
        return []
    values = np.array([vec[str(i)] for i in range(len(vec))], dtype=float)
    planes = np.random.default_rng(len(values)).standard_normal((LSH_BANDS * LSH_BITS, len(values)))
    bits = (planes @ values > 0).reshape(LSH_BANDS, LSH_BITS)
    return [f"s:{band}:{''.join('1' if b else '0' for b in row)}" for band, row in enumerate(bits)]


def top_keys(vecs: Vecs) -> tuple[str, ...]:
    """Return the keys an article is indexed under, strongest first."""
    return tuple(key for key, _ in weighted_keys(vecs))
