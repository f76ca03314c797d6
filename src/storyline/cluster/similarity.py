"""The same-story score of two texts, with its reasons: the engine's own judgement of a pair."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from storyline.cluster.batch import prepare
from storyline.cluster.engine import StoryEngine
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.cluster.story_state import CHANNELS, Verdict
from storyline.errors import UsageError

MAX_CHARS = 200_000  # a text longer than this is not an article: refuse it, do not hang on it


@dataclass(frozen=True)
class Similarity:
    """How alike two texts are as reports of one story, and whether the engine joins them."""

    score: float  # the score the later text has against the earlier one's story
    needed: float  # the score it needs (its length decides which bar)
    same_story: bool  # what clustering the two texts alone decides
    channels: dict[str, float]  # mean cosine per channel
    contributions: dict[str, float]  # each channel's share of the score before the factors
    factors: dict[str, float]  # headline-only, entity gate; penalties for time and conflict
    reasons: tuple[str, ...]  # the same, in words

    def to_json(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {
            "score": round(self.score, 4),
            "needed": round(self.needed, 4),
            "same_story": self.same_story,
            "channels": {k: round(v, 4) for k, v in self.channels.items()},
            "contributions": {k: round(v, 4) for k, v in self.contributions.items()},
            "factors": {k: round(v, 4) for k, v in self.factors.items()},
            "reasons": list(self.reasons),
        }


def similarity(
    a: str | ClusterItem, b: str | ClusterItem, *, config: ClusterConfig | None = None
) -> Similarity:
    """Return the same-story score of two texts (or items) with its reasons.

    The two are taken in canonical order (publication time, then id; a plain text's id is a
    hash of it), as clustering takes them: the later one is judged against the story the
    earlier one opens.
    """
    config = config or ClusterConfig()
    first, second = sorted((_item(a, "a"), _item(b, "b")), key=lambda i: i.order_key)
    engine = StoryEngine(config)
    opened = engine.add(prepare(first, config))
    verdict = engine.judge(prepare(second, config), opened.story_id)
    return _explain(verdict)


def text_item(text: str, title: str = "", published: str | None = None) -> ClusterItem:
    """Return an item named by its content: (a, b) and (b, a) then sort the same way."""
    blob = "\x00".join((title, text, published or "")).encode("utf-8")
    return ClusterItem(
        f"text-{hashlib.blake2b(blob, digest_size=8).hexdigest()}", text, title, published
    )


def _item(value: str | ClusterItem, name: str) -> ClusterItem:
    if isinstance(value, ClusterItem):
        item = value
    elif isinstance(value, str):
        item = text_item(value)
    else:
        raise UsageError(f"text {name} must be a string or a ClusterItem")
    if len(item.text) + len(item.title) > MAX_CHARS:
        raise UsageError(f"text {name} is over {MAX_CHARS:,} characters")
    if not (item.text.strip() or item.title.strip()):
        raise UsageError(f"text {name} is empty")
    return item


def _explain(verdict: Verdict) -> Similarity:
    parts = verdict.parts
    factors = {
        "headline_only": parts.headline_factor,
        "entity_gate": parts.gate_factor,
        "time_penalty": verdict.time_penalty,
        "conflict_penalty": verdict.conflict,
    }
    shares = dict(zip(CHANNELS, parts.shares, strict=True))
    reasons = [f"{name} {share:+.3f}" for name, share in shares.items() if share]
    if parts.headline_factor < 1:
        reasons.append(f"one side has a headline only: x{parts.headline_factor:.2f}")
    if parts.gate_factor < 1:
        reasons.append(f"few shared names (entity gate): x{parts.gate_factor:.2f}")
    if parts.boosted:
        reasons.append("near-identical headlines set the score")
    if parts.nearest:
        reasons.append("a headline close to a few of the story's articles set the score")
    if verdict.time_penalty:
        reasons.append(f"apart in time: -{verdict.time_penalty:.3f}")
    if verdict.conflict:
        reasons.append(f"names or figures the other lacks: -{verdict.conflict:.3f}")
    if not verdict.retrieved:
        reasons.append("no distinctive word or name in common: the story is never compared")
    if not verdict.may_continue:
        reasons.append("a long silence: the later text must name the earlier one's names")
    verb = "joins" if verdict.same else "does not join"
    reasons.append(f"score {verdict.score:.3f} against {verdict.needed:.3f} needed: {verb}")
    return Similarity(
        score=verdict.score,
        needed=verdict.needed,
        same_story=verdict.same,
        channels=dict(zip(CHANNELS, parts.means, strict=True)),
        contributions=shares,
        factors=factors,
        reasons=tuple(reasons),
    )
