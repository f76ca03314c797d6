"""Corpus mode on Dask: `storyline dedup IN... -o OUT --engine dask [--scheduler ADDRESS]`.

    with dask_client(DaskOptions(workers=2)) as client:
        report = dedup_corpus_dask(["crawl/"], "out/", DedupConfig(), CorpusOptions(), client,
                                   DaskOptions(workers=2))

What corpus.dedup_corpus does in one process, as two passes of Dask tasks over the input's
partitions: pass 1 reads and sketches each partition where it runs (keeping the records' ids and
dates there), the distributed engine finds the clusters, the client picks each cluster's kept
record with corpus mode's own rule, and pass 2 re-reads each partition and writes its records,
annotated exactly as corpus mode annotates them, to a piece of its output file. Pieces are then
joined in input order, so OUT holds what the single-process engine writes. Workers must see the
input and output paths (a shared file system when the cluster spans machines).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storyline.dedup import dask_steps as steps
from storyline.dedup.boilerplate import ClosingLines, boilerplate_shingles
from storyline.dedup.corpus import CorpusMeta, CorpusOptions, CorpusReport, kept_members
from storyline.dedup.corpus_io import (
    FileSink,
    assemble_pieces,
    destinations,
    piece_names,
    record_published,
    record_text,
)
from storyline.dedup.dask_client import DaskOptions, dask_client, describe
from storyline.dedup.dask_engine import DaskDedupRun, dedup_on_dask
from storyline.dedup.engine import DedupConfig, DedupResult
from storyline.dedup.partitions import Partition, PartReader, plan_partitions
from storyline.dedup.passages import passage_shingles, stacked
from storyline.dedup.verify import PairEvidence
from storyline.errors import InputError, StorylineError

_EXAMPLES = 10
_TEXT = "text/maintext"


@dataclass(frozen=True)
class Scan:
    """A partition as pass 1 saw it: the sketch inputs' metadata (it stays on the worker)."""

    part: Partition
    ids: list[str | None]  # the id field of each record, None when it has none
    positions: list[int]  # where each record is (line or row number, see PartReader)
    published: list[str | None]
    lines: int
    bad_lines: int
    no_text: int
    problems: list[tuple[int, str]] = field(default_factory=list)  # (position, reason)
    closing: ClosingLines = field(default_factory=ClosingLines)  # the texts' closing lines


def _scan(
    job: tuple[Partition, CorpusOptions], config: DedupConfig
) -> tuple[steps.PartSets, steps.PartIndex, Scan]:
    """Pass 1 on one partition: read the records, sketch their texts, keep ids and dates."""
    part, options = job
    try:
        reader = PartReader(part)
        texts: list[str] = []
        ids: list[str | None] = []
        positions: list[int] = []
        published: list[str | None] = []
        problems: list[tuple[int, str]] = []
        bad = no_text = 0
        closing = ClosingLines()
        for position, record in reader:
            if isinstance(record, str):
                bad += 1
                problems.append((position, record))
                continue
            text = record_text(record, options.text_field)
            if text is None:
                no_text += 1
                problems.append((position, f"no text field ({options.text_field or _TEXT})"))
            texts.append(text or "")
            closing.add(text or "", len(texts) - 1)
            rid = record.get(options.id_field)
            ids.append(None if rid is None else str(rid))
            positions.append(position)
            published.append(record_published(record))
        sets, index = steps.sketch_part(texts, config)
    except StorylineError:
        raise
    except Exception as exc:  # a reader failure: retried by Dask, then reported with the file
        raise InputError(f"partition failed: {type(exc).__name__}: {exc}", path=part.name) from exc
    scan = Scan(
        part, ids, positions, published, reader.lines, bad, no_text, problems[:_EXAMPLES], closing
    )
    return sets, index, scan


def _scan_summary(sketched: tuple[Any, Any, Scan]) -> tuple[int, int, int, list[tuple[int, str]]]:
    scan = sketched[2]
    return scan.lines, scan.bad_lines, scan.no_text, scan.problems


def _closing_of(sketched: tuple[Any, Any, Scan]) -> tuple[ClosingLines, int]:
    return sketched[2].closing, len(sketched[2].ids)


