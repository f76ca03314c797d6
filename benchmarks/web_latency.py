"""Latency of `storyline serve` on loopback: story page and story JSON, p50/p95, at 100k articles.

Builds (once, cached under benchmarks/out/) a store of N generated articles with the project's
own pipeline: benchmarks/corpus_gen.py makes news-like articles with copies and event siblings,
ingest stores them, then clean, dedup, cluster and analyze run as `storyline run` runs them.
Then it starts the real server (`python -m storyline serve`) in its own process and drives it
with a load generator on loopback: keep-alive HTTP/1.1 connections from --clients threads, each
asking for random stories (uniform over stories, so long and short ones alike), alternating
/stories/ID and /stories/ID.json. Goal: p95 < 100 ms for both.

    python benchmarks/web_latency.py                       # 100,000 articles, 2,000 requests
    python benchmarks/web_latency.py --articles 5000 --requests 300   # quick

With --concurrent, writers run while the server answers (issue 22): on a copy of the store,
`storyline cluster --full` starts, then `storyline ingest` of --extra new articles (which must
wait for the cluster's lock and succeed, not crash), then `storyline run` over more of them;
meanwhile --clients readers ask for /api/stories, story JSON and /api/articles pages. It
reports each writer's exit status and wait notes, and read p50/p95/max while a writer ran.
Goal: 0 errors, read p95 < 200 ms.

    python benchmarks/web_latency.py --articles 2000 --concurrent --extra 1000
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline import pipeline
from storyline.config import IngestConfig
from storyline.ingest.fields import record_to_article
from storyline.models import Article
from storyline.store import Store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus_gen import generate  # noqa: E402

OUT = HERE / "out"


def build(db: Path, articles: int, seed: int) -> None:
    """Generate the corpus and run the whole pipeline over it into db."""
    started = time.perf_counter()
    partial = db.with_suffix(".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    with Store.open(partial) as store:
        config = IngestConfig()
        report = pipeline.store_records(store, _articles(articles, seed, config), config)
        print(
            f"  ingested {report.ingested:,} in {time.perf_counter() - started:.0f} s", flush=True
        )
        for name, stage in pipeline_stages():
            t0 = time.perf_counter()
            stage(store)
            print(f"  {name} in {time.perf_counter() - t0:.0f} s", flush=True)
    partial.rename(db)
    print(f"built {db} in {time.perf_counter() - started:.0f} s", flush=True)


def pipeline_stages() -> list[tuple[str, Any]]:
    """Return the stages `storyline run` applies after ingest, in order."""
    return [
        ("clean", pipeline.clean),
        ("dedup", pipeline.dedup),
        ("cluster", pipeline.cluster),
        ("analyze", pipeline.analyze),
    ]


def _articles(n: int, seed: int, config: IngestConfig) -> Iterator[Article]:
    for number, record in enumerate(generate(n, seed=seed), 1):
        fields = {k: record[k] for k in ("id", "title", "text", "published", "source")}
        yield record_to_article(
            fields,
            where=("corpus", number),
            default_id=None,
            raw="",
            raw_format="json",
            config=config,
        )


def story_ids(db: Path, sample: int, seed: int) -> list[str]:
    """Pick story ids uniformly at random among all stories."""
    with Store.open(db, readonly=True) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM cluster_stories ORDER BY id")]
    if not ids:
        raise SystemExit(f"{db} has no stories: the cluster stage did not run")
    return random.Random(seed).sample(ids, min(sample, len(ids)))


def largest_stories(db: Path, count: int) -> list[tuple[str, int]]:
    """Return the ids and sizes of the largest stories."""
    with Store.open(db, readonly=True) as store:
        rows = store.conn.execute(
            "SELECT id, size FROM cluster_stories ORDER BY size DESC, id LIMIT ?", (count,)
        ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


def free_port() -> int:
    """Ask the OS for a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """Start `storyline serve` and wait until it answers."""
    cmd = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start within 30 s")


def drive(port: int, paths: list[str], clients: int) -> dict[str, list[float]]:
    """Request every path once, spread over client threads; return latencies (ms) by kind."""
    results: dict[str, list[float]] = {"page": [], "json": []}
    lock = threading.Lock()
    queue = iter(paths)

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                path = next(queue, None)
            if path is None:
                break
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status != 200:
                raise SystemExit(f"GET {path} answered {response.status}")
            with lock:
                results["json" if path.endswith(".json") else "page"].append(elapsed)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))]


KINDS = (("page", "story page"), ("json", "story JSON"))


