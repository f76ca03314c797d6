"""Corpus clustering in bounded memory, on one process or on a Dask cluster.

    parts = plan_partitions(["dedup-out/"])     # records with id, text, title, published,
    summary = cluster_corpus(parts, work, out)   # source, dup_cluster; in one process, or
    summary = cluster_corpus(parts, work, out, client=client)             # on Dask

The story engine must see articles one at a time in canonical order (publication time, then
id): that is what makes its stories stable. So the work splits in two. Feature extraction, the
costly and independent part, runs per partition (in parallel on Dask); each partition's prepared
articles are sorted and spilled to disk. One task then merges the sorted spills and feeds the
engine, so memory holds the engine's active window, never the corpus; then each partition's
records are written back with their story. Stories are identical to `cluster_items` over the
same articles. Spills and outputs must be on storage every worker sees.

With blocks=N the assignment runs in parallel too (blocks.py): articles are joined into blocks
by the names they share, packed into N bins, and each bin's engine runs in a worker process or
a Dask task, with the corpus's document frequencies handed over. One bin gives exactly the
serial stories; more bins may cut a story where the blocking did (measured in the README).
"""

from __future__ import annotations

import gzip
import heapq
import json
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.cluster.batch import prepare
from storyline.cluster.blocks import Mapper, assign_blocked, read_spill
from storyline.cluster.engine import StoryEngine
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.cluster.prepared import Prepared
from storyline.dedup.corpus_io import record_published, record_text
from storyline.dedup.partitions import (
    Partition,
    PartReader,
    line_offset,
    plan_partitions,
    records,
)
from storyline.errors import InputError, StorylineError, UsageError

_Spilled = tuple[str, int, int, Prepared]  # order key, partition, position, prepared article


@dataclass(frozen=True)
class CorpusFields:
    """Which record fields hold what clustering reads (the dedup output's names by default)."""

    id: str = "id"
    text: str | None = None  # None: dedup corpus mode's rule (text, else maintext)
    title: str = "title"
    published: str | None = None  # None: corpus mode's rule (published, date_publish, date)
    source: str = "source"
    url: str = "url"
    dup_group: str = "dup_cluster"
    story: str = "story"  # written: the story of each record


@dataclass(frozen=True)
class ClusterSummary:
    """What a corpus clustering run produced."""

    articles: int
    stories: int
    multi: int  # stories of two or more articles
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds: prepare, assign, write

    def summary(self) -> str:
        """Render the one-line report."""
        return f"{self.articles} articles, {self.stories} stories ({self.multi} of 2+ articles)"


def _text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    return None if value is None else str(value)


def items_of(part: Partition, fields: CorpusFields) -> Iterator[tuple[ClusterItem, str | None]]:
    """Yield each record of a partition as a cluster item with its duplicate group.

    A record without an id is named as dedup's corpus mode names it: file:line or file#row.
    """
    offset: int | None = None
    for position, record in PartReader(part):
        if isinstance(record, str):
            continue  # not a JSON object: corpus mode skips it
        article_id = _text(record, fields.id)
        if not article_id:
            offset = line_offset(part) if offset is None else offset
            article_id = part.where(position, offset)
        published = (
            record_published(record)
            if fields.published is None
            else _text(record, fields.published)
        )
        item = ClusterItem(
            id=article_id,
            text=record_text(record, fields.text) or "",
            title=_text(record, fields.title) or "",
            published=published,
            source=_text(record, fields.source) or _text(record, "source_domain"),
            url=_text(record, fields.url),
        )
        yield item, _text(record, fields.dup_group)


