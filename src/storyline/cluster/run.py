"""Cluster the articles of a store incrementally: place what is new, replay what arrived late.

The stored stories always equal a batch run over the current articles in canonical order:
new articles that sort after everything placed simply continue the stream; an article that
sorts earlier (or changed, or whose duplicate group changed) restarts the engine from the
newest checkpoint before it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from itertools import islice

from storyline.cluster.background import load_background
from storyline.cluster.batch import prepare_all
from storyline.cluster.engine import StoryEngine
from storyline.cluster.events import diff_stories
from storyline.cluster.model import (
    UNDATED,
    Assignment,
    ClusterConfig,
    ClusterItem,
    StoryEvent,
    order_key,
)
from storyline.cluster.ports import ClusterStore, ClusterTables, HeldCheckpoints
from storyline.cluster.prepared import Prepared
from storyline.models import ClusterInput, MemberKey, MemberRow
from storyline.workers import Workers, worker_pool
from storyline.young import young_only

ENGINE_VERSION = "14"  # bump when features or scoring change: old checkpoints then replay all
# A late article restarts the engine from the newest checkpoint before it. As in backup
# rotation, the last checkpoint of each of the last KEEP_DAYS days and KEEP_WEEKS weeks is
# kept, so an article some days late replays those days plus at most a day (a week, past
# KEEP_DAYS) of the feed. (The 4 newest, kept before, spanned 4 hours of hourly runs: an
# article a day late replayed the whole store.)
KEEP_DAYS = 2
KEEP_WEEKS = 4
CHUNK = 500  # articles read from the store at a time
SEMANTIC = "semantic"  # the store setting: stories built with MiniLM similarity too ("1")

Tick = Callable[[int], None]


def _noop(_: int) -> None:
    return None


@dataclass
class ClusterReport:
    """What one clustering run did."""

    placed: int = 0  # articles placed (new, changed or replayed)
    replayed_from: str | None = None  # canonical key the run restarted from ("" = the start)
    stories: int = 0  # stories in the store after the run
    events: list[StoryEvent] = field(default_factory=list)
    note: str | None = None  # why the run did more than it had to, when it did

    def summary(self) -> str:
        """Render the one-line summary printed after a run."""
        kinds = {k: sum(e.kind == k for e in self.events) for k in ("merge", "split", "renamed")}
        line = (
            f"placed {self.placed} articles, {self.stories} stories; "
            f"merges {kinds['merge']}, splits {kinds['split']}, renamed {kinds['renamed']}"
        )
        return line if self.note is None else f"{line} ({self.note})"


def store_config(store: ClusterStore, semantic: bool | None = None) -> ClusterConfig:
    """Return the settings to cluster a store with: semantic as asked, else as last chosen."""
    if semantic is None:
        semantic = store.clusters.get_setting(SEMANTIC) == "1"
    return ClusterConfig.semantic() if semantic else ClusterConfig()


def remember(store: ClusterStore, semantic: bool) -> None:
    """Keep the choice of semantic similarity for the store's later runs."""
    with store.transaction():
        store.clusters.set_setting(SEMANTIC, "1" if semantic else "0")


def duplicate_groups(store: ClusterStore) -> dict[str, str]:
    """Read the dedup stage's duplicate groups as article id -> group (empty before dedup)."""
    return store.duplicate_groups()


def fingerprint(config: ClusterConfig) -> str:
    """Identify the settings a checkpoint was built with."""
    table = load_background().digest if config.background else ""
    blob = json.dumps([ENGINE_VERSION, asdict(config), table], sort_keys=True).encode("utf-8")
    return hashlib.blake2b(blob, digest_size=8).hexdigest()


