"""Time the cluster stage of `storyline run` on a copy of a store: wall, CPU, peak RSS.

    python benchmarks/e2e_bench.py --sizes 10k --engines store --stages ingest,clean,dedup \\
        --peer-docs 0 --keep --work /tmp/e2e
    python benchmarks/cluster_stage_bench.py /tmp/e2e/n10000/store/storyline.db /tmp/copy.db

The store is copied first (the source stays unclustered, so old and new code can be run in
turn on the same input). CPU seconds are given for this process and for its worker processes
apart: on a shared machine they are steadier than wall time. Compare the stories of two runs
with benchmarks/store_digest.py.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from pathlib import Path


def main(source: str, copy: str) -> None:
    """Cluster a copy of the store at source; print one JSON line of figures."""
    from storyline import pipeline
    from storyline.store import Store

    for suffix in ("", "-wal", "-shm"):
        if Path(source + suffix).exists():
            shutil.copy(source + suffix, copy + suffix)
    wall, cpu = time.perf_counter(), time.process_time()
    with Store.open(copy) as store:
        report = pipeline.cluster(store)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "placed": report.placed,
        "stories": report.stories,
        "wall_s": round(time.perf_counter() - wall, 1),
        "main_cpu_s": round(time.process_time() - cpu, 1),
        "worker_cpu_s": round(workers.ru_utime + workers.ru_stime, 1),
        "main_peak_rss_mb": own.ru_maxrss >> 10,
        "worker_peak_rss_mb": workers.ru_maxrss >> 10,
    }
    print(json.dumps(figures))


if __name__ == "__main__":  # workers are spawned: they must not run this again
    main(sys.argv[1], sys.argv[2])