def _latency_row(label: str, values: list[float], third: float) -> str:
    """Format p50, p95, a third figure and the mean of latencies in ms."""
    return (
        f"{label:14}{percentile(values, 50):9.1f}{percentile(values, 95):9.1f}"
        f"{third:9.1f}{statistics.fmean(values):9.1f}"
    )


def write_extra(path: Path, count: int, seed: int, prefix: str) -> None:
    """Write count new generated articles as JSONL for a writer to ingest."""
    with path.open("w", encoding="utf-8") as out:
        for record in generate(count, seed=seed):
            fields = {k: record[k] for k in ("title", "text", "published", "source")}
            out.write(json.dumps({"id": f"{prefix}-{record['id']}", **fields}) + "\n")


def start_writer(args: list[str], db: Path, log: Path) -> subprocess.Popen[bytes]:
    """Start one `storyline` writer command on db, its stderr to log."""
    cmd = [sys.executable, "-m", "storyline", *args, "--db", str(db)]
    with log.open("wb") as err:
        return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)


def read_while(port: int, paths: list[str], clients: int, busy: threading.Event) -> list[Any]:
    """Read paths round-robin from client threads until busy is cleared; return the samples.

    Each sample is (milliseconds, status, whether a writer ran when the request was sent).
    """
    samples: list[Any] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        k = offset
        while busy.is_set():
            path = paths[k % len(paths)]
            k += clients
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                samples.append(((time.perf_counter() - t0) * 1000, status, path))
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    return [threads, samples]


def concurrent(db: Path, args: argparse.Namespace) -> None:
    """Run cluster, ingest and run against the store while readers measure the server."""
    work = OUT / f"concurrent-{args.articles}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    with Store.open(db) as source, Store.open(work) as target:
        source.conn.backup(target.conn)
    extra, more = OUT / "extra-a.jsonl", OUT / "extra-b.jsonl"
    write_extra(extra, args.extra, args.seed + 1, "xa")
    write_extra(more, args.extra, args.seed + 2, "xb")
    ids = story_ids(work, 200, args.seed)
    paths = [p for i in ids for p in (f"/stories/{i}.json", f"/api/stories/{i}")]
    paths += [f"/api/stories?offset={k * 20}" for k in range(5)]
    paths += [f"/api/articles?offset={k * 100}" for k in range(5)] + ["/api/sources"]
    port = free_port()
    server = start_server(work, port)
    busy = threading.Event()
    busy.set()
    try:
        drive(port, paths[:50], 1)  # warm-up
        threads, samples = read_while(port, paths, args.clients, busy)
        t0 = time.perf_counter()
        writers = [("cluster --full", start_writer(["cluster", "--full"], work, OUT / "w1.log"))]
        time.sleep(1.0)
        writers.append(("ingest", start_writer(["ingest", str(extra)], work, OUT / "w2.log")))
        time.sleep(1.0)
        writers.append(("run", start_writer(["run", str(more)], work, OUT / "w3.log")))
        codes = [(name, proc.wait()) for name, proc in writers]
        wall = time.perf_counter() - t0
        busy.clear()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
    _report_concurrent(codes, samples, wall)


def _report_concurrent(codes: list[tuple[str, int]], samples: list[Any], wall: float) -> None:
    """Print the writers' outcomes and the read latencies measured while they ran."""
    for k, (name, code) in enumerate(codes, 1):
        notes = (OUT / f"w{k}.log").read_text(errors="replace")
        waits = notes.count("waiting for another process")
        errors = [line for line in notes.splitlines() if "error" in line.lower()][:2]
        print(f"writer {name:15} exit {code}  wait notes {waits}  {' | '.join(errors)}")
    failed = [s for s in samples if s[1] != 200]
    times = [s[0] for s in samples]
    print(f"\n{len(samples):,} reads in {wall:.0f} s while the writers ran, {len(failed)} not 200")
    print(f"{'':14}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}  (ms)")
    print(_latency_row("all reads", times, max(times)))
    for label, kind in (("story JSON", "/stories/"), ("lists", "?offset")):
        values = [s[0] for s in samples if kind in s[2]]
        if values:
            print(_latency_row(label, values, max(values)))
    ok = not failed and all(code == 0 for _, code in codes) and percentile(times, 95) < 200
    print(f"goal 0 errors and read p95 < 200 ms: {'met' if ok else 'NOT met'}")


