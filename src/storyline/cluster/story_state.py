"""One open story inside the engine: exact centroid sums, time span, recent members."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from storyline.cluster.model import ClusterConfig
from storyline.cluster.vectors import SCALE, Vec, add_into, dot, norm2

DAY = 86_400.0
CHANNELS = ("terms", "entities", "title", "semantic")  # what articles and stories are compared on
Vecs = tuple[Vec, Vec, Vec, Vec]  # the semantic channel stays empty unless enabled
SMALL_PAIRS = 32  # pure Python below this many pairs, numpy above
MAX_TIMES = 256  # members per side that the time penalty looks at
GATE_FLOOR = 0.2  # the gate never shrinks a score below GATE_FLOOR ** GATE_POWER of itself
GATE_POWER = 2  # squared: one shared generic name ("Airlines") is not enough


@dataclass
class Member:
    """A recent member kept to explain links: its vectors and time."""

    article_id: str
    timestamp: float | None
    vecs: Vecs
    subject: frozenset[str] = frozenset()  # the names its headline gives (only while placing)
    brief: bool = False  # a few words, no more than a headline (only while placing)
    repeats: dict[str, float] = field(default_factory=dict)  # its keys' counts other than 1
    group: str | None = None  # its duplicate group: copies stay together when a story is cut

    @cached_property
    def counts(self) -> tuple[int, ...]:
        """Return 1 for each channel the member has, as a group of one (vectors never change)."""
        return tuple(1 if vec else 0 for vec in self.vecs)

    @property
    def times(self) -> list[float]:
        """Return the member's time as a list (empty when undated)."""
        return [] if self.timestamp is None else [self.timestamp]

    @cached_property
    def names_norm2(self) -> int:
        """Return the squared norm of the member's name vector."""
        return norm2(self.vecs[1])


