"""Match a text against the store without storing it: its duplicates, and the story it joins.

Candidates come from the full-text index (the stored articles sharing the text's most telling
words); the dedup engine then verifies each against the text's shingles, exactly as between
stored articles. The story is the one of its closest duplicate; failing that, the clustering
engine, restored from its newest checkpoint before the text's date, says where it would go.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from storyline.clean import clean_text
from storyline.cluster.batch import prepare
from storyline.cluster.engine import StoryEngine
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.cluster.run import fingerprint
from storyline.dates import parse_date
from storyline.dedup.engine import DedupConfig, Deduplicator
from storyline.dedup.explain import Passage, shared_passages
from storyline.dedup.links import NONE
from storyline.store import Store
from storyline.store import checkpoints as state_sql

_WORD = re.compile(r"[^\W\d_]{4,}")
QUERY_WORDS = 24  # the text's most frequent long words retrieve candidates
CANDIDATES = 50  # stored articles verified against the text
MATCH_ID = "<match>"
LAST_KEY = "\U0010ffff"  # sorts after every canonical order key


def match_text(
    store: Store, text: str, *, title: str | None = None, published: str | None = None
) -> dict[str, Any]:
    """Return {text, duplicates, story} for a text: nothing is written to the store."""
    cleaned = clean_text(text).text or text
    candidates = store.search_similar(_query(f"{title or ''} {cleaned}"), limit=CANDIDATES)
    duplicates = _verified(cleaned, candidates)
    story_id = store.story_of_article(duplicates[0]["id"]) if duplicates else None
    how = "duplicate" if story_id else None
    if story_id is None:
        story_id = _engine_story(store, cleaned, title=title, published=published)
        how = "similar" if story_id else None
    story = store.get_story(story_id) if story_id else None
    summary = None if story is None else {k: story[k] for k in ("id", "title", "size")}
    return {"duplicates": duplicates, "story": summary, "story_by": how if summary else None}


def _query(text: str) -> list[str]:
    """Pick the words that best say what a text is about (long and frequent in it)."""
    counts = Counter(w.lower() for w in _WORD.findall(text[:200_000]))
    return [w for w, _ in counts.most_common(QUERY_WORDS)]


def _verified(text: str, candidates: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Verify candidates with the dedup engine and its link rule; return the duplicates."""
    if not candidates:
        return []
    config = DedupConfig()
    dedup = Deduplicator(config)
    for _ in dedup.add_all([text, *(body for _, body in candidates)]):
        pass
    links = dedup.finish(all_links=True).links  # every verified pair, not just a spanning set
    kinds = config.rule.classify(links)
    found = []
    for i in range(len(links)):
        left, right = int(links.left[i]), int(links.right[i])
        if kinds[i] == NONE or 0 not in (left, right):
            continue
        first = left == 0  # the text is the left side of the pair
        size, other = (links.left_size[i], links.right_size[i])[:: 1 if first else -1]
        article_id, body = candidates[(right if first else left) - 1]
        found.append(
            _evidence(
                article_id,
                int(links.shared[i]),
                int(size),
                int(other),
                shared_passages(text, body, ngram=config.ngram),
            )
        )
    return sorted(found, key=lambda d: (-max(d["containment_in"], d["containment_of"]), d["id"]))


def _evidence(
    article_id: str, shared: int, size: int, other: int, passages: list[Passage]
) -> dict[str, Any]:
    """Shape a match like the `duplicates` of an article (containment_in: of the text)."""
    union = size + other - shared
    return {
        "id": article_id,
        "jaccard": round(shared / union, 4) if union else 1.0,
        "containment_in": round(shared / size, 4) if size else 1.0,
        "containment_of": round(shared / other, 4) if other else 1.0,
        "shared_shingles": shared,
        "shared_passages": [p.as_dict() for p in passages],
    }


def _engine_story(
    store: Store, text: str, *, title: str | None, published: str | None
) -> str | None:
    """Ask the clustering engine which stored story the text would join (None: a new one)."""
    config = ClusterConfig()
    try:
        day = parse_date(published)
    except ValueError:
        day = None
    item = prepare(ClusterItem(MATCH_ID, text, title or "", day), config)
    tag = fingerprint(config)
    # The state as of the text's date; a text older than every checkpoint meets the newest state
    # (later stories included), placed by its own date all the same.
    checkpoint = state_sql.checkpoint_before(store.conn, item.order_key, tag)
    checkpoint = checkpoint or state_sql.checkpoint_before(store.conn, LAST_KEY, tag)
    if checkpoint is None:
        return None
    engine = StoryEngine.from_json(config, checkpoint[1])
    assignment = engine.add(replace(item, order_key=max(item.order_key, engine.last_key)))
    return None if assignment.link.to_article_id is None else engine.resolve(assignment.story_id)