@dataclass(frozen=True)
class Found:
    """The store as a run finds it: current articles, their canonical keys, stored memberships."""

    inputs: dict[str, ClusterInput]
    keys: dict[str, str]  # article id -> canonical order key
    stored: dict[str, MemberKey]
    groups: dict[str, str]  # article id -> duplicate group

    @classmethod
    def read(cls, tables: ClusterTables, duplicates: Mapping[str, str] | None) -> Found:
        """Read the current articles and the stored memberships."""
        inputs = {i.article_id: i for i in tables.current_inputs()}
        keys = {a: order_key(i.published, a) for a, i in inputs.items()}
        return cls(inputs, keys, tables.member_index(), dict(duplicates or {}))


def cluster_store(
    store: ClusterStore,
    config: ClusterConfig | None = None,
    *,
    duplicates: Mapping[str, str] | None = None,
    full: bool = False,
    workers: int | None = None,
    tick: Tick = _noop,
) -> ClusterReport:
    """Bring the store's stories up to date (duplicates: article id -> duplicate group).

    workers: processes extracting features (None: up to two, never more than the cores); the
    engine places the articles here, in canonical order, whatever the number of workers.
    """
    config = config or ClusterConfig()
    tables = store.clusters
    found = Found.read(tables, duplicates)
    tag = fingerprint(config)
    start = "" if full or not tables.has_checkpoint(tag) else _first_change(found)
    report = ClusterReport(stories=tables.count_stories())
    if start is None:
        return report
    engine, after = _restore(store, config, start, tag, report)
    report.replayed_from = after
    # Place without the write lock (WAL: reading does not block other writers), then write in
    # one short transaction; if another run wrote stories meanwhile, place again under it.
    outside = not store.in_transaction
    with tables.held_checkpoints() as saves:  # wait for the lock on disk, not in memory
        placed = _place(
            store, config, engine, found, after, saves=saves, workers=workers, tick=tick
        )
        with store.transaction():
            if outside and tables.member_index() != found.stored:
                return cluster_store(
                    store, config, duplicates=duplicates, full=full, workers=workers, tick=tick
                )
            _save(store, engine, placed, found, start=start, tag=tag, saves=saves, report=report)
    return report


def _place(
    store: ClusterStore,
    config: ClusterConfig,
    engine: StoryEngine,
    found: Found,
    after: str,
    *,
    saves: HeldCheckpoints,
    workers: int | None,
    tick: Tick,
) -> list[tuple[Assignment, int, str | None]]:
    """Place the articles after key `after`, in canonical order, extracting features in workers."""
    todo = sorted((key, a) for a, key in found.keys.items() if key > after)
    # Semantic similarity embeds in this process: a worker would load the model again.
    count = 1 if config.semantic_weight > 0 else workers
    with worker_pool(count) as pool, young_only() as settle:
        prepared = _prepared(store, config, todo, found.inputs, found.groups, pool)
        return _place_all(engine, prepared, todo, tick=tick, saves=saves, settle=settle)


def _save(
    store: ClusterStore,
    engine: StoryEngine,
    placed: list[tuple[Assignment, int, str | None]],
    found: Found,
    *,
    start: str,
    tag: str,
    saves: HeldCheckpoints,
    report: ClusterReport,
) -> None:
    """Write the stories, the events and the checkpoints from key start on (under the lock)."""
    tables = store.clusters
    tables.drop_checkpoints_from(start)
    saves.save_held(tag)
    report.placed = len(placed)
    report.events = _write(store, engine, placed, found.stored, found.inputs)
    saves.save(engine.last_key, tag, engine.to_json(copy=False))  # packed at once: no copy
    tables.keep_checkpoints(checkpoints_to_keep(tables.checkpoint_keys(tag)))
    report.stories = tables.count_stories()


def _restore(
    store: ClusterStore, config: ClusterConfig, start: str, tag: str, report: ClusterReport
) -> tuple[StoryEngine, str]:
    """Return the engine to continue from and the key it has placed up to ("": the start)."""
    tables = store.clusters
    checkpoint = tables.checkpoint_before(start, tag) if start else None
    if checkpoint is not None:
        return StoryEngine.from_json(config, checkpoint[1]), checkpoint[0]
    if start and tables.has_checkpoint(tag, before=start):
        # there was one, but it was refused: say why a small change replays everything
        report.note = (
            "replayed from the start: a stored piece of the engine state is over "
            f"{tables.max_state_bytes >> 20} MB, too large to restore"
        )
    return StoryEngine(config), ""


