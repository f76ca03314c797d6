"""The streaming story engine: each article joins the best open story or opens a new one.

Articles must arrive in canonical order (publication time, then id); the engine's state
after any prefix is then a pure function of that prefix, which is what lets a replay from
a checkpoint give exactly what a batch run gives.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.cluster.archive import StoryArchive
from storyline.cluster.background import load_background
from storyline.cluster.explain import explain_link
from storyline.cluster.model import Assignment, ClusterConfig, Link, story_id_for
from storyline.cluster.postings import Postings
from storyline.cluster.prepared import Prepared
from storyline.cluster.retrieval import top_keys, weighted_keys
from storyline.cluster.scoring import Scorer
from storyline.cluster.split import (
    cut_story,
    due,
    find_cut,
    forget,
    repeats,
    track,
    track_merge,
    vetoed,
)
from storyline.cluster.story_state import (
    Member,
    StoryState,
    Vecs,
    Verdict,
    content_parts,
    time_penalty,
)
from storyline.cluster.vectors import ENTITY_PREFIX, SCALE, DocFreq, weigh
from storyline.errors import UsageError

DAY = 86_400.0
MAX_POSTINGS = 1000  # a key naming more stories than this does not retrieve
SIGNATURE_CAP = 120  # index keys kept per story: bounds the index for long stories


@dataclass
class _Group:
    story: str
    founder_key: str
    first_article: str


@dataclass
class StoryEngine:
    """Assign articles, in canonical order, to stories kept in an active time window."""

    config: ClusterConfig
    df: DocFreq = field(default_factory=DocFreq)
    stories: dict[str, StoryState] = field(default_factory=dict)
    alias: dict[str, str] = field(default_factory=dict)  # merged-away story -> survivor
    groups: dict[str, _Group] = field(default_factory=dict)  # duplicate group -> its story
    moved: dict[str, str] = field(default_factory=dict)  # article cut out of its story -> part
    now: float | None = None
    last_key: str = ""
    archive: StoryArchive = field(default_factory=lambda: StoryArchive(0))
    _index: Postings = field(default_factory=Postings)
    _scorer: Scorer = field(init=False, repr=False)
    _expiry: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._scorer = Scorer(self.config)
        if self.archive.capacity != self.config.archive_stories:
            self.archive = StoryArchive(self.config.archive_stories)
        if self.config.background:
            load_background().under(self.df)

    def add(self, item: Prepared) -> Assignment:
        """Place one article; return its story and the link that explains it."""
        if item.order_key < self.last_key:
            raise UsageError(f"article {item.article_id} arrives out of canonical order")
        self.last_key = item.order_key
        self.df.add(item.features.each_df_key())
        stamp = item.features.timestamp
        member = self._member(item)
        if stamp is not None:
            self.now = stamp if self.now is None else max(self.now, stamp)
            self._evict()
        keys = weighted_keys(member.vecs)  # once: they retrieve, then index the story
        story, link, rivals, reached = self._place(item, member, keys)
        story.add_member(member, keep=self.config.link_members)
        track(story, member, self.config.kept_cap)
        self._index_story(story, tuple(key for key, _ in keys))
        if stamp is not None:
            heapq.heappush(self._expiry, (story.t_max or stamp, story.id))
        if item.group is not None and item.group not in self.groups:
            self.groups[item.group] = _Group(story.id, story.founder_key, item.article_id)
        final = self._merge_rivals(story, rivals, bridge=member, reached=reached)
        if self.config.split_bar > 0 and due(final, self.config.split_sizes):
            self._split(final)
        now_in = self.story_of(item.article_id, final.id)
        return Assignment(item.article_id, now_in, item.order_key, link)

    def judge(self, item: Prepared, story_id: str) -> Verdict:
        """Score an article against one open story as placing would, without placing it.

        The article's words are counted in the document frequencies, as add() counts them.
        """
        self.df.add(item.features.each_df_key())
        member = self._member(item)
        story = self.stories[self.resolve(story_id)]
        parts = content_parts(
            self.config,
            (member.vecs, member.counts),
            (story.sums, story.counts),
            names_norm2=(member.names_norm2, story.names_norm2),
            gate=not self._scorer.about(member, story),
            gate_level=self._scorer.gate_level(member),
        )
        nearest = self._scorer.nearest(member, story)
        if nearest > parts.score:
            parts = replace(parts, score=nearest, nearest=True)
        alone = StoryState(id="", founder_key=item.order_key)  # the story it would open
        alone.add_member(member, keep=1)
        merge_ok = self._scorer.may_meet(member.vecs[1], story, span=(member.timestamp,) * 2)
        return Verdict(
            parts=parts,
            retrieved=any(s.id == story.id for s in self._retrieve(weighted_keys(member.vecs))),
            time_penalty=time_penalty(self.config, member.times, story.times),
            conflict=self._scorer.conflict(member.vecs, story),
            needed=self._needed(story, self._scorer.bar(member)),
            may_continue=self._may_continue(member, story),
            merge_score=self._scorer.score(alone, story),
            merge_needed=self.config.threshold + self.config.merge_margin,
            may_merge=merge_ok,
        )

    def resolve(self, story_id: str) -> str:
        """Follow merges from a story id to the story that holds its articles now."""
        root = story_id
        while root in self.alias:
            root = self.alias[root]
        while story_id != root:  # path compression keeps lookups short
            self.alias[story_id], story_id = root, self.alias[story_id]
        return root

    def story_of(self, article_id: str, story_id: str) -> str:
        """Return the story an article is in now, given the one it was placed in."""
        return self.resolve(self.moved.get(article_id, story_id))

    def to_json(self, *, copy: bool = True) -> dict[str, Any]:
        """Return the whole state as JSON-ready data (a checkpoint).

        copy=False shares the engine's tables instead of copying them: for a caller that
        serialises the result at once (packing a checkpoint), before the next add().
        """
        return {
            "docs": self.df.docs,
            "df": dict(self.df.counts) if copy else self.df.counts,
            "stories": [story.to_json(copy=copy) for story in self.stories.values()],
            "alias": dict(self.alias) if copy else self.alias,
            "groups": {
                k: [g.story, g.founder_key, g.first_article] for k, g in self.groups.items()
            },
            "archive": self.archive.to_json(copy=copy),
            "now": self.now,
            "last_key": self.last_key,
            "moved": dict(self.moved),
        }

    @classmethod
    def from_json(cls, config: ClusterConfig, data: dict[str, Any]) -> StoryEngine:
        """Rebuild an engine from a checkpoint written by to_json."""
        engine = cls(
            config,
            df=DocFreq(int(data["docs"]), Counter({str(k): int(v) for k, v in data["df"].items()})),
            alias={str(k): str(v) for k, v in data["alias"].items()},
            groups={
                str(k): _Group(str(v[0]), str(v[1]), str(v[2])) for k, v in data["groups"].items()
            },
            archive=StoryArchive.from_json(config.archive_stories, data.get("archive", [])),
            now=data["now"],
            last_key=str(data["last_key"]),
            moved={str(k): str(v) for k, v in data.get("moved", {}).items()},
        )
        for raw in data["stories"]:
            story = StoryState.from_json(raw)
            engine.stories[story.id] = story
            engine._index.add(story.id, story.signature)
            if story.t_max is not None:
                heapq.heappush(engine._expiry, (story.t_max, story.id))
        return engine

    # -- placing ----------------------------------------------------------------
    def _member(self, item: Prepared) -> Member:
        feats = item.features
        vecs = self._vectors(item)
        return Member(
            item.article_id,
            feats.timestamp,
            vecs,
            feats.subject,
            self._scorer.is_brief(feats),
            repeats(feats, vecs) if self.config.split_bar > 0 else {},
            item.group,
        )

    def _vectors(self, item: Prepared) -> Vecs:
        """Weigh an article's counts by the document frequencies seen so far."""
        cfg, feats, df = self.config, item.features, self.df
        prior = df.fits(feats.terms or feats.title)  # a headline alone when the body failed
        return (
            weigh(feats.terms, df, top=cfg.top_terms, prior=prior),
            weigh(feats.entities, df, prefix=ENTITY_PREFIX, top=cfg.top_entities, prior=prior),
            weigh(feats.title, df, top=cfg.top_terms, prior=prior),
            {str(i): round(x * SCALE) for i, x in enumerate(feats.embedding)},
        )

    def _place(
        self, item: Prepared, member: Member, keys: list[tuple[str, int]]
    ) -> tuple[StoryState, Link, list[StoryState], set[str]]:
        """Pick the story for an article: its duplicates' story, the best match, or a new one.

        Also return the stories worth checking for a merge with the one it joins: those it
        was close enough to join (it may bridge them), and the lone articles found for it (a
        report that no single article was close to may meet the story grown by this one);
        and the ids of those it was close enough to join.
        """
        found = self._retrieve(keys)
        scored = sorted(
            ((self._scorer.score(member, s), s) for s in found if self._may_continue(member, s)),
            key=lambda pair: (-pair[0], pair[1].founder_key),
        )
        needed = self._scorer.bar(member)
        rivals = [s for score, s in scored if score >= self._needed(s, needed)]
        group = self.groups.get(item.group) if item.group is not None else None
        if group is not None:
            story = self._story(self.resolve(group.story), group.founder_key)
            link = explain_link(
                self.config, story, member, kind="duplicate", to=group.first_article
            )
        elif rivals:
            story = self._story(rivals[0].id, rivals[0].founder_key)
            link = explain_link(self.config, story, member, kind="similar")
        else:
            story = self._story(story_id_for(item.article_id), item.order_key)
            link = Link(item.article_id, None, "first")
        reached = {s.id for s in rivals}
        lone = [s for s in found if s.size == 1 and s.id not in reached]
        others = [s for s in (*self._active(rivals), *lone) if s.id != story.id]  # lone: any
        return story, link, others, reached

    def _may_continue(self, member: Member, story: StoryState) -> bool:
        """Tell whether an article may join a story: after a silence, only by naming its names.

        A town's second earthquake a month on shares the town and the country with the first,
        and little else; a story's own follow-up names several of its people and places again.
        """
        stamp = member.timestamp
        if member.brief and self.config.short_silence:
            return True  # a headline names one or two names: it cannot name three again
        return self._scorer.may_meet(member.vecs[1], story, span=(stamp, stamp))

    def _needed(self, story: StoryState, threshold: float) -> float:
        """Return the score an article needs to join a story (plus dormant_margin to wake one)."""
        if story.id in self.archive.stories:
            return threshold + self.config.dormant_margin
        return threshold

    def _active(self, stories: list[StoryState]) -> list[StoryState]:
        """Keep the stories of the active window (a dormant rival story is not merged)."""
        return [s for s in stories if s.id in self.stories]

    def _story(self, story_id: str, founder_key: str) -> StoryState:
        """Return an active story: wake it from the archive, or reopen it empty when forgotten."""
        story = self.stories.get(story_id)
        if story is not None:
            return story
        if story_id in self.archive.stories:
            story = self.archive.take(story_id)
            self._index.add(story.id, story.signature)
        else:
            story = StoryState(id=story_id, founder_key=founder_key)
        self.stories[story_id] = story
        return story

    def _retrieve(self, keys: list[tuple[str, int]]) -> list[StoryState]:
        """Find the stories sharing the article's strongest, not-too-common keys (weighted)."""
        hits: dict[str, int] = {}
        common = self.config.common_share if self.df.total >= 100 else 1.0
        for key, weight in keys:
            raw = key[2:] if key.startswith("t:") else ENTITY_PREFIX + key[2:]
            if self.df.share(raw) > common:
                continue  # too common to tell stories apart
            for postings in (self._index.get(key), self.archive.postings(key)):
                if len(postings) > MAX_POSTINGS:
                    continue
                get = hits.get
                for story_id in postings:
                    hits[story_id] = get(story_id, 0) - weight  # negated: smallest is best
        # (-weight, id) tuples compare in C: no key function called per hit.
        ranked = zip(hits.values(), hits.keys(), strict=True)
        best = heapq.nsmallest(self.config.candidates, ranked)
        return [self.stories.get(s) or self.archive.stories[s] for _, s in best]

    # -- merging ----------------------------------------------------------------
    def _merge_rivals(
        self, story: StoryState, rivals: list[StoryState], *, bridge: Member, reached: set[str]
    ) -> StoryState:
        """Merge into story every rival now as similar to it as an article must be to join.

        A story grown by one article may meet a fragment of itself that no single article
        bridged; the silence rule holds between stories as it does for articles. A lone
        article that the bridge could have joined is timed against the bridge, not the
        story's every member: through the bridge the story has come to its time. (An RT
        show page on the Las Vegas shooting, dated with RT's report weeks after the
        shooting, met the story on words but not on time until that report joined it.)
        A lone article may have gone dormant: it is woken and merged as an active one would
        be (plus dormant_margin), the silence rule included. (The Independent's report on
        Tiangong-1 out of control, a year before the reports of its fall, was their story's
        first, but no one of them named three of its names.)
        """
        needed = self.config.threshold + self.config.merge_margin
        for rival in sorted(rivals, key=lambda r: r.founder_key):
            dormant = rival.id in self.archive.stories
            if rival.id == story.id or not (rival.id in self.stories or dormant):
                continue
            if vetoed(story, rival, self.resolve):
                continue  # the parts of a split story stay apart
            if not self._scorer.may_meet(story.sums[1], rival, span=(story.t_min, story.t_max)):
                continue
            bridged = rival.size == 1 and rival.id in reached
            score = self._scorer.score(story, rival, times=bridge.times if bridged else None)
            if score >= needed + (self.config.dormant_margin if dormant else 0.0):
                story = self._merge(story, self._story(rival.id, rival.founder_key))
        return story

    def _merge(self, a: StoryState, b: StoryState) -> StoryState:
        """Fold the younger story into the older one; the older keeps its id."""
        keep, gone = (a, b) if a.founder_key <= b.founder_key else (b, a)
        keep.absorb(gone, keep=self.config.link_members)
        track_merge(keep, gone, self.config.kept_cap)
        self._index.remove(gone.id, gone.signature)
        self._index.add(keep.id, gone.signature)
        del self.stories[gone.id]
        self.alias[gone.id] = keep.id
        if keep.t_max is not None:
            heapq.heappush(self._expiry, (keep.t_max, keep.id))
        return keep

    def _split(self, story: StoryState) -> None:
        """Cut a story holding two incidents in two (split.py); the part gets its own id."""
        moved = find_cut(story, self.df, self.config)
        if not moved:
            return
        indexed = story.signature  # cut_story gives the story a new, empty signature
        part = cut_story(story, moved, keep=self.config.link_members)
        self._index.remove(story.id, indexed)
        self.stories[part.id] = part
        for state in (story, part):
            for member in state.kept:
                self._index_story(state, top_keys(member.vecs))
            if state.t_max is not None:
                heapq.heappush(self._expiry, (state.t_max, state.id))
        for member in moved:
            self.moved[member.article_id] = part.id
            group = self.groups.get(member.group) if member.group is not None else None
            if group is not None and self.resolve(group.story) == story.id:
                group.story, group.founder_key = part.id, part.founder_key

    # -- window -----------------------------------------------------------------
    def _index_story(self, story: StoryState, keys: tuple[str, ...]) -> None:
        for key in keys:
            if len(story.signature) >= SIGNATURE_CAP:
                break
            if key not in story.signature:
                story.signature.add(key)
                self._index.add(story.id, (key,))

    def _evict(self) -> None:
        """Send stories silent longer than the window dormant, and the stalest past the cap.

        The cap bounds memory on a busy feed, where 60 days can hold millions of articles.
        Their articles stay assigned.
        """
        if self.now is None:
            return
        cutoff = self.now - self.config.window_days * DAY
        cap = self.config.active_stories
        while self._expiry and (self._expiry[0][0] < cutoff or len(self.stories) > cap):
            stamp, story_id = heapq.heappop(self._expiry)
            story = self.stories.get(story_id)
            if story is None or story.t_max != stamp:
                continue  # merged away, or active since: a newer heap entry covers it
            self._index.remove(story_id, story.signature)
            forget(story)
            self.archive.add(self.stories.pop(story_id))
