"""End-to-end benchmark: ingest, clean, dedup, cluster and analyze from 10 k to 1 M articles.

    python benchmarks/e2e_bench.py --sizes 10k,100k --engines single,dask1,dask2
    python benchmarks/e2e_bench.py --sizes 2k --engines single,dask2 --peer-docs 2000   # smoke
    python benchmarks/e2e_bench.py --sizes 10k --engines store,store1 --peer-docs 0  # `run`

For each size a seeded corpus of news-length articles (benchmarks/corpus_gen.py) is written once
as part-NNNNN.jsonl.gz files of --part-docs records, then every engine runs the five stages over
it, each stage in its own subprocess reading the previous stage's files and writing its own (see
e2e_stages.py), so the peak RSS of a stage is its own: the sum over the stage's process tree
(the Dask workers included), sampled every 50 ms. docs/s counts the stage's work, not the start
of the local Dask cluster (reported apart). Engines:

  single   the stage functions in one process, partition after partition
  daskN    the same functions as Dask tasks on a LocalCluster of N single-threaded worker
           processes (dedup: the distributed dedup engine; cluster: features on the workers, the
           story engine in one task)
  store    what `storyline run` does: the pipeline's stage functions over one SQLite store
           (clean, cluster features and analyze with the default workers: up to 2, at most
           the cores); the stage subprocesses share the engine's store, so CPU s includes the
           worker processes
  storeN   the same with N worker processes for clean, cluster features and analyze

The dedup benchmark (benchmarks/dedup_bench.py: storyline vs rensa vs datasketch, same corpus
generator and seed) runs in the same invocation on --peer-docs documents; its ratios are printed.
Results are appended as JSON lines to --results.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from e2e_stages import STAGES  # noqa: E402

ENGINES = ("single", "dask1", "dask2")
STORE_ENGINES = ("store", "store1", "store2")


def parse_size(text: str) -> int:
    """Read 10k, 1M or 2500 as a document count."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def generate_corpus(root: Path, docs: int, seed: int, part_docs: int) -> Path:
    """Write the seeded corpus as gzipped JSONL parts once; reuse it when already complete."""
    from corpus_gen import generate

    corpus = root / "corpus"
    marker = corpus / ".complete"
    stamp = json.dumps({"docs": docs, "seed": seed, "part_docs": part_docs})
    if marker.is_file() and marker.read_text() == stamp:
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    handle = None
    for i, record in enumerate(generate(docs, seed)):
        if i % part_docs == 0:
            if handle:
                handle.close()
            name = corpus / f"part-{i // part_docs:05d}.jsonl.gz"
            handle = gzip.open(name, "wt", encoding="utf-8", compresslevel=1)  # noqa: SIM115
        assert handle is not None
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    marker.write_text(stamp)
    return corpus


class TreeMonitor:
    """Sample a process and all its descendants: peak summed RSS, and CPU seconds used."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.peak = 0
        self._cpu: dict[int, float] = {}
        self._proc = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            try:
                procs = [self._proc, *self._proc.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
                    times = p.cpu_times()
                    self._cpu[p.pid] = times.user + times.system
            self.peak = max(self.peak, total)
            self._stop.wait(interval)

    def stop(self) -> tuple[int, float]:
        """Stop sampling; return the peak RSS in bytes and the CPU seconds of the tree."""
        self._stop.set()
        self._thread.join()
        return self.peak, sum(self._cpu.values())


def run_stage(stage: str, engine: str, root: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one stage in a subprocess; return its report with the peak RSS of its process tree."""
    cmd = [
        sys.executable,
        __file__,
        "--stage",
        stage,
        "--engine",
        engine,
        "--root",
        str(root),
        "--worker-memory",
        args.worker_memory,
        "--cluster-blocks",
        str(args.cluster_blocks),
    ]
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    monitor = TreeMonitor(child.pid)
    out, _ = child.communicate()
    peak, cpu = monitor.stop()
    if child.returncode:
        raise SystemExit(f"stage {stage} ({engine}) failed with status {child.returncode}")
    report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    report.update(peak_rss=peak, cpu_seconds=cpu, load=os.getloadavg()[0])
    return report