def prepare_partition(
    part: Partition, number: int, spill: str, config: ClusterConfig, fields: CorpusFields
) -> int:
    """Extract one partition's features, sort them canonically and spill them; count them."""
    try:
        prepared = (prepare(item, config, group) for item, group in items_of(part, fields))
        rows = [(p.order_key, number, i, p) for i, p in enumerate(prepared)]
    except StorylineError:
        raise
    except Exception as exc:  # a reader failure: retried by Dask, then reported with the file
        raise InputError(f"partition failed: {type(exc).__name__}: {exc}", path=part.name) from exc
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    tmp = f"{spill}.tmp"
    with open(tmp, "wb") as handle:
        for row in rows:
            pickle.dump(row, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, spill)
    return len(rows)


def assign_stories(
    spills: Sequence[str], counts: Sequence[int], config: ClusterConfig
) -> tuple[list[list[str]], ClusterSummary]:
    """Feed every spilled article to one engine in canonical order; return each one's story."""
    engine = StoryEngine(config)
    story: list[list[str]] = [[""] * n for n in counts]
    article: list[list[str]] = [[""] * n for n in counts]
    merged = heapq.merge(*(read_spill(s) for s in spills), key=lambda r: (r[0], r[1], r[2]))
    for _, number, position, prepared in merged:
        story[number][position] = engine.add(prepared).story_id
        article[number][position] = prepared.article_id
    for stories, ids in zip(story, article, strict=True):
        # merges and splits are final only now
        stories[:] = [engine.story_of(a, s) for a, s in zip(ids, stories, strict=True)]
    return story, summarize(story)


def summarize(story: Sequence[Sequence[str]]) -> ClusterSummary:
    """Count the articles and stories of an assignment (story[partition][position])."""
    sizes: dict[str, int] = {}
    for stories in story:
        for s in stories:
            sizes[s] = sizes.get(s, 0) + 1
    multi = sum(1 for n in sizes.values() if n > 1)
    return ClusterSummary(sum(len(s) for s in story), len(sizes), multi)


def write_partition(part: Partition, stories: Sequence[str], out: str, field: str) -> int:
    """Write a partition's records with their story, as gzipped JSONL; count them."""
    tmp = Path(out).with_name(f".{Path(out).name}.tmp")
    written = 0
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as handle:
        for record, story in zip(records(part), stories, strict=True):
            record[field] = story
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            written += 1
    os.replace(tmp, out)
    return written


def cluster_corpus(
    parts: Sequence[Partition],
    work_dir: str,
    out_dir: str,
    *,
    config: ClusterConfig | None = None,
    fields: CorpusFields | None = None,
    client: Any = None,
    retries: int = 2,
    blocks: int = 0,
    workers: int = 1,
) -> ClusterSummary:
    """Cluster a partitioned corpus; write out_dir/part-NNNNN.jsonl.gz: records + `story`.

    blocks 0: one story engine over the whole corpus (the serial engine's stories). blocks N:
    independent blocks of articles packed into N bins, the bins' engines in parallel (see
    blocks.py; stories may differ where the blocking cut one). workers: local processes.
    """
    plan = _Plan(parts, config or ClusterConfig(), fields or CorpusFields(), work_dir, out_dir)
    plan.blocks, plan.workers = blocks, workers
    try:
        return plan.local() if client is None else plan.on_dask(client, retries)
    finally:
        for spill in plan.spills:
            Path(spill).unlink(missing_ok=True)


