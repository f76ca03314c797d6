"""The recipe: ingest -> clean -> dedup -> cluster -> analyze, one stage a line."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO, TYPE_CHECKING

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest import Inputs, read_paths, worth_workers
from storyline.ingest.normalize import normalize_article, normalize_rejection
from storyline.models import DATE_KEPT, Article, CleanedText, IngestReport, Rejection
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.analyze.ports import AnalysisStore
    from storyline.analyze.run import AnalyzeReport
    from storyline.clean.profile import SiteProfile
    from storyline.cluster.ports import ClusterStore
    from storyline.cluster.run import ClusterReport
    from storyline.dedup.engine import DedupConfig
    from storyline.dedup.stage import DedupReport
    from storyline.ingest.follow.ports import FollowStore

    def _store_fits_each_stage(store: Store) -> tuple[ClusterStore, AnalysisStore, FollowStore]:
        """Fail type checking when the Store stops satisfying a stage's narrow interface."""
        return store, store, store


Tick = Callable[[int], None]
Stage = Callable[[str, int | None], None]  # a stage starts: its name, its total (None: unknown)


def _noop(_: int) -> None:
    return None


def _no_stage(_name: str, _total: int | None) -> None:
    return None


def ingest(
    store: Store,
    paths: tuple[str, ...] | list[str],
    config: IngestConfig | None = None,
    *,
    stdin: IO[bytes] | None = None,
    workers: int | None = None,
    tick: Tick = _noop,
) -> IngestReport:
    """Read every path and store its articles, one transaction per batch.

    workers: processes reading files (None: up to two, never more than the cores); the records
    are stored here, in the same order whatever the number of workers.
    """
    from storyline.workers import worker_pool

    config = config or IngestConfig()
    inputs = Inputs(paths)  # expanded once, for both the choice and the reading
    if not worth_workers(inputs):  # starting the processes would cost more than they save
        return store_records(store, read_paths(inputs, config, stdin=stdin), config, tick=tick)
    with worker_pool(workers) as pool:
        items = read_paths(inputs, config, stdin=stdin, pool=pool)
        return store_records(store, items, config, tick=tick)


def store_records(
    store: Store, items: Iterable[Article | Rejection], config: IngestConfig, *, tick: Tick = _noop
) -> IngestReport:
    """Store articles and rejections in batches; in strict mode all or nothing."""
    report = IngestReport()
    if config.strict:
        with store.transaction():
            _store_batch(store, items, report, strict=True, tick=tick)
        return report
    for batch in _batches(iter(items), config.batch_size):
        with store.transaction():
            _store_batch(store, batch, report, strict=False, tick=tick)
    return report