def stage_main(args: argparse.Namespace) -> None:
    """Run one stage in this process (the child side of run_stage); print its report."""
    import e2e_stages as st

    root = Path(args.root)
    run_dir = root / args.engine
    dirs = {s: run_dir / s for s in STAGES}
    dirs[args.stage].mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.engine.startswith("store"):
        report = store_stage(args.stage, root, run_dir, args.engine[5:])
        startup = 0.0
        seconds = time.perf_counter() - started
    elif args.engine == "single":
        report = _stage(st, st.Runner(blocks=args.cluster_blocks), args.stage, root, dirs)
        startup = 0.0
        seconds = time.perf_counter() - started
    else:
        from storyline.dedup.dask_client import DaskOptions, dask_client

        options = DaskOptions(workers=int(args.engine[4:]), memory_limit=args.worker_memory)
        with dask_client(options) as client:
            startup = time.perf_counter() - started
            runner = st.Runner(client, blocks=args.cluster_blocks)
            report = _stage(st, runner, args.stage, root, dirs)
            seconds = time.perf_counter() - started - startup
    report.update(stage=args.stage, engine=args.engine, seconds=seconds, startup=startup)
    print(json.dumps(report))


def _stage(st: Any, runner: Any, stage: str, root: Path, dirs: dict[str, Path]) -> dict[str, Any]:
    if stage == "ingest":
        return dict(st.ingest(runner, root / "corpus", dirs["ingest"]))
    if stage == "clean":
        return dict(st.clean(runner, dirs["ingest"], dirs["clean"]))
    if stage == "dedup":
        return dict(st.dedup(runner, dirs["clean"], dirs["dedup"]))
    if stage == "cluster":
        return dict(st.cluster(runner, dirs["dedup"], dirs["cluster"]))
    return dict(st.analyze(runner, dirs["cluster"], dirs["analyze"]))


def store_stage(stage: str, root: Path, run_dir: Path, workers: str) -> dict[str, Any]:
    """Run one pipeline stage over the engine's SQLite store (as `storyline run` does)."""
    from storyline import pipeline
    from storyline.store import Store

    db = run_dir / "storyline.db"
    # Without a worker count, the pipeline's defaults (as the CLI runs it).
    extra: dict[str, Any] = {"workers": int(workers)} if workers else {}
    with Store.open(str(db)) as store:
        if stage == "ingest":
            files = sorted(str(p) for p in (root / "corpus").glob("part-*.jsonl.gz"))
            ingested = pipeline.ingest(store, files)
            return {"docs": ingested.ingested + ingested.unchanged + ingested.new_versions}
        docs = store.count_articles()
        if stage == "clean":
            return {"docs": docs, "cleaned": pipeline.clean(store, **extra)}
        if stage == "dedup":
            return {"docs": docs, "groups": pipeline.dedup(store).groups}
        if stage == "cluster":
            return {"docs": docs, "stories": pipeline.cluster(store, **extra).stories}
        analysed = pipeline.analyze(store, **extra)
        return {"docs": docs, "stories": analysed.analysed + analysed.reused}