@dataclass
class StoryState:
    """The running sums of a story's member vectors and what else placing needs."""

    id: str
    founder_key: str  # canonical key of the first article: the older story survives a merge
    sums: list[Vec] = field(default_factory=lambda: [{} for _ in CHANNELS])
    counts: list[int] = field(default_factory=lambda: [0 for _ in CHANNELS])  # members having each
    times: list[float] = field(default_factory=list)  # dated members' timestamps
    t_min: float | None = None
    t_max: float | None = None
    size: int = 0
    recent: list[Member] = field(default_factory=list)
    signature: set[str] = field(default_factory=set)  # index keys pointing at this story
    names_norm2: int = 0  # squared norm of the name sums: the gate compares name profiles
    kept: list[Member] = field(default_factory=list)  # every member, while whole (split.py)
    whole: bool = True  # False once the story outgrew the members kept for a split check
    checked: int = 0  # the size at which a split was last checked
    apart: set[str] = field(default_factory=set)  # parts split from it: never merged back

    def add_member(self, member: Member, *, keep: int) -> None:
        """Add one article's vectors to the sums."""
        names = member.vecs[1]
        self.names_norm2 += 2 * dot(names, self.sums[1]) + norm2(names)
        for channel, vec in enumerate(member.vecs):
            add_into(self.sums[channel], vec)
            self.counts[channel] += 1 if vec else 0
        if member.timestamp is not None:
            self.times.append(member.timestamp)
        self._widen(member.timestamp, member.timestamp)
        self.size += 1
        self.recent.append(member)
        del self.recent[:-keep]

    def absorb(self, other: StoryState, *, keep: int) -> None:
        """Fold another story's sums, span and recent members into this one."""
        self.names_norm2 += 2 * dot(other.sums[1], self.sums[1]) + other.names_norm2
        for channel, vec in enumerate(other.sums):
            add_into(self.sums[channel], vec)
            self.counts[channel] += other.counts[channel]
        self.times.extend(other.times)
        self._widen(other.t_min, other.t_max)
        self.size += other.size
        self.recent = sorted([*self.recent, *other.recent], key=member_order)[-keep:]
        self.signature |= other.signature

    def _widen(self, low: float | None, high: float | None) -> None:
        if low is not None:
            self.t_min = low if self.t_min is None else min(self.t_min, low)
        if high is not None:
            self.t_max = high if self.t_max is None else max(self.t_max, high)

    def to_json(self, *, copy: bool = True) -> dict[str, Any]:
        """Return a JSON-ready snapshot of the state (for checkpoints).

        Copies, not references: an in-memory checkpoint must not change as the story grows.
        A recent member that is also kept is written as its place among the kept ones.
        copy=False shares the sums and times instead, for a caller that serialises the result
        before the engine goes on (copying them was most of a checkpoint's time and memory).
        """
        at = {m.article_id: i for i, m in enumerate(self.kept)}
        sums = [dict(vec) for vec in self.sums] if copy else self.sums
        return {
            "id": self.id,
            "founder_key": self.founder_key,
            "sums": sums,
            "counts": list(self.counts),
            "times": list(self.times) if copy else self.times,
            "t_min": self.t_min,
            "t_max": self.t_max,
            "size": self.size,
            "recent": [
                at[m.article_id]
                if m.article_id in at
                else [m.article_id, m.timestamp, list(m.vecs)]
                for m in self.recent
            ],
            "signature": sorted(self.signature),
            "names_norm2": self.names_norm2,
            "kept": [
                [m.article_id, m.timestamp, list(m.vecs), dict(m.repeats), m.group]
                for m in self.kept
            ],
            "whole": self.whole,
            "checked": self.checked,
            "apart": sorted(self.apart),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoryState:
        """Rebuild a state written by to_json."""
        sums = [{str(k): int(v) for k, v in vec.items()} for vec in data["sums"]]
        kept = [_kept_member(raw) for raw in data.get("kept", [])]
        return cls(
            id=data["id"],
            founder_key=data["founder_key"],
            sums=sums,
            counts=[int(c) for c in data["counts"]],
            times=[float(t) for t in data["times"]],
            t_min=data["t_min"],
            t_max=data["t_max"],
            size=int(data["size"]),
            recent=[kept[r] if isinstance(r, int) else _recent_member(r) for r in data["recent"]],
            signature=set(data["signature"]),
            names_norm2=int(data["names_norm2"]) if "names_norm2" in data else norm2(sums[1]),
            kept=kept,
            whole=bool(data.get("whole", False)),
            checked=int(data.get("checked", 0)),
            apart={str(p) for p in data.get("apart", [])},
        )


def _recent_member(raw: list[Any]) -> Member:
    """Rebuild a recent member written in full (to_json's "recent" entries)."""
    article, stamp, v = raw
    return Member(article, stamp, (v[0], v[1], v[2], v[3]))


def _kept_member(raw: list[Any]) -> Member:
    """Rebuild a member kept for split checks (to_json's "kept" entries)."""
    article, stamp, v, counts, group = raw
    vecs = (v[0], v[1], v[2], v[3])
    return Member(
        article, stamp, vecs, repeats={str(k): float(c) for k, c in counts.items()}, group=group
    )


def member_order(member: Member) -> tuple[float, str]:
    """Order members by time, undated last, then by id."""
    return (member.timestamp if member.timestamp is not None else float("inf"), member.article_id)


def time_gap_days(
    low: float | None, high: float | None, t_min: float | None, t_max: float | None
) -> float:
    """Return the days between two time spans (0 when they overlap or one is undated)."""
    if low is None or high is None or t_min is None or t_max is None:
        return 0.0
    if high < t_min:
        return (t_min - high) / DAY
    if low > t_max:
        return (low - t_max) / DAY
    return 0.0


@dataclass(frozen=True)
class ContentParts:
    """How a content similarity came about: each channel's share, the factors, the result."""

    means: tuple[float, ...]  # mean cosine per channel (terms, entities, title, semantic)
    shares: tuple[float, ...]  # each channel's contribution to the blend before the factors
    headline_factor: float  # < 1 when one side is known by its headline alone
    gate_factor: float  # < 1 when the two sides' names differ (the entity gate)
    boosted: bool  # the title boost set the score (a near-identical headline)
    score: float
    nearest: bool = False  # a brief's best-matching members set the score (Scorer.nearest)


@dataclass(frozen=True)
class Verdict:
    """What placing would decide for an article and one story, and why."""

    parts: ContentParts
    retrieved: bool  # the index finds the story for the article (they share a telling key)
    time_penalty: float
    conflict: float  # the penalty for leading names and figures the story lacks
    needed: float  # the score the article needs to join (its length decides which bar)
    may_continue: bool  # False when a long silence bars the story unless names recur
    merge_score: float  # the article's own new story against this one ...
    merge_needed: float  # ... merges at this score
    may_merge: bool

    @property
    def score(self) -> float:
        """Return the joining score: content minus the time and conflict penalties."""
        return self.parts.score - self.time_penalty - self.conflict

    @property
    def same(self) -> bool:
        """Tell whether the engine puts the article into the story (joins, or merges after)."""
        joins = self.may_continue and self.score >= self.needed
        merges = self.may_merge and self.merge_score >= self.merge_needed
        return self.retrieved and (joins or merges)


def content_similarity(
    config: ClusterConfig,
    sums: Vecs | list[Vec],
    counts: tuple[int, ...] | list[int],
    other: Vecs | list[Vec],
    other_counts: tuple[int, ...] | list[int],
    *,
    names_norm2: tuple[int, int] | None = None,
    gate: bool = True,
    gate_level: float | None = None,
) -> tuple[float, tuple[float, ...]]:
    """Return the average-link similarity of two groups, blended over the channels both have.

    Members are unit vectors, so the mean pairwise cosine of two groups is the dot
    product of their sums divided by both sizes: exact, from the running sums alone.
    names_norm2: the squared norms of both sides' name sums, when known (else computed).
    gate: False when the names are known to agree, so the entity gate does not apply.
    gate_level: the gate to apply (default config.entity_gate).
    """
    # The hot path of placing: content_parts gives the same with its reasons, more slowly
    # (tests/cluster/test_similarity.py holds the two to the same decisions).
    level = config.entity_gate if gate_level is None else gate_level
    products, means, used = _channels(config, (sums, counts), (other, other_counts))
    weight = sum(used)
    blend = sum(w * m for w, m in zip(used, means, strict=True)) / weight if weight else 0.0
    if not (counts[0] and other_counts[0]):
        blend *= config.headline_only  # one side is known by its headline alone
    if gate and counts[1] and other_counts[1] and level > 0:
        blend *= _gate_factor(level, products[1], names_norm2 or (norm2(sums[1]), norm2(other[1])))
    return max(blend, config.title_boost * means[2]), tuple(means)


def content_parts(
    config: ClusterConfig,
    side: tuple[Vecs | list[Vec], tuple[int, ...] | list[int]],
    other_side: tuple[Vecs | list[Vec], tuple[int, ...] | list[int]],
    *,
    names_norm2: tuple[int, int] | None = None,
    gate: bool = True,
    gate_level: float | None = None,
) -> ContentParts:
    """Return content_similarity's result with how each channel and factor made it."""
    (sums, counts), (other, other_counts) = side, other_side
    level = config.entity_gate if gate_level is None else gate_level
    products, means, used = _channels(config, side, other_side)
    weight = sum(used)
    shares = tuple(w * m / weight if weight else 0.0 for w, m in zip(used, means, strict=True))
    headline = 1.0 if counts[0] and other_counts[0] else config.headline_only
    factor = 1.0
    if gate and counts[1] and other_counts[1] and level > 0:
        # Same-kind events share their vocabulary, not their people and places: without
        # shared names, word overlap alone cannot make two reports one story. Compared as
        # profiles (the cosine of the name sums), not member by member: a story whose
        # reports each quote other people still has names that every report shares.
        factor = _gate_factor(level, products[1], names_norm2 or (norm2(sums[1]), norm2(other[1])))
    blend = sum(shares) * headline * factor
    # A near-identical headline says "same event" even when a body failed to extract.
    boost = config.title_boost * means[2]
    return ContentParts(tuple(means), shares, headline, factor, boost > blend, max(blend, boost))


Side = tuple[Vecs | list[Vec], tuple[int, ...] | list[int]]  # channel sums and member counts


def _channels(
    config: ClusterConfig, side: Side, other_side: Side
) -> tuple[list[int], list[float], list[float]]:
    """Return each channel's dot product, mean pairwise cosine, and weight (0 if a side lacks it).

    Members are unit vectors, so the mean pairwise cosine of two groups is the dot product of
    their sums divided by both sizes: exact, from the running sums alone.
    """
    (sums, counts), (other, other_counts) = side, other_side
    weights = (
        config.term_weight,
        config.entity_weight,
        config.title_weight,
        config.semantic_weight,
    )
    products: list[int] = []
    means: list[float] = []
    used: list[float] = []
    for channel, weight in enumerate(weights):
        pairs = counts[channel] * other_counts[channel]
        products.append(dot(sums[channel], other[channel]) if pairs else 0)
        means.append(products[-1] / (SCALE * SCALE * pairs) if pairs else 0.0)
        used.append(weight if pairs else 0.0)
    return products, means, used


def _gate_factor(level: float, names_dot: int, norms: tuple[int, int]) -> float:
    """Return the entity gate's factor from the cosine of two name profiles."""
    profile = names_dot / math.sqrt(norms[0] * norms[1]) if norms[0] and norms[1] else 0.0
    return float(min(1.0, (profile + GATE_FLOOR * level) / level) ** GATE_POWER)


def time_penalty(config: ClusterConfig, times: list[float], other: list[float]) -> float:
    """Return the mean penalty over member pairs for being apart in time (Miranda et al.)."""
    if not times or not other:
        return 0.0
    scale = config.time_scale_days * DAY
    if len(times) * len(other) <= SMALL_PAIRS:
        mean = sum(1.0 - math.exp(-abs(a - b) / scale) for a in times for b in other)
        return config.time_penalty * mean / (len(times) * len(other))
    a = np.asarray(times[-MAX_TIMES:])  # the latest members say where a long story is now
    b = np.asarray(other[-MAX_TIMES:])
    gaps = np.abs(a[:, None] - b[None, :]) / scale
    return config.time_penalty * float(np.mean(1.0 - np.exp(-gaps)))