class _Plan:
    """The files of one corpus clustering run, and its two ways to run."""

    def __init__(
        self,
        parts: Sequence[Partition],
        config: ClusterConfig,
        fields: CorpusFields,
        work_dir: str,
        out_dir: str,
    ) -> None:
        Path(work_dir).mkdir(parents=True, exist_ok=True)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        self.parts, self.config, self.fields = list(parts), config, fields
        self.spills = [str(Path(work_dir) / f"prepared-{i:05d}.pickle") for i in range(len(parts))]
        self.outputs = [str(Path(out_dir) / f"part-{i:05d}.jsonl.gz") for i in range(len(parts))]
        self.work_dir = work_dir
        self.blocks, self.workers = 0, 1

    def local(self) -> ClusterSummary:
        """Run every step here, or (blocks, workers > 1) the parallel steps in processes."""
        from storyline.workers import worker_pool

        with worker_pool(self.workers) as pool:

            def run(func: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
                return list(pool.map(func, items))

            clock = _Clock()
            jobs = [
                (p, i, s, self.config, self.fields)
                for i, (p, s) in enumerate(zip(self.parts, self.spills, strict=True))
            ]
            counts = run(_prepare_job, jobs)
            clock.lap("prepare")
            story, summary = self._assign(counts, run)
            clock.lap("assign")
            for part, stories, out in zip(self.parts, story, self.outputs, strict=True):
                write_partition(part, stories, out, self.fields.story)
            clock.lap("write")
        summary.phases.update(clock.laps)
        return summary

    def _assign(self, counts: list[int], run: Mapper) -> tuple[list[list[str]], ClusterSummary]:
        """Assign stories: one engine in this process, or blocks in parallel through run."""
        if not self.blocks:
            return assign_stories(self.spills, counts, self.config)
        story = assign_blocked(
            self.spills, counts, self.config, work_dir=self.work_dir, bins=self.blocks, run=run
        )
        return story, summarize(story)

    def on_dask(self, client: Any, retries: int) -> ClusterSummary:
        """Prepare and write partitions on the workers; assign stories in one task."""

        def submit(func: Any, *args: Any) -> Any:
            return client.submit(func, *args, retries=retries, pure=False)

        clock = _Clock()
        counts = client.gather(
            [
                submit(prepare_partition, p, i, s, self.config, self.fields)
                for i, (p, s) in enumerate(zip(self.parts, self.spills, strict=True))
            ]
        )
        clock.lap("prepare")
        if self.blocks:

            def run(func: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
                return list(client.gather(client.map(func, items, retries=retries, pure=False)))

            story, summary = self._assign(counts, run)
            done = [client.scatter(stories) for stories in story]
        else:
            whole = submit(assign_stories, self.spills, counts, self.config)
            summary = client.gather(submit(_pick, whole, 1))
            done = [submit(_pick, whole, 0, i) for i in range(len(self.parts))]
        clock.lap("assign")
        client.gather(
            [
                submit(write_partition, p, done[i], o, self.fields.story)
                for i, (p, o) in enumerate(zip(self.parts, self.outputs, strict=True))
            ]
        )
        clock.lap("write")
        summary.phases.update(clock.laps)
        return summary


def _prepare_job(job: tuple[Partition, int, str, ClusterConfig, CorpusFields]) -> int:
    return prepare_partition(*job)


class _Clock:
    """Wall seconds of consecutive phases."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        """End the phase `name`."""
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now


def _pick(value: Any, *path: int) -> Any:
    for key in path:
        value = value[key]
    return value


def cluster_files(
    inputs: Sequence[str],
    output: str,
    *,
    config: ClusterConfig | None = None,
    dask: Any = None,
    announce: Callable[[str], None] = lambda _: None,
    blocks: int = 0,
    workers: int = 1,
) -> ClusterSummary:
    """Corpus mode: cluster JSONL(.gz)/Parquet records into stories, in this process or on the
    Dask cluster that `dask` (DaskOptions) names; write OUT/part-NNNNN.jsonl.gz."""
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{output}: exists and is not a directory; corpus clustering writes one")
    work = out / ".spill"
    try:
        if dask is None:
            return cluster_corpus(
                plan_partitions(inputs),
                str(work),
                output,
                config=config,
                blocks=blocks,
                workers=workers,
            )
        from storyline.dedup.dask_client import dask_client, describe

        parts = plan_partitions(
            inputs, target_bytes=dask.partition_bytes, target_rows=dask.partition_rows
        )
        with dask_client(dask) as client:
            announce(describe(dask, client))
            return cluster_corpus(
                parts,
                str(work),
                output,
                config=config,
                client=client,
                retries=dask.retries,
                blocks=blocks,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
