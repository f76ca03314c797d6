"""Time the dedup stage of `storyline run` on a copy of an ingested store (CPU s, wall, peak).

    storyline ingest corpus.jsonl --db raw.db --no-clean        # once, not timed
    python benchmarks/store_dedup_time.py raw.db work.db          # this tree's code
    PYTHONPATH=/old/src python benchmarks/store_dedup_time.py raw.db old.db   # another tree's

The copy keeps raw.db untouched, so runs of two versions can alternate on the same input;
compare what they stored with benchmarks/store_digest.py.
"""

from __future__ import annotations

import contextlib
import resource
import shutil
import sys
import time

from storyline import pipeline
from storyline.store import Store


def main(source: str, work: str) -> None:
    """Copy source to work, run the dedup stage on it and print the report and times."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            shutil.copy(source + suffix, work + suffix)
    with Store.open(work) as store:
        wall, cpu = time.perf_counter(), time.process_time()
        report = pipeline.dedup(store)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(report.summary())
    print(f"dedup: {cpu:.1f} CPU s, {wall:.1f} s wall, peak {peak:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