def _batches(
    items: Iterator[Article | Rejection], size: int
) -> Iterator[list[Article | Rejection]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _store_batch(
    store: Store,
    batch: Iterable[Article | Rejection],
    report: IngestReport,
    *,
    strict: bool,
    tick: Tick,
) -> None:
    batch_id = store.new_batch()
    written = 0
    for record in batch:
        item = normalize_article(record) if isinstance(record, Article) else record
        outcome = _store_item(store, item, batch_id, strict=strict)
        if isinstance(outcome, Rejection):
            store.add_rejection(outcome, batch_id)
            report.reject(outcome)
        elif outcome == "unchanged":
            report.unchanged += 1
        else:
            written += 1
            report.ingested += outcome == "ingested"
            report.new_versions += outcome == "new-version"
            report.warned += bool(isinstance(item, Article) and item.warnings)
            report.date_warnings += isinstance(item, Article) and any(
                w.endswith(DATE_KEPT) for w in item.warnings
            )
        tick(1)
    store.close_batch(batch_id, written)


def _store_item(
    store: Store, item: Article | Rejection, batch_id: int, *, strict: bool
) -> str | Rejection:
    """Write one article (one the store refuses becomes its rejection) or pass a rejection on."""
    if isinstance(item, Article):
        try:
            return store.upsert_article(item, batch_id)
        except InputError as exc:
            item = Rejection(item.path, None, exc.reason)
    if strict:
        raise InputError(item.reason, path=item.path, record=item.record)
    return normalize_rejection(item)


CLEAN_BATCH = 200  # articles per worker task


def clean(
    store: Store, *, chunk: int = 2000, workers: int | None = None, tick: Tick = _noop
) -> int:
    """Clean every stored article not cleaned yet; return how many were cleaned.

    workers: processes cleaning the texts (None: up to two, never more than the cores); the
    cleaned texts are stored here, in the same order whatever the number of workers.
    """
    from storyline.clean.profile import source_key
    from storyline.workers import worker_pool

    done = 0
    profiles: dict[str, SiteProfile] = {}
    learned: set[str] = set()
    with worker_pool(workers) as pool:
        last = 0
        # One page of rows per chunk, after the last one cleaned: each row is read once.
        while pending := list(store.uncleaned(after=last, limit=chunk)):
            last = pending[-1][0]
            # Profiles come from the stored articles of a source, so a small later batch cleans
            # the same way as the corpus it joins; only the batch's own sources are learned.
            needed = {key for _, a in pending if (key := source_key(a)) is not None} - learned
            if needed:
                profiles.update(_learn_from_store(store, needed))
                learned |= needed
            jobs = (
                _clean_job(pending[i : i + CLEAN_BATCH], profiles)
                for i in range(0, len(pending), CLEAN_BATCH)
            )
            with store.transaction():
                for batch in pool.map(_clean_batch, jobs):
                    store.save_cleaned_many(batch)
                    done += len(batch)
                    tick(len(batch))
            if len(pending) < chunk:
                break
    return done


CleanJob = tuple[list[tuple[int, Article]], dict[str, "SiteProfile"]]


def _clean_job(pending: list[tuple[int, Article]], profiles: dict[str, SiteProfile]) -> CleanJob:
    """Pair a batch of articles with the profiles of their own sources (all a worker needs)."""
    from storyline.clean.profile import source_key

    keys = {key for _, a in pending if (key := source_key(a)) is not None}
    return pending, {k: profiles[k] for k in keys if k in profiles}


def _clean_batch(job: CleanJob) -> list[tuple[int, CleanedText]]:
    """Clean a batch of (doc, article) with the given profiles (in a worker process)."""
    from storyline.clean import clean_articles

    pending, profiles = job
    cleaned = clean_articles((a for _, a in pending), profiles=profiles)
    return [(doc, c) for (doc, _), (_, c) in zip(pending, cleaned, strict=True)]


def _learn_from_store(store: Store, sources: set[str]) -> dict[str, SiteProfile]:
    """Learn the profiles of some sources from their stored articles."""
    from storyline.clean.profile import MAX_PROFILE_DOCS, learn_profiles

    named = store.iter_by_source(sources, per_source=MAX_PROFILE_DOCS)
    # A source-less article is keyed by its URL's host: only a scan of those finds its peers.
    articles = chain(named, store.iter_sourceless())
    return learn_profiles(articles, only=sources)


def dedup(
    store: Store,
    config: DedupConfig | None = None,
    *,
    workers: int | None = 1,
    tick: Tick = _noop,
) -> DedupReport:
    """Check new articles for copies of stored ones and regroup the duplicates.

    workers: processes sketching the texts (None: up to two, never more than the cores); the
    index, pairs and groups are the same whatever the number of workers. One by default: the
    stage's time goes to this process's probes and store writes, and at 30k articles a second
    process cost 15 % more CPU for no shorter wall time.
    """
    from storyline.dedup.stage import dedup_store

    return dedup_store(store, config, workers=workers, tick=tick)


def cluster(
    store: Store,
    *,
    semantic: bool | None = None,
    full: bool = False,
    workers: int | None = None,
    tick: Tick = _noop,
) -> ClusterReport:
    """Place new and changed articles into stories, using the duplicate groups of dedup.

    semantic switches MiniLM similarity on or off for this store, this run and the later
    ones; None keeps the store's last choice (off for a new store). workers: processes
    extracting the features (None: up to two, never more than the cores).
    """
    from storyline.cluster.run import cluster_store, duplicate_groups, remember, store_config

    config = store_config(store, semantic)
    groups = duplicate_groups(store)
    report = cluster_store(store, config, duplicates=groups, full=full, workers=workers, tick=tick)
    if semantic is not None:
        remember(store, semantic)  # after the run: a missing extra must not stick
    return report


def analyze(store: Store, *, workers: int | None = None, tick: Tick = _noop) -> AnalyzeReport:
    """Analyse every story whose members changed since its stored analysis.

    workers: processes computing the analyses (None: up to two, never more than the cores).
    """
    from storyline.analyze.run import analyze_store

    return analyze_store(store, workers=workers, tick=tick)


@dataclass
class RunReport:
    """What one run of the whole pipeline did, stage by stage."""

    ingest: IngestReport
    cleaned: int = 0
    dedup: DedupReport | None = None
    clustering: ClusterReport | None = None
    analysis: AnalyzeReport | None = None

    def summary(self) -> str:
        """Render one line per stage."""
        lines = [self.ingest.summary(), f"cleaned {self.cleaned}"]
        stages = (self.dedup, self.clustering, self.analysis)
        lines += [r.summary() for r in stages if r is not None]
        return "\n".join(lines)


def run(
    store: Store,
    paths: tuple[str, ...] | list[str],
    config: IngestConfig | None = None,
    *,
    semantic: bool | None = None,
    stdin: IO[bytes] | None = None,
    workers: int | None = None,
    tick: Tick = _noop,
    stage: Stage = _no_stage,
) -> RunReport:
    """Run every stage over paths: ingest, clean, dedup, cluster, analyze.

    workers: processes for ingest's reading, clean, cluster features and analyze (None: up to
    two, never more than the cores); dedup runs in this process.
    stage(name, total) announces each stage and tick(n) advances it (for a progress display).
    """
    stage("ingest", None)
    report = RunReport(ingest(store, paths, config, stdin=stdin, workers=workers, tick=tick))
    stage("clean", store.count_uncleaned())
    report.cleaned = clean(store, workers=workers, tick=tick)
    stage("dedup", None)
    report.dedup = dedup(store, tick=tick)
    stage("cluster", None)
    report.clustering = cluster(store, semantic=semantic, workers=workers, tick=tick)
    stage("analyze", store.count_stories())
    report.analysis = analyze(store, workers=workers, tick=tick)
    return report