def _first_change(found: Found) -> str | None:
    """Return the earliest canonical key whose article is new, changed or gone (None: nothing)."""
    inputs, keys, stored, groups = found.inputs, found.keys, found.stored, found.groups
    changed = [stored[a].order_key for a in stored.keys() - inputs.keys()]
    for article_id, item in inputs.items():
        old = stored.get(article_id)
        if old is None or old.doc != item.doc or old.dup_group != groups.get(article_id):
            changed.append(
                keys[article_id] if old is None else min(keys[article_id], old.order_key)
            )
    return min(changed) if changed else None


def _place_all(
    engine: StoryEngine,
    prepared: Iterator[tuple[Prepared, int]],
    todo: list[tuple[str, str]],
    *,
    tick: Tick,
    saves: HeldCheckpoints,
    settle: Callable[[], None],
) -> list[tuple[Assignment, int, str | None]]:
    """Feed the articles in canonical order, checkpointing at the end of each day to keep.

    A run that takes in weeks of articles thus leaves the checkpoints that later runs need
    for late articles, not only the one at its end. The checkpoints go to saves, packed at
    once, for the caller to write under the lock. settle is called after each CHUNK
    articles (young_only: the collector then leaves what was placed so far alone).
    """
    out: list[tuple[Assignment, int, str | None]] = []
    # todo is sorted and undated keys sort last: the newest dated key is the last of them
    newest = next((key for key, _ in reversed(todo) if not key.startswith(UNDATED)), None)
    starts = _bucket_starts(date.fromisoformat(newest[:10])) if newest else []
    for item, doc in prepared:
        if out and any(engine.last_key < start <= item.order_key for start in starts):
            saves.hold(engine.last_key, engine.to_json(copy=False))
        out.append((engine.add(item), doc, item.dup_group))
        tick(1)
        if len(out) % CHUNK == 0:
            settle()
    return out


def checkpoints_to_keep(keys: Sequence[str]) -> set[str]:
    """Pick the checkpoints to keep: the newest, and the last of each recent day and week."""
    keep = {max(keys)} if keys else set()
    dated = sorted(key for key in keys if key[:1].isdigit())  # not undated, nor "" (empty)
    for bucket, count in ((_day, KEEP_DAYS), (_week, KEEP_WEEKS)):
        last: dict[int, str] = {}
        for key in dated:
            last[bucket(key)] = key  # ascending: the last one written per bucket wins
        keep.update(last[b] for b in sorted(last)[-(count + 1) :])  # + the current one
    return keep


def _bucket_starts(newest: date) -> list[str]:
    """Return the keys that end a day or week whose last checkpoint is kept (day or week starts)."""
    monday = newest - timedelta(days=newest.weekday())
    days = [newest - timedelta(days=k) for k in range(KEEP_DAYS)]
    weeks = [monday - timedelta(weeks=k) for k in range(KEEP_WEEKS)]
    return sorted({f"{day.isoformat()}T00:00:00" for day in days + weeks})


def _day(key: str) -> int:
    return date.fromisoformat(key[:10]).toordinal()


def _week(key: str) -> int:
    return (_day(key) - 1) // 7  # ordinal 1 is a Monday: weeks run Monday to Sunday


def _prepared(
    store: ClusterStore,
    config: ClusterConfig,
    todo: list[tuple[str, str]],
    inputs: Mapping[str, ClusterInput],
    groups: Mapping[str, str],
    pool: Workers,
) -> Iterator[tuple[Prepared, int]]:
    """Read texts a chunk at a time (cleaned text when there is one) and extract features.

    The features of a chunk are extracted in a worker process while this one places the
    previous chunks: extraction is a pure function of the article.
    """
    for done, docs in pool.map(_prepare_chunk, _chunks(store, config, todo, inputs, groups)):
        yield from zip(done, docs, strict=True)


