"""Corpus mode: dedup JSONL(.gz) / Parquet files with no database, and write them back.

    report = dedup_corpus(["crawl/"], "deduped.parquet", DedupConfig(), CorpusOptions())

Two streaming passes over the input: the first sketches every record's text, the second writes
every record back with its own fields plus `dup_cluster` (the input position of the cluster's
first record), `is_duplicate` and `duplicate_of` (the id of the cluster's kept record, chosen by
--keep). Lines that are not JSON objects and records without a text are counted and reported;
they never stop the run (a record without text is written back, unmatched).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from storyline.dates import sort_key
from storyline.dedup.boilerplate import ClosingLines, boilerplate_shingles
from storyline.dedup.candidates import sorted_unique
from storyline.dedup.corpus_io import (
    CorpusWriter,
    corpus_files,
    read_records,
    record_published,
    record_text,
)
from storyline.dedup.engine import DedupConfig, Deduplicator, DedupResult
from storyline.dedup.passages import passage_shingles
from storyline.dedup.sketch import U32
from storyline.errors import UsageError

KEEP = ("earliest", "longest", "first")
MAX_EXAMPLES = 10
Tick = Callable[[int], None]


@dataclass(frozen=True)
class CorpusOptions:
    """What to keep and write, and where the fields are."""

    keep: str = "earliest"  # earliest (published) | longest (words) | first (input order)
    drop_duplicates: bool = False  # write the kept records only
    text_field: str | None = None  # None: "text", else "maintext"
    id_field: str = "id"  # records without it are named file:line

    def check(self) -> CorpusOptions:
        """Return self, or raise UsageError."""
        if self.keep not in KEEP:
            raise UsageError(f"--keep must be one of {', '.join(KEEP)}, not {self.keep!r}")
        return self


@dataclass
class CorpusReport:
    """Counts of one corpus run."""

    records: int = 0
    bad_lines: int = 0  # not a JSON object: skipped
    no_text: int = 0  # no usable text: written back, never matched
    empty: int = 0
    short: int = 0  # fewer words than the shingle size: exact matches only
    clusters: int = 0
    duplicates: int = 0
    boilerplate_lines: int = 0  # closing lines many unrelated texts share: not evidence
    passages: int = 0  # passages many unrelated texts share anywhere: not evidence either
    written: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)  # where the first bad inputs are

    def problem(self, where: str, reason: str) -> None:
        """Remember where a bad input was (the first few)."""
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(f"{where}: {reason}")

    def summary(self) -> str:
        """Render the final report line."""
        return (
            f"{self.records} records, {self.clusters} clusters, {self.duplicates} duplicates, "
            f"{self.written} written; skipped {self.bad_lines} bad lines, {self.no_text} without "
            f"text; {self.short} too short (exact match only); {self.boilerplate_lines} "
            f"shared closing lines and {self.passages} shared passages not counted as "
            f"evidence; {self.seconds:.1f} s"
        )


@dataclass
class CorpusMeta:
    """What pass 2 needs of every record (id, date), and the closing lines texts share."""

    ids: list[str] = field(default_factory=list)
    published: list[str | None] = field(default_factory=list)
    closing: ClosingLines = field(default_factory=ClosingLines)


def _sketch_pass(
    files: list[Path],
    dedup: Deduplicator,
    options: CorpusOptions,
    report: CorpusReport,
    tick: Tick,
) -> CorpusMeta:
    """Pass 1: feed every record's text to the engine; keep ids and dates.

    Reading, parsing and counting closing lines (Python) overlap the sketching of the batch
    before (numpy, on the engine's threads): both cores work.
    """
    meta = CorpusMeta()
    batch: list[str] = []
    for path in files:
        for where, record in read_records(path, report):
            text = record_text(record, options.text_field)
            if text is None:
                report.no_text += 1
                report.problem(where, f"no text field ({options.text_field or 'text/maintext'})")
            batch.append(text or "")
            meta.closing.add(text or "", len(meta.ids))
            rid = record.get(options.id_field)
            meta.ids.append(where if rid is None else str(rid))
            meta.published.append(record_published(record))
            if len(batch) >= dedup.config.batch_size:
                dedup.submit(batch)  # sketched on the worker threads while this reads on
                tick(len(batch))
                batch = []
    if batch:
        dedup.add(batch)
        tick(len(batch))
    return meta


def shared_passages(dedup: Deduplicator, closing: ClosingLines, report: CorpusReport) -> U32:
    """Return the shingles of passages many unrelated texts share: closing lines, and
    passages anywhere (see boilerplate and passages); count them in the report."""
    corpus = dedup.sketches()
    lines, report.boilerplate_lines = boilerplate_shingles(
        closing, corpus.doc_sets, ngram=dedup.config.ngram
    )
    found, report.passages = passage_shingles(
        corpus.anchor_keys,
        corpus.anchor_docs,
        corpus.gather,
        corpus.gather_names,
    )
    return sorted_unique(np.concatenate([lines, found])).astype(np.uint32)


def kept_members(result: DedupResult, meta: CorpusMeta, keep: str) -> np.ndarray:
    """Return, for each record, the index of its cluster's kept record."""
    labels = result.labels
    n = len(labels)
    if keep == "first":
        rank = np.arange(n)
    elif keep == "longest":
        rank = np.lexsort((np.arange(n), -result.words))
        rank = np.argsort(rank)
    else:
        # UTC, undated last; each distinct date string read once (a crawl repeats its dates)
        keys = {p: sort_key(p) for p in set(meta.published)}
        dated = [(keys[p], i) for i, p in enumerate(meta.published)]
        rank = np.empty(n, dtype=np.int64)
        rank[[i for _, i in sorted(dated)]] = np.arange(n)
    best = np.full(n, n, dtype=np.int64)
    np.minimum.at(best, labels, rank)  # the best rank in each cluster
    order = np.empty(n, dtype=np.int64)
    order[rank] = np.arange(n)
    kept: np.ndarray = order[best[labels]]
    return kept


def _find(
    files: list[Path],
    config: DedupConfig | None,
    options: CorpusOptions,
    report: CorpusReport,
    tick: Tick,
) -> tuple[CorpusMeta, DedupResult]:
    """Pass 1 and the matching: the clusters of every record, counted in the report."""
    # the exact shingle sets wait in a temporary file: 2.1 GiB of memory at 1M texts
    dedup = Deduplicator(config, spill=True)
    try:
        meta = _sketch_pass(files, dedup, options, report, tick)
        result = dedup.finish(ignore=shared_passages(dedup, meta.closing, report))
    finally:
        dedup.close()
    report.records = len(meta.ids)
    report.empty, report.short = result.stats.empty, result.stats.short
    report.clusters, report.duplicates = result.stats.clusters, result.stats.duplicates
    return meta, result


def dedup_corpus(
    inputs: Sequence[str],
    output: str,
    config: DedupConfig | None = None,
    options: CorpusOptions | None = None,
    *,
    tick: Tick = lambda _: None,
) -> CorpusReport:
    """Dedup the records of inputs and write them, annotated, to output (see module doc)."""
    options = (options or CorpusOptions()).check()
    files = corpus_files(inputs)
    writer = CorpusWriter(output, files)
    started = time.perf_counter()
    report = CorpusReport()
    meta, result = _find(files, config, options, report, tick)
    kept = kept_members(result, meta, options.keep)
    sizes = np.bincount(result.labels, minlength=len(meta.ids))
    index = 0
    with writer:
        for path in files:
            for _, record in read_records(path, None):
                k = int(kept[index])
                record["dup_cluster"] = int(result.labels[index])
                record["is_duplicate"] = k != index
                record["duplicate_of"] = meta.ids[k] if k != index else None
                if sizes[result.labels[index]] < 2:
                    record["dup_cluster"] = None
                if not (options.drop_duplicates and k != index):
                    writer.write(path, record)
                    report.written += 1
                index += 1
                if index % 4096 == 0:
                    tick(4096)
    report.seconds = time.perf_counter() - started
    return report
