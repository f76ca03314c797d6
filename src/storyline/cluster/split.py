"""Cut a story that holds two incidents of one kind in two, as it grows.

The engine joins an article to a story on a fixed threshold, so two same-kind incidents
("AMD buys ATI", "AMD buys SeaMicro") that share the company and the vocabulary end up as
one story. Relative to the story, they part: on plain TF-IDF cosines of the members' own
counts (one vector of terms and names, idf from the articles seen, no background), the
lowest normalised cut along the Fiedler vector is low between incidents and high inside
one (benchmarks/results/cluster_issue20.md). A story is re-checked when it reaches each
size of a schedule, while it is small enough that every member's counts are kept; the part
that does not hold the story's first member becomes a story of its own, and the two parts
are never merged again as stories (articles may still join either).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from sys import intern

import numpy as np

from storyline.cluster.features import Features
from storyline.cluster.model import ClusterConfig, story_id_for
from storyline.cluster.story_state import Member, StoryState, Vecs, member_order
from storyline.cluster.vectors import ENTITY_PREFIX, DocFreq

SPLIT_PREFIX = "split:"  # a part's id is derived from its first article, apart from its own story


def due(story: StoryState, sizes: Sequence[int]) -> bool:
    """Tell whether a story has reached a size of the schedule it was not checked at."""
    return story.whole and any(story.checked < s <= story.size for s in sizes)


def track(story: StoryState, member: Member, cap: int) -> None:
    """Keep a new member for later checks while the story is within cap members."""
    if story.whole and story.size <= cap:
        story.kept.append(member)
    else:
        story.whole, story.kept = False, []


def track_merge(keep: StoryState, gone: StoryState, cap: int) -> None:
    """Combine what two merging stories keep for checks (after keep absorbed gone)."""
    keep.apart |= gone.apart
    keep.checked = max(keep.checked, gone.checked)
    if keep.whole and gone.whole and keep.size <= cap:
        keep.kept = sorted([*keep.kept, *gone.kept], key=member_order)
    else:
        keep.whole, keep.kept = False, []


def forget(story: StoryState) -> None:
    """Drop a story's kept members (it goes dormant: memory stays bounded by the window)."""
    story.whole, story.kept = False, []


def repeats(features: Features, vecs: Vecs) -> dict[str, float]:
    """Return the counts other than 1 of the terms and names an article's vectors keep.

    Most kept keys occur once: storing only the others keeps a member's cost near its vectors.
    """
    # The vectors' keys (interned: shared with them), not the features' own strings.
    terms = {k: c for k in vecs[0] if (c := features.terms.get(k, 1.0)) != 1.0}
    names = {
        intern(ENTITY_PREFIX + k): c for k in vecs[1] if (c := features.entities.get(k, 1.0)) != 1.0
    }
    return terms | names


def tfidf_cosines(members: Sequence[Member], df: DocFreq) -> np.ndarray:
    """Return the members' pairwise cosines on TF-IDF of their own keys (no background idf).

    The keys are those the member's term and name vectors keep, with their counts in the
    article (Member.repeats), weighed by idf among the articles seen so far.
    """
    docs, seen = max(df.docs, 1), df.counts.get
    rows: list[dict[str, float]] = []
    for member in members:
        count = member.repeats.get
        keys = [*member.vecs[0], *(ENTITY_PREFIX + k for k in member.vecs[1])]
        raw = {k: (1.0 + math.log(count(k, 1.0))) * math.log(docs / seen(k, 1)) for k in keys}
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        rows.append({k: w / norm for k, w in raw.items()})
    return row_products(rows)


