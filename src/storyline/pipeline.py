"""The recipe: ingest -> clean -> dedup -> cluster -> analyze, one stage a line."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest import read_paths
from storyline.models import Article, IngestReport, Rejection
from storyline.store import Store

Tick = Callable[[int], None]


def _noop(_: int) -> None:
    return None


def ingest(
    store: Store,
    paths: tuple[str, ...] | list[str],
    config: IngestConfig | None = None,
    *,
    stdin: IO[bytes] | None = None,
    tick: Tick = _noop,
) -> IngestReport:
    """Read every path and store its articles, one transaction per batch."""
    config = config or IngestConfig()
    items = read_paths(paths, config, stdin=stdin)
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
    for item in batch:
        if isinstance(item, Rejection):
            if strict:
                raise InputError(item.reason, path=item.path, record=item.record)
            store.add_rejection(item, batch_id)
            report.rejected += 1
            report.rejections.append(item)
        else:
            outcome = store.upsert_article(item, batch_id)
            if outcome == "unchanged":
                report.unchanged += 1
            else:
                written += 1
                report.ingested += outcome == "ingested"
                report.new_versions += outcome == "new-version"
        tick(1)
    store.close_batch(batch_id, written)


def clean(store: Store, *, chunk: int = 2000) -> int:
    """Clean every stored article not cleaned yet; return how many were cleaned."""
    from storyline.clean import clean_articles

    done = 0
    while pending := list(islice(store.uncleaned(), chunk)):
        docs = {article.id: doc for doc, article in pending}
        with store.transaction():
            for article, cleaned in clean_articles(article for _, article in pending):
                store.save_cleaned(docs[article.id], cleaned)
                done += 1
        if len(pending) < chunk:
            break
    return done