class _Boilerplate:
    """Name the shingles of the closing lines that many unrelated texts share, over partitions."""

    def __init__(self, client: Any, config: DedupConfig) -> None:
        self.client, self.ngram, self.lines, self.passages = client, config.ngram, 0, 0

    def __call__(self, sketched: list[Any]) -> Any:
        parts = self.client.gather([self.client.submit(_closing_of, f) for f in sketched])
        bases = np.cumsum([0, *(n for _, n in parts)])
        merged = ClosingLines()
        for (closing, _), base in zip(parts, bases, strict=False):
            merged.merge(closing, offset=int(base))

        def fetch(task: Callable[..., Any]) -> Callable[[Sequence[int]], dict[int, Any]]:
            def of(docs: Sequence[int]) -> dict[int, Any]:
                wanted = np.asarray(docs, dtype=np.int64)
                owner = np.searchsorted(bases, wanted, side="right") - 1
                asks = [
                    self.client.submit(
                        task,
                        sketched[p],
                        (wanted[owner == p] - bases[p]).tolist(),
                        int(bases[p]),
                    )
                    for p in np.unique(owner).tolist()
                ]
                return {k: v for found in self.client.gather(asks) for k, v in found.items()}

            return of

        lines, self.lines = boilerplate_shingles(merged, fetch(steps.doc_sets), ngram=self.ngram)
        # the anchors of every partition, numbered as the single-process engine numbers texts
        anchors = self.client.gather(
            [
                self.client.submit(_anchors_of, f, int(b))
                for f, b in zip(sketched, bases, strict=False)
            ]
        )
        keys = np.concatenate([a for a, _ in anchors]) if anchors else np.empty(0, np.uint32)
        docs = np.concatenate([d for _, d in anchors]) if anchors else np.empty(0, np.int64)
        found, self.passages = passage_shingles(
            keys, docs, stacked(fetch(steps.doc_sets)), stacked(fetch(_doc_names))
        )
        return np.union1d(lines, found).astype(np.uint32)


def _anchors_of(sketched: tuple[Any, ...], base: int) -> tuple[Any, Any]:
    """Return a sketched partition's anchors, with global text numbers."""
    index: steps.PartIndex = sketched[1]
    return index.anchor_keys, index.anchor_docs + base


def _doc_names(sketched: tuple[Any, ...], docs: Sequence[int], base: int) -> dict[int, Any]:
    """Return the name-and-number sets of some of a partition's texts, by global number."""
    sets: steps.PartSets = sketched[0]
    at = sets.name_offsets
    return {base + d: sets.names[at[d] : at[d + 1]] for d in docs}


def _published_of(sketched: tuple[Any, Any, Scan]) -> list[str | None]:
    return sketched[2].published


def _ids_of(sketched: tuple[Any, Any, Scan], local: list[int], line_offset: int) -> list[str]:
    """Return the ids of some records of a partition (file:line or file#row when they have none)."""
    scan = sketched[2]
    return [scan.ids[i] or scan.part.where(scan.positions[i], line_offset) for i in local]


@dataclass(frozen=True)
class PiecePlan:
    """What pass 2 needs to annotate one partition's records."""

    base: int  # gid of the partition's first record
    labels: np.ndarray  # cluster label of each record (the gid of its cluster's first record)
    clustered: np.ndarray  # whether the record's cluster has two or more records
    kept: np.ndarray  # gid of the cluster's kept record
    ids: dict[int, str]  # ids of the kept records (by gid) that are not the record itself


def _write_piece(job: tuple[Partition, str], plan: PiecePlan, drop: bool) -> int:
    """Pass 2 on one partition: write its records annotated as corpus mode annotates them."""
    part, piece = job
    sink = FileSink(Path(piece))
    written = index = 0
    try:
        for _, record in PartReader(part):
            if isinstance(record, str):
                continue
            gid, k = plan.base + index, int(plan.kept[index])
            record["dup_cluster"] = int(plan.labels[index])
            record["is_duplicate"] = k != gid
            record["duplicate_of"] = plan.ids[k] if k != gid else None
            if not plan.clustered[index]:
                record["dup_cluster"] = None
            if not (drop and k != gid):
                sink.write(record)
                written += 1
            index += 1
    except BaseException:
        sink.close(commit=False)
        raise
    sink.close(commit=True)
    return written


def dedup_corpus_dask(
    inputs: Sequence[str],
    output: str,
    config: DedupConfig,
    options: CorpusOptions,
    client: Any,
    dask: DaskOptions | None = None,
) -> CorpusReport:
    """Dedup the records of inputs on the cluster and write them, annotated, to output."""
    options = options.check()
    dask = (dask or DaskOptions()).check()
    retries, progress = dask.retries, dask.progress
    started = time.perf_counter()
    parts = plan_partitions(
        inputs, target_bytes=dask.partition_bytes, target_rows=dask.partition_rows
    )
    dests = destinations(parts, output)
    boilerplate = _Boilerplate(client, config)
    run = dedup_on_dask(
        [(p, options) for p in parts],
        config,
        client,
        retries=retries,
        progress=progress,
        task=_scan,
        ignore=boilerplate,
    )
    scans = client.gather([client.submit(_scan_summary, f) for f in run.sketched])
    offsets = _line_offsets(parts, [s[0] for s in scans])
    report = _report(run, scans, boilerplate)
    for part, offset, scan in zip(parts, offsets, scans, strict=True):
        for position, reason in scan[3]:
            report.problem(part.where(position, offset), reason)
    pieces = piece_names(dests)
    written = _write_pieces(client, run, (parts, pieces, offsets), options, retries=retries)
    report.written = sum(written)
    assemble_pieces(dests, [p for p, n in zip(pieces, written, strict=True) if n], pieces)
    report.seconds = time.perf_counter() - started
    return report


