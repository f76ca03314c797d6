"""Corpus clustering in bounded memory, on one process or on a Dask cluster.

    parts = plan_partitions(["dedup-out/"])
    summary = cluster_corpus(parts, work_dir, out_dir)                  # single process
    summary = cluster_corpus(parts, work_dir, out_dir, client=client)   # on Dask

The story engine must see articles one at a time in canonical order (publication time, then
id): that is what makes its stories stable. So the work splits in two. Feature extraction, the
costly and independent part, runs per partition (in parallel on Dask); each partition's prepared
articles are sorted and spilled to disk. One task then merges the sorted spills and feeds the
engine, so memory holds the engine's active window, never the corpus. Stories are identical to
`cluster_items` over the same articles.
"""

from __future__ import annotations

import heapq
import json
import os
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.cluster.batch import prepare
from storyline.cluster.engine import Prepared, StoryEngine
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.dedup.partitions import Partition, records
from storyline.errors import InputError, StorylineError

_Spilled = tuple[str, int, int, Prepared]  # order key, partition, position, prepared article


@dataclass(frozen=True)
class CorpusFields:
    """Which record fields hold what clustering reads (the dedup output's names by default)."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    published: str = "published"
    source: str = "source"
    dup_group: str = "dup_cluster"


@dataclass(frozen=True)
class ClusterSummary:
    """What a corpus clustering run produced."""

    articles: int
    stories: int
    multi: int  # stories of two or more articles


def _text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    return None if value is None else str(value)


def items_of(part: Partition, fields: CorpusFields) -> Iterator[tuple[ClusterItem, str | None]]:
    """Yield each record of a partition as a cluster item with its duplicate group."""
    for record in records(part):
        article_id = _text(record, fields.id)
        if not article_id:
            raise InputError(f"a record has no {fields.id!r} field", path=part.name)
        item = ClusterItem(
            id=article_id,
            text=_text(record, fields.text) or "",
            title=_text(record, fields.title) or "",
            published=_text(record, fields.published),
            source=_text(record, fields.source),
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


def _read_spill(path: str) -> Iterator[_Spilled]:
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


def assign_stories(
    spills: Sequence[str], counts: Sequence[int], outputs: Sequence[str], config: ClusterConfig
) -> ClusterSummary:
    """Feed every spilled article to one engine in canonical order; write each one's story."""
    engine = StoryEngine(config)
    story: list[list[str]] = [[""] * n for n in counts]
    ids: list[list[str]] = [[""] * n for n in counts]
    merged = heapq.merge(*(_read_spill(s) for s in spills), key=lambda r: (r[0], r[1], r[2]))
    for _, number, position, prepared in merged:
        story[number][position] = engine.add(prepared).story_id
        ids[number][position] = prepared.article_id
    sizes: dict[str, int] = {}
    for number, out in enumerate(outputs):
        final = [engine.resolve(s) for s in story[number]]
        for s in final:
            sizes[s] = sizes.get(s, 0) + 1
        _write_stories(out, ids[number], final)
    return ClusterSummary(sum(counts), len(sizes), sum(1 for n in sizes.values() if n > 1))


def _write_stories(path: str, ids: Sequence[str], stories: Sequence[str]) -> None:
    import gzip

    tmp = f"{path}.tmp"
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as handle:
        for article_id, story_id in zip(ids, stories, strict=True):
            handle.write(json.dumps({"id": article_id, "story": story_id}) + "\n")
    os.replace(tmp, path)


def cluster_corpus(
    parts: Sequence[Partition],
    work_dir: str,
    out_dir: str,
    *,
    config: ClusterConfig | None = None,
    fields: CorpusFields | None = None,
    client: Any = None,
    retries: int = 2,
) -> ClusterSummary:
    """Cluster a partitioned corpus; write out_dir/part-NNNNN.jsonl.gz of {id, story}."""
    config = config or ClusterConfig()
    fields = fields or CorpusFields()
    Path(work_dir).mkdir(parents=True, exist_ok=True)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    spills = [str(Path(work_dir) / f"prepared-{i:05d}.pickle") for i in range(len(parts))]
    outputs = [str(Path(out_dir) / f"part-{i:05d}.jsonl.gz") for i in range(len(parts))]
    try:
        if client is None:
            counts = [
                prepare_partition(p, i, s, config, fields)
                for i, (p, s) in enumerate(zip(parts, spills, strict=True))
            ]
            return assign_stories(spills, counts, outputs, config)
        futures = [
            client.submit(prepare_partition, p, i, s, config, fields, retries=retries, pure=False)
            for i, (p, s) in enumerate(zip(parts, spills, strict=True))
        ]
        counts = client.gather(futures)
        done = client.submit(
            assign_stories, spills, counts, outputs, config, retries=retries, pure=False
        )
        summary: ClusterSummary = client.gather(done)
        return summary
    finally:
        for spill in spills:
            Path(spill).unlink(missing_ok=True)
