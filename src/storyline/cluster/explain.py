"""Why an article joined its story: the closest recent member, the score, what they share."""

from __future__ import annotations

from storyline.cluster.model import ClusterConfig, Link
from storyline.cluster.story_state import Member, StoryState, content_similarity
from storyline.cluster.vectors import shared_top

DAY = 86_400.0


def explain_link(
    config: ClusterConfig, story: StoryState, new: Member, *, kind: str, to: str | None = None
) -> Link:
    """Explain a placement by the closest recent member (or the given duplicate)."""
    best: tuple[float, Member] | None = None
    for member in story.recent:
        if to is not None and member.article_id != to:
            continue
        score, _ = content_similarity(config, new.vecs, new.counts, member.vecs, member.counts)
        if best is None or score > best[0]:
            best = (score, member)
    if best is None:
        return Link(new.article_id, to, kind)
    score, other = best
    dated = new.timestamp is not None and other.timestamp is not None
    gap = abs((new.timestamp or 0.0) - (other.timestamp or 0.0)) / DAY
    return Link(
        new.article_id,
        other.article_id,
        kind,
        score=round(score, 4),
        shared_entities=shared_top(new.vecs[1], other.vecs[1], limit=5),
        shared_terms=shared_top(new.vecs[0], other.vecs[0], limit=5),
        days_apart=round(gap, 2) if dated else None,
    )