def _report(run: DaskDedupRun, scans: list[Any], boilerplate: _Boilerplate) -> CorpusReport:
    """Sum the partitions' scans and the run's counts into the corpus report."""
    return CorpusReport(
        records=run.stats.docs,
        bad_lines=sum(s[1] for s in scans),
        no_text=sum(s[2] for s in scans),
        empty=run.stats.empty,
        short=run.stats.short,
        clusters=run.stats.clusters,
        duplicates=run.stats.duplicates,
        boilerplate_lines=boilerplate.lines,
        passages=boilerplate.passages,
    )


def _write_pieces(
    client: Any,
    run: DaskDedupRun,
    layout: tuple[Sequence[Partition], list[str], list[int]],
    options: CorpusOptions,
    *,
    retries: int,
) -> list[int]:
    """Write each partition's annotated records to its piece on the workers; return the counts."""
    parts, pieces, offsets = layout
    labels = run.labels()
    kept = _kept(run, labels, options.keep)
    ids = _kept_ids(run, labels, kept, offsets)
    sizes = np.bincount(labels, minlength=len(labels))
    jobs = []
    for i, (part, base, count) in enumerate(zip(parts, run.bases, run.counts, strict=True)):
        span = slice(base, base + count)
        wanted = {int(k): ids[int(k)] for k in np.unique(kept[span]) if int(k) in ids}
        plan = PiecePlan(base, labels[span], sizes[labels[span]] >= 2, kept[span], wanted)
        jobs.append(
            client.submit(
                _write_piece,
                (part, pieces[i]),
                plan,
                options.drop_duplicates,
                retries=retries,
                pure=False,
            )
        )
    return list(client.gather(jobs))


def _line_offsets(parts: Sequence[Partition], lines: Sequence[int]) -> list[int]:
    """Number each JSONL partition's lines after its file's earlier partitions."""
    offsets, seen = [], 0
    for i, part in enumerate(parts):
        seen = seen if i and parts[i - 1].path == part.path else 0
        offsets.append(seen)
        seen += lines[i]
    return offsets


def _kept(run: Any, labels: np.ndarray, keep: str) -> np.ndarray:
    """Pick each cluster's kept record with corpus mode's own rule (kept_members)."""
    words = run.words() if keep == "longest" else np.zeros(len(labels), dtype=np.int64)
    meta = CorpusMeta()
    if keep == "earliest":
        for dates in run.client.gather([run.client.submit(_published_of, f) for f in run.sketched]):
            meta.published += dates
    result = DedupResult(labels, PairEvidence.empty(), run.stats, words)
    kept: np.ndarray = kept_members(result, meta, keep)
    return kept


def _kept_ids(
    run: Any, labels: np.ndarray, kept: np.ndarray, offsets: Sequence[int]
) -> dict[int, str]:
    """Fetch the ids of the kept records that other records are duplicates of."""
    wanted = np.unique(kept[kept != np.arange(len(kept))])
    owner = np.searchsorted(np.asarray(run.bases), wanted, side="right") - 1
    futures = {}
    for p in np.unique(owner).tolist():
        local = (wanted[owner == p] - run.bases[p]).tolist()
        futures[p] = run.client.submit(_ids_of, run.sketched[p], local, offsets[p], pure=False)
    out: dict[int, str] = {}
    for p, names in zip(futures, run.client.gather(list(futures.values())), strict=True):
        out.update(zip((wanted[owner == p]).tolist(), names, strict=True))
    return out


def dedup_corpus_on_cluster(
    inputs: Sequence[str],
    output: str,
    config: DedupConfig,
    options: CorpusOptions,
    dask: DaskOptions,
    *,
    announce: Callable[[str], None] = lambda _: None,
) -> CorpusReport:
    """Connect to (or start) the cluster dask names, say where it is, and run corpus mode."""
    with dask_client(dask) as client:
        announce(describe(dask, client))
        return dedup_corpus_dask(inputs, output, config, options, client, dask)