def row_products(rows: Sequence[dict[str, float]]) -> np.ndarray:
    """Return the rows' pairwise dot products, each summed in its first row's key order.

    The same floats as `sum(w * b.get(k, 0.0) for k, w in a.items())` for a before b: the
    products are IEEE multiplications either way and cumsum adds them one by one in that
    order (a key b lacks adds 0.0, which changes no sum of non-negative weights). In numpy,
    a story's check costs a few array operations per member instead of a Python step per
    key and pair (most of a split check's time).
    """
    column: dict[str, int] = {}
    for row in rows:
        for key in row:
            column.setdefault(key, len(column))
    dense = np.zeros((len(rows), len(column)))
    for i, row in enumerate(rows):
        dense[i, [column[k] for k in row]] = list(row.values())
    sim = np.zeros((len(rows), len(rows)))
    for i, row in enumerate(rows[:-1]):
        if not row:
            continue
        cols = [column[k] for k in row]
        products = dense[i + 1 :, cols] * dense[i, cols]
        sim[i, i + 1 :] = sim[i + 1 :, i] = np.cumsum(products, axis=1)[:, -1]
    return sim


def lowest_cut(sim: np.ndarray) -> tuple[float, list[int], list[int]]:
    """Return the lowest normalised cut along the Fiedler vector, with its two parts."""
    degree = sim.sum(axis=1) + 1e-6
    scale = np.diag(1 / np.sqrt(degree))
    _, vectors = np.linalg.eigh(scale @ (np.diag(degree) - sim) @ scale)
    order = [int(i) for i in np.argsort(scale @ vectors[:, 1], kind="stable")]
    best: tuple[float, list[int], list[int]] = (math.inf, order, [])
    with np.errstate(divide="ignore", invalid="ignore"):  # a part no member is close to
        for k in range(1, len(order)):
            a, b = order[:k], order[k:]
            cut = float(sim[np.ix_(a, b)].sum() * (1 / sim[a].sum() + 1 / sim[b].sum()))
            if cut < best[0]:
                best = (cut, a, b)
    return best


def find_cut(story: StoryState, df: DocFreq, config: ClusterConfig) -> list[Member]:
    """Return the members to move out of a story (none when it holds one incident)."""
    story.checked = story.size
    members = story.kept
    if len(members) < 2 * config.split_min_part or len(members) > config.split_share * df.docs:
        return []
    cut, part_a, part_b = lowest_cut(tfidf_cosines(members, df))
    if not cut < config.split_bar or min(len(part_a), len(part_b)) < config.split_min_part:
        return []
    moved = part_a if 0 in part_b else part_b  # the story keeps its first member
    groups = {members[i].group for i in moved} - {None}
    # Copies of one article stay together: a copy follows its group into the new part.
    return [m for i, m in enumerate(members) if i in moved or m.group in groups]


def cut_story(story: StoryState, moved: Sequence[Member], *, keep: int) -> StoryState:
    """Move members out of a story into a new one; return the new story (its index is empty)."""
    ids = {m.article_id for m in moved}
    stay = [m for m in story.kept if m.article_id not in ids]
    first = moved[0].article_id
    # The part's founder key sorts after the story's: it is the younger of the two.
    part = StoryState(story_id_for(SPLIT_PREFIX + first), story.founder_key + "/" + first)
    for target, members in ((story, stay), (part, list(moved))):
        _rebuild(target, members, keep=keep)
    story.apart.add(part.id)
    part.apart.add(story.id)
    part.checked = story.checked
    return part


def _rebuild(story: StoryState, members: list[Member], *, keep: int) -> None:
    """Recompute a story's sums, span and recent members from its members."""
    story.sums = [{} for _ in story.sums]
    story.counts = [0 for _ in story.counts]
    story.times, story.t_min, story.t_max = [], None, None
    story.size, story.recent, story.names_norm2 = 0, [], 0
    for member in members:
        story.add_member(member, keep=keep)
    story.kept = list(members)
    story.signature = set()


def vetoed(story: StoryState, rival: StoryState, resolve: Callable[[str], str]) -> bool:
    """Tell whether two stories hold the parts of one split (resolve: an id to its story now)."""
    return any(resolve(p) == rival.id for p in story.apart) or any(
        resolve(p) == story.id for p in rival.apart
    )