def peers(docs: int, seed: int) -> list[dict[str, Any]]:
    """Run benchmarks/dedup_bench.py on the same generator and seed; return its rows."""
    cmd = [
        sys.executable,
        str(HERE / "dedup_bench.py"),
        "--docs",
        str(docs),
        "--seed",
        str(seed),
        "--engines",
        "storyline,rensa,datasketch",
        "--json",
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


SHOWN = (
    "size",
    "engine",
    "stage",
    "docs",
    "seconds",
    "startup",
    "peak_rss",
    "docs_per_s",
    "cpu_seconds",
    "load",
)


def print_rows(rows: list[dict[str, Any]]) -> None:
    """Print the per-stage table and the worker speed-ups."""
    print(
        f"{'size':>8} {'engine':<7}{'stage':<9}{'docs':>9}{'seconds':>9}{'docs/s':>9}"
        f"{'peak RSS':>10}{'cpu s':>8}{'startup':>8}{'load':>6}  notes"
    )
    for r in rows:
        notes = " ".join(f"{k}={v}" for k, v in r.items() if k not in SHOWN)
        print(
            f"{r['size']:>8} {r['engine']:<7}{r['stage']:<9}{r['docs']:>9}{r['seconds']:>9.1f}"
            f"{r['docs_per_s']:>9.0f}{r['peak_rss'] / 2**20:>8.0f}MB{r['cpu_seconds']:>8.1f}"
            f"{r['startup']:>7.1f}s{r['load']:>6.1f}  {notes}"
        )
    by = {(r["size"], r["engine"], r["stage"]): r["docs_per_s"] for r in rows}
    for size in sorted({r["size"] for r in rows}):
        for stage in STAGES:
            base = by.get((size, "single", stage))
            cells = [
                f"{e}={by[(size, e, stage)] / base:.2f}x"
                for e in (*ENGINES[1:], *STORE_ENGINES)
                if base and (size, e, stage) in by
            ]
            if cells:
                print(f"speed vs single  {size:>8} {stage:<8} " + "  ".join(cells))


def print_peers(rows: list[dict[str, Any]]) -> None:
    """Print the dedup peers and storyline's throughput ratio over each."""
    ours = next((r for r in rows if r["engine"] == "storyline"), None)
    for r in rows:
        ratio = ours["docs_per_s"] / r["docs_per_s"] if ours else float("nan")
        print(
            f"peer {r['engine']:<12} docs={r['docs']:<8} docs/s={r['docs_per_s']:<9.0f} "
            f"peak={r['peak_rss'] / 2**20:.0f}MB F1={r['f1']:.3f} storyline/peer={ratio:.1f}x"
        )


def main() -> None:
    """Generate the corpora, run every engine's stages, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k,100k,1M")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--part-docs",
        type=int,
        default=0,
        help="records per input file (0: size/16, between 1,000 and 10,000)",
    )
    parser.add_argument("--work", default="/tmp/storyline-e2e", help="scratch directory")
    parser.add_argument("--worker-memory", default="6GiB", help="memory limit per Dask worker")
    parser.add_argument(
        "--cluster-blocks",
        type=int,
        default=0,
        help="cluster stage: bins of independent blocks (0: one story engine, the serial stories)",
    )
    parser.add_argument(
        "--peer-docs", type=int, default=20_000, help="documents for the dedup peers run (0: skip)"
    )
    parser.add_argument("--results", default=str(HERE / "out" / "e2e_results.jsonl"))
    parser.add_argument("--keep", action="store_true", help="keep stage outputs")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stage_main(args)
        return
    rows: list[dict[str, Any]] = []
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    for size in map(parse_size, args.sizes.split(",")):
        root = Path(args.work) / f"n{size}"
        started = time.perf_counter()
        part_docs = args.part_docs or max(1_000, min(10_000, size // 16))
        generate_corpus(root, size, args.seed, part_docs)
        print(f"corpus of {size} docs ready in {time.perf_counter() - started:.0f}s", flush=True)
        for engine in args.engines.split(","):
            for stage in args.stages.split(","):
                r = run_stage(stage, engine, root, args)
                r.update(size=size, docs_per_s=r["docs"] / max(r["seconds"], 1e-9))
                rows.append(r)
                with open(args.results, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(r) + "\n")
                print_rows([r])
            if not args.keep:
                shutil.rmtree(root / engine, ignore_errors=True)
    print()
    print_rows(rows)
    if args.peer_docs:
        print()
        print_peers(peers(args.peer_docs, args.seed))


if __name__ == "__main__":
    main()
