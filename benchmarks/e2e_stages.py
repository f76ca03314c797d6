"""The five stages of the end-to-end benchmark over partitioned files, on one engine or on Dask.

Every stage reads the previous stage's directory of part-NNNNN.jsonl.gz files and writes its own,
so memory never holds the corpus. A Runner maps a function over the partitions: in this process
one after the other (the single-process engine), or as Dask tasks on a cluster's workers. The
functions are the library's own stage functions; only the plumbing between files lives here.

  ingest   the ingest readers (read_paths): raw records -> articles
  clean    clean_articles with site profiles learned once from the first articles
  dedup    find_duplicates, or dedup_on_dask; every record written back with dup_cluster
  cluster  cluster_corpus: features per partition, one story engine in canonical order,
           every record written back with its story
  analyze  articles shuffled by story into buckets on disk, analyze_story per story
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from storyline.dedup.partitions import Partition, RecordTexts, plan_partitions, records

STAGES = ("ingest", "clean", "dedup", "cluster", "analyze")


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records to a gzipped JSONL file atomically; return how many."""
    tmp = path.with_name(f".{path.name}.tmp")
    count = 0
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    os.replace(tmp, path)
    return count


def part_path(out_dir: Path, number: int) -> Path:
    """Name partition `number` of a stage's output."""
    return out_dir / f"part-{number:05d}.jsonl.gz"


@dataclass
class Runner:
    """Map a function over partitions: in process (client None) or on a Dask cluster."""

    client: Any = None
    retries: int = 2
    blocks: int = 0  # cluster: bins of independent blocks (0: one story engine)

    def map(self, func: Callable[..., Any], items: Sequence[Any], *args: Any) -> list[Any]:
        """Apply func(item, *args) to every item; return the results in order."""
        if self.client is None:
            return [func(item, *args) for item in items]
        futures = [
            self.client.submit(func, item, *args, retries=self.retries, pure=False)
            for item in items
        ]
        return list(self.client.gather(futures))


# -- ingest -----------------------------------------------------------------------------------
def _ingest_part(job: tuple[int, str, str]) -> tuple[int, int]:
    from storyline.config import IngestConfig
    from storyline.ingest import read_paths
    from storyline.models import Article

    number, path, out = job
    rejected = 0

    def articles() -> Iterator[dict[str, Any]]:
        nonlocal rejected
        for item in read_paths([path], IngestConfig()):
            if not isinstance(item, Article):
                rejected += 1
                continue
            yield {
                "id": item.id,
                "title": item.title,
                "published": item.published,
                "source": item.source,
                "url": item.url,
                "text": item.text,
            }

    return write_jsonl(part_path(Path(out), number), articles()), rejected


def ingest(runner: Runner, corpus: Path, out: Path) -> dict[str, Any]:
    """Read the raw corpus files into article records."""
    files = sorted(str(p) for p in corpus.glob("part-*.jsonl.gz"))
    done = runner.map(_ingest_part, [(i, f, str(out)) for i, f in enumerate(files)])
    return {"docs": sum(d[0] for d in done), "rejected": sum(d[1] for d in done)}


# -- clean ------------------------------------------------------------------------------------
def _article(record: dict[str, Any]) -> Any:
    from storyline.models import Article

    return Article(
        id=record["id"],
        text=record["text"],
        source=record.get("source"),
        url=record.get("url"),
        title=record.get("title"),
        published=record.get("published"),
        raw_format="json",
    )


def _clean_part(job: tuple[int, Partition, str], profiles: dict[str, Any]) -> int:
    from storyline.clean import clean_articles

    number, part, out = job
    rows_in = list(records(part))
    cleaned = clean_articles((_article(r) for r in rows_in), profiles=profiles)
    rows = (
        {**r, "raw_text": r["text"], "text": c.text}
        for r, (_, c) in zip(rows_in, cleaned, strict=True)
    )
    return write_jsonl(part_path(Path(out), number), rows)


def clean(runner: Runner, inp: Path, out: Path) -> dict[str, Any]:
    """Clean every article, with site profiles learned once from the corpus's first articles."""
    from storyline.clean import learn_profiles
    from storyline.clean.profile import WARMUP

    parts = plan_partitions([str(inp)])
    head = islice((_article(r) for p in parts for r in records(p)), WARMUP)
    profiles = learn_profiles(head)  # what clean_articles learns from its first WARMUP articles
    done = runner.map(_clean_part, [(i, p, str(out)) for i, p in enumerate(parts)], profiles)
    return {"docs": sum(done), "profiles": len(profiles)}


# -- dedup ------------------------------------------------------------------------------------
def _write_dedup(job: tuple[int, Partition, str], labels: Any) -> int:
    """Write a partition's records with their duplicate group (its first member's position)."""
    number, part, out = job
    rows = ({**r, "dup_cluster": f"g{int(labels[i])}"} for i, r in enumerate(records(part)))
    return write_jsonl(part_path(Path(out), number), rows)