def posts(db: Path, args: argparse.Namespace) -> None:
    """POST new articles one per request from --clients threads; time answers and placing."""
    work = OUT / f"posts-{args.articles}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    with Store.open(db) as source, Store.open(work) as target:
        source.conn.backup(target.conn)
    records = [
        {"id": f"post-{r['id']}", **{k: r[k] for k in ("title", "text", "published", "source")}}
        for r in generate(args.posts, seed=args.seed + 3)
    ]
    port = free_port()
    server = start_server(work, port)
    answers: list[tuple[float, int, bool]] = []
    lock = threading.Lock()
    queue = iter(records)

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        while True:
            with lock:
                record = next(queue, None)
            if record is None:
                break
            t0 = time.perf_counter()
            body = json.dumps(record).encode()
            conn.request("POST", "/api/articles", body, {"content-type": "application/json"})
            response = conn.getresponse()
            data = json.loads(response.read() or b"{}")
            placed = bool(data.get("articles") and data["articles"][0].get("placed"))
            with lock:
                answers.append(((time.perf_counter() - t0) * 1000, response.status, placed))
        conn.close()

    try:
        t0 = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        settled = _wait_placed(work, [str(r["id"]) for r in records], timeout=600)
    finally:
        server.terminate()
        server.wait(timeout=10)
    times = [a[0] for a in answers]
    statuses = sorted({a[1] for a in answers})
    print(
        f"\n{len(answers)} posts from {args.clients} clients in {wall:.0f} s, statuses {statuses}"
    )
    print(f"{'':14}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}  (ms)")
    print(_latency_row("POST answer", times, max(times)))
    print(f"placed when answered: {sum(a[2] for a in answers)}; all placed {settled:.0f} s later")


def _wait_placed(db: Path, ids: list[str], *, timeout: float) -> float:
    """Wait until every posted article is in a story; return the seconds waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        with Store.open(db, readonly=True) as store:
            if all(store.story_of_article(i) is not None for i in ids):
                break
        time.sleep(1)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--requests", type=int, default=2_000, help="measured requests (half pages, half JSON)"
    )
    parser.add_argument("--clients", type=int, default=1, help="concurrent keep-alive connections")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, default=None, help="use (or build) this store")
    parser.add_argument(
        "--update", action="store_true", help="first run the pipeline again over an existing store"
    )
    parser.add_argument("--concurrent", action="store_true", help="measure reads while writing")
    parser.add_argument("--extra", type=int, default=1000, help="articles each writer adds")
    parser.add_argument("--posts", type=int, default=0, help="POST this many articles instead")
    args = parser.parse_args()
    db = args.db or OUT / f"web-{args.articles}-{args.seed}.db"
    if not db.exists():
        OUT.mkdir(exist_ok=True)
        print(f"building {db} ({args.articles:,} articles) ...", flush=True)
        build(db, args.articles, args.seed)
    elif args.update:
        with Store.open(db) as store:
            for name, stage in pipeline_stages():
                t0 = time.perf_counter()
                stage(store)
                print(f"  {name} in {time.perf_counter() - t0:.0f} s", flush=True)
    if args.concurrent:
        concurrent(db, args)
        return
    if args.posts:
        posts(db, args)
        return
    with Store.open(db, readonly=True) as store:
        stored = store.count_articles()
    ids = story_ids(db, args.requests, args.seed)
    rng = random.Random(args.seed)
    paths = [
        f"/stories/{rng.choice(ids)}{suffix}"
        for _ in range(args.requests // 2)
        for suffix in ("", ".json")
    ]
    port = free_port()
    server = start_server(db, port)
    try:
        drive(port, paths[: min(100, len(paths))], args.clients)  # warm-up: imports, caches
        t0 = time.perf_counter()
        results = drive(port, paths, args.clients)
        wall = time.perf_counter() - t0
        largest = largest_stories(db, 5)
        big_paths = [
            f"/stories/{i}{x}" for i, _ in largest for x in ("", ".json") for _ in range(10)
        ]
        big = drive(port, big_paths, 1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"\n{stored:,} articles, {len(ids):,} stories sampled, {len(paths):,} requests, "
        f"{args.clients} client(s), {len(paths) / wall:.0f} req/s"
    )
    print(f"{'':14}{'p50':>9}{'p95':>9}{'p99':>9}{'mean':>9}  (ms)")
    for kind, label in KINDS:
        values = results[kind]
        print(_latency_row(label, values, percentile(values, 99)))
    sizes = ", ".join(str(size) for _, size in largest)
    print(f"the 5 largest stories ({sizes} articles), 10 requests each:")
    for kind, label in KINDS:
        values = big[kind]
        print(_latency_row(label, values, max(values)) + "  (p50 p95 max mean)")
    worst = max(percentile(results[k], 95) for k in results)
    print(f"goal p95 < 100 ms: {'met' if worst < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
