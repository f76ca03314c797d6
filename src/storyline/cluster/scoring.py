"""How well an article or story matches a story: the scores and gates the engine decides by.

Pure functions of the configuration and the two sides: the engine holds one Scorer and
asks it, so the rules can be read (and tested) apart from the engine's bookkeeping.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from storyline.cluster.conflict import name_conflict, number_conflict
from storyline.cluster.features import Features, count_names
from storyline.cluster.model import ClusterConfig
from storyline.cluster.story_state import (
    Member,
    StoryState,
    Vecs,
    content_similarity,
    time_gap_days,
    time_penalty,
)
from storyline.cluster.vectors import Vec

SUBJECT_RANK = 2  # a headline's name must be among a story's 2 strongest to vouch for it


@dataclass(frozen=True)
class Scorer:
    """Score articles and stories against a story under one configuration."""

    config: ClusterConfig

    def may_meet(
        self, names: Vec, story: StoryState, *, span: tuple[float | None, float | None]
    ) -> bool:
        """Tell whether articles spanning span may join a story across the silence between."""
        cfg = self.config
        if cfg.silence_names <= 0:
            return True
        if time_gap_days(*span, story.t_min, story.t_max) < cfg.silence_days:
            return True
        return count_names(names.keys() & story.sums[1].keys()) >= cfg.silence_names

    def is_brief(self, feats: Features) -> bool:
        """Tell whether an article is a brief: a few words that say no more than its headline.

        A headline-only feed's items are such. A short passage of prose without a headline
        is not: its names are real names, so it keeps the body's settings (ECB+ snippets).
        """
        cfg = self.config
        return feats.words < cfg.short_words and (feats.headline_only or not cfg.brief_is_headline)

    def bar(self, member: Member) -> float:
        """Return the score an article needs: a brief has its own bar.

        Two headlines of one story share a few words, so their cosines stay far below two
        bodies'; held to the body threshold, a headline-only feed falls into singletons.
        """
        return self.config.short_threshold if member.brief else self.config.threshold

    def score(
        self, group: Member | StoryState, story: StoryState, *, times: list[float] | None = None
    ) -> float:
        """Return the average-link content similarity minus the time penalty.

        times: the times the penalty measures story's against (default: the group's).
        """
        content, _ = content_similarity(
            self.config,
            group.vecs if isinstance(group, Member) else group.sums,
            group.counts,
            story.sums,
            story.counts,
            names_norm2=(group.names_norm2, story.names_norm2),
            gate=not (isinstance(group, Member) and self.about(group, story)),
            gate_level=self.gate_level(group),
        )
        if isinstance(group, Member):
            content = max(content, self.nearest(group, story))
        return (
            content
            - time_penalty(self.config, group.times if times is None else times, story.times)
            - self.conflict(group.vecs if isinstance(group, Member) else group.sums, story)
        )

    def nearest(self, member: Member, story: StoryState) -> float:
        """Return a brief's mean similarity to its best-matching members of a larger story.

        A story of many headlines says the same thing many ways: a new headline echoes a few of
        them and shares little with the rest, so its average over all of them falls as the story
        grows (a headline feed's long story fell into pieces). 0 when the rule does not apply.
        """
        k = self.config.brief_link
        if not k or not member.brief or story.size <= k:
            return 0.0
        pool = story.kept if story.whole and story.kept else story.recent
        if len(pool) < k:
            return 0.0
        level = self.gate_level(member)
        best = heapq.nlargest(
            k,
            (
                content_similarity(
                    self.config, member.vecs, member.counts, m.vecs, m.counts, gate_level=level
                )[0]
                for m in pool
            ),
        )
        return sum(best) / k

    def conflict(self, vecs: Vecs | list[Vec], story: StoryState) -> float:
        """Return the penalty for naming leading names and figures the story never names."""
        cfg = self.config
        penalty = 0.0
        if cfg.conflict_weight > 0:
            penalty += cfg.conflict_weight * name_conflict(vecs[1], story.sums[1])
        if cfg.number_weight > 0:
            penalty += cfg.number_weight * number_conflict(vecs[0], story.sums[0])
        return penalty

    def gate_level(self, group: Member | StoryState) -> float:
        """Return the entity gate for a group: a short text names too little to be gated hard."""
        brief = isinstance(group, Member) and group.brief
        return self.config.short_gate if brief else self.config.entity_gate

    def about(self, member: Member, story: StoryState) -> bool:
        """Tell whether a headline names only a story's names, one of them among its strongest.

        Such an article is about the story's subject. The entity gate keeps apart same-kind
        events whose people and places differ; a report on the subject that quotes others
        ("Bitcoin slumps", over a body of analysts and exchanges) is not one of those.
        MiniLM scores same-kind events high, so with it the gate stays (semantic settings).
        """
        subject, names = member.subject, story.sums[1]
        if not self.config.subject_lifts_gate or not subject or not subject <= names.keys():
            return False
        strongest = heapq.nsmallest(SUBJECT_RANK, names.items(), key=lambda kv: (-kv[1], kv[0]))
        return any(name in subject for name, _ in strongest)