def _write_dedup_dask(job: tuple[int, Partition, str], labels: Any, span: tuple[int, int]) -> int:
    return _write_dedup(job, labels[span[0] : span[1]])


def dedup(runner: Runner, inp: Path, out: Path) -> dict[str, Any]:
    """Find duplicate clusters of the cleaned texts; write every record with its cluster."""
    from storyline.dedup import DedupConfig, Deduplicator

    parts = plan_partitions([str(inp)])
    jobs = [(i, p, str(out)) for i, p in enumerate(parts)]
    phases: dict[str, float] = {}
    if runner.client is None:
        started = time.perf_counter()
        engine = Deduplicator(DedupConfig())
        counts = []
        for p in parts:
            before = len(engine)
            for _ in engine.add_all(RecordTexts(p).texts()):
                pass
            counts.append(len(engine) - before)
        phases["sketch"] = round(time.perf_counter() - started, 2)
        result = engine.finish()
        phases["match"] = round(time.perf_counter() - started - phases["sketch"], 2)
        bases = [sum(counts[:i]) for i in range(len(counts))]
        for job, base, n in zip(jobs, bases, counts, strict=True):
            _write_dedup(job, result.labels[base : base + n])
        stats = result.stats
    else:
        from storyline.dedup.dask_engine import dedup_on_dask

        run = dedup_on_dask(
            [RecordTexts(p) for p in parts], DedupConfig(), runner.client, progress=False
        )
        futures = [
            runner.client.submit(_write_dedup_dask, job, run.labels_future, (b, b + n), pure=False)
            for job, b, n in zip(jobs, run.bases, run.counts, strict=True)
        ]
        runner.client.gather(futures)
        stats = run.stats
        phases = {k: round(v, 2) for k, v in run.phases.items()}
    return {
        "docs": stats.docs,
        "clusters": stats.clusters,
        "duplicates": stats.duplicates,
        "candidates": stats.candidates,
        **phases,
    }


# -- cluster ----------------------------------------------------------------------------------
def cluster(runner: Runner, inp: Path, out: Path) -> dict[str, Any]:
    """Group the articles into stories."""
    from storyline.cluster.dask_engine import cluster_corpus

    parts = plan_partitions([str(inp)])
    summary = cluster_corpus(
        parts,
        str(out / "spill"),
        str(out),
        client=runner.client,
        retries=runner.retries,
        blocks=runner.blocks,
    )
    return {
        "docs": summary.articles,
        "stories": summary.stories,
        "multi": summary.multi,
        **summary.phases,
    }


# -- analyze ----------------------------------------------------------------------------------
def _route_part(job: tuple[int, Partition, str, int]) -> int:
    """Append each article of a partition to the bucket file of its story."""
    number, part, spill, buckets = job
    rows: list[list[str]] = [[] for _ in range(buckets)]
    for record in records(part):
        story = record["story"]
        keep = {
            k: record.get(k)
            for k in ("id", "text", "raw_text", "title", "published", "source", "url")
        }
        rows[zlib.crc32(story.encode()) % buckets].append(json.dumps({"story": story, **keep}))
    for b, lines in enumerate(rows):
        with gzip.open(
            Path(spill) / f"b{b:04d}-p{number:05d}.jsonl.gz",
            "wt",
            encoding="utf-8",
            compresslevel=1,
        ) as handle:
            handle.writelines(line + "\n" for line in lines)
    return sum(len(r) for r in rows)


def _analyze_bucket(job: tuple[int, str, str]) -> tuple[int, int]:
    """Analyse every story of one bucket; write the analyses."""
    from storyline.analyze.provenance import StoryArticle
    from storyline.analyze.story import analyze_story
    from storyline.cluster.model import order_key

    number, spill, out = job
    stories: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(Path(spill).glob(f"b{number:04d}-p*.jsonl.gz")):
        for record in records(Partition(str(path), "jsonl.gz")):
            stories.setdefault(record.pop("story"), []).append(record)

    def analyses() -> Iterator[dict[str, Any]]:
        for story_id in sorted(stories):
            members = sorted(stories[story_id], key=lambda r: order_key(r["published"], r["id"]))
            articles = [StoryArticle(**m) for m in members]
            yield analyze_story(story_id, articles).to_json()

    written = write_jsonl(part_path(Path(out), number), analyses())
    return written, sum(len(v) for v in stories.values())


def analyze(runner: Runner, cluster_dir: Path, out: Path) -> dict[str, Any]:
    """Shuffle articles by story into buckets on disk, then analyse every story."""
    parts = plan_partitions([str(cluster_dir)])
    spill = out / "spill"
    spill.mkdir(parents=True, exist_ok=True)
    buckets = max(4, len(parts))
    runner.map(_route_part, [(i, p, str(spill), buckets) for i, p in enumerate(parts)])
    done = runner.map(_analyze_bucket, [(b, str(spill), str(out)) for b in range(buckets)])
    shutil.rmtree(spill, ignore_errors=True)
    return {"docs": sum(d[1] for d in done), "stories": sum(d[0] for d in done)}