PrepareJob = tuple[list[ClusterItem], ClusterConfig, dict[str, str], list[int]]


def _prepare_chunk(job: PrepareJob) -> tuple[list[Prepared], list[int]]:
    """Extract the features of a chunk of items (in a worker process); pass its docs along."""
    items, config, groups, docs = job
    return prepare_all(items, config, groups), docs


def _chunks(
    store: ClusterStore,
    config: ClusterConfig,
    todo: list[tuple[str, str]],
    inputs: Mapping[str, ClusterInput],
    groups: Mapping[str, str],
) -> Iterator[PrepareJob]:
    """Read the items to place a chunk at a time, each with its own duplicate groups."""
    pending = iter(todo)
    while chunk := list(islice(pending, CHUNK)):
        docs = [inputs[article_id].doc for _, article_id in chunk]
        rows = store.clusters.texts(docs)
        items = [
            ClusterItem(
                id=a,
                text=rows[d]["body"] or "",
                title=rows[d]["title"] or "",
                published=rows[d]["published"],
                source=rows[d]["source"],
                url=rows[d]["url"],
            )
            for (_, a), d in zip(chunk, docs, strict=True)
        ]
        own = {a: groups[a] for _, a in chunk if a in groups}
        yield items, config, own, docs


def _write(
    store: ClusterStore,
    engine: StoryEngine,
    placed: list[tuple[Assignment, int, str | None]],
    stored: Mapping[str, MemberKey],
    inputs: Mapping[str, ClusterInput],
) -> list[StoryEvent]:
    """Store memberships and summaries, move merged stories, and record the events."""
    tables = store.clusters
    gone = stored.keys() - inputs.keys()
    tables.delete_members(gone)
    tables.save_members((_member_row(engine, a, doc, group) for a, doc, group in placed))
    moves = {s: engine.resolve(s) for s in {m.story for m in stored.values()}}
    moves = {old: new for old, new in moves.items() if old != new}
    tables.move_stories(moves)
    before = {a: m.story for a, m in stored.items() if a not in gone}
    after = {a: moves.get(m.story, m.story) for a, m in stored.items() if a not in gone}
    touched = _move_cut(store, engine, after)
    after.update({a.article_id: engine.story_of(a.article_id, a.story_id) for a, _, _ in placed})
    arrived = {
        a.article_id
        for a, doc, _ in placed
        if a.article_id not in stored or stored[a.article_id].doc != doc
    }
    events = diff_stories(before, after, arrived)
    tables.add_events((e.kind, e.story_id, e.others, e.article_ids) for e in events)
    touched |= {stored[a].story for a in gone} | set(moves) | set(moves.values())
    touched |= {a.story_id for a, _, _ in placed} | {after[a.article_id] for a, _, _ in placed}
    touched |= {stored[a.article_id].story for a, _, _ in placed if a.article_id in stored}
    tables.refresh_stories(touched)
    return events


def _move_cut(store: ClusterStore, engine: StoryEngine, after: dict[str, str]) -> set[str]:
    """Move stored articles that a split cut out of their story; return the stories touched."""
    cut = {a: engine.story_of(a, s) for a, s in engine.moved.items() if a in after}
    cut = {a: s for a, s in cut.items() if s != after[a]}
    store.clusters.move_members(cut)
    touched = {after[a] for a in cut} | set(cut.values())
    after.update(cut)
    return touched


def _member_row(
    engine: StoryEngine, assignment: Assignment, doc: int, group: str | None
) -> MemberRow:
    link = assignment.link
    return MemberRow(
        assignment.article_id,
        doc,
        engine.story_of(assignment.article_id, assignment.story_id),
        assignment.order_key,
        group,
        link.to_article_id,
        link.kind,
        link.score,
        link.shared_entities,
        link.shared_terms,
        link.days_apart,
    )
