"""Time the whole analyze stage (`pipeline.analyze`) on a copy of a clustered store.

    PYTHONPATH=old/src python benchmarks/analyze_stage_bench.py RUN/store/storyline.db --workers 2
    PYTHONPATH=new/src python benchmarks/analyze_stage_bench.py RUN/store/storyline.db --workers 2

The store is copied first (with its WAL) and its stored analyses dropped, so every story is
analysed, as in a first `storyline run`. Prints wall s, the CPU s of this process and of the
worker processes, and an md5 of every stored analysis (as `benchmarks/store_digest.py` writes
them): equal digests, equal output. --keep DB leaves the analysed copy at DB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from storyline import pipeline
from storyline.store import Store


def _copy(db: str, target: Path) -> None:
    """Copy a store into target with its analyses dropped (checkpointed: one file)."""
    source = sqlite3.connect(db)
    try:
        out = sqlite3.connect(target)
        source.backup(out)
        out.execute("DELETE FROM story_analysis")
        out.commit()
        out.close()
    finally:
        source.close()


def _digest(db: Path) -> tuple[int, str]:
    """Return the number of stories and the md5 of their analyses, in story order."""
    digest = hashlib.md5()
    with Store.open(str(db)) as store:
        stories = store.list_stories()
        for story in stories:
            line = ["analysis", story["id"], store.get_analysis(story["id"])]
            digest.update(json.dumps(line, sort_keys=True, default=str).encode())
    return len(stories), digest.hexdigest()


def main() -> None:
    """Copy the store, analyse every story, print the timings and the digest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", help="path to leave the analysed store at")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "storyline.db"
        _copy(args.db, db)
        wall, cpu = time.perf_counter(), time.process_time()
        with Store.open(str(db)) as store:
            report = pipeline.analyze(store, workers=args.workers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers_cpu = children.ru_utime + children.ru_stime
        stories, digest = _digest(db)
        if args.keep:
            shutil.copy(db, args.keep)
    print(
        f"wall {wall:.1f} s, cpu main {cpu:.1f} s + workers {workers_cpu:.1f} s = "
        f"{cpu + workers_cpu:.1f} s; {report.summary()}; {stories} stories, digest {digest}"
    )


if __name__ == "__main__":
    main()
