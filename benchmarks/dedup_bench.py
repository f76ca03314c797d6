"""Benchmark: storyline's dedup engine against datasketch and rensa on one generated corpus.

    python benchmarks/dedup_bench.py --docs 20000 --seed 1
    python benchmarks/dedup_bench.py --docs 1000000 --engines storyline --batch 5000

Every engine runs in its own subprocess (so peak RSS is its own) on the same seeded stream from
corpus_gen.generate, in batches: generating a batch is not timed, the engine's work on it is,
and so is the final clustering. "End to end" means texts in, cluster labels out:

  storyline   Deduplicator.add(batch) ... finish(): shingles, signatures, LSH, anchors, exact
              verification, clusters.
  rensa       text.split() tokens (as its README does), RMinHash.from_token_sets, RMinHashLSH
              insert + query, candidates kept when their estimated Jaccard >= threshold (what
              its own deduplicator checks), union-find.
  datasketch  set(text.split()) tokens, one MinHash(128) per text updated token by token as its
              README shows, MinHashLSH(threshold) insert + query, the same estimated-Jaccard
              check, union-find. datasketch-bulk builds the MinHashes with MinHash.bulk instead.
  *-shingles  the same peers fed lower-cased word 3-gram shingles built in Python, the input
              that lets them see word order (slower, usually more accurate).

Pairwise precision/recall/F1 compare co-clustered pairs with the generator's ground truth.

--files measures what users run instead: the corpus is written once to a JSONL file (not timed),
then each engine is a whole process from that file in to a JSONL file out (its wall time, CPU
time and peak RSS from wait4), all peers on the same shingles storyline uses (lower-cased word
3-grams, words = runs of letters and digits):

  storyline         python -m storyline dedup IN -o OUT (corpus mode); storyline-before: the
                    same command on the source tree given by --before-src (the old code).
  rensa             RMinHash.from_token_sets + RMinHashLSH insert_many/query_all, estimated
                    Jaccard >= --peer-threshold, union-find; writes {id, dup_cluster}.
  datasketch        MinHash.update per shingle (as its README shows), MinHashLSH; the same check.
  datasketch-bulk   the same with MinHash.bulk.

    python benchmarks/dedup_bench.py --files --docs 10000 --seed 2 --before-src /old/src
datasketch is slow: --max-docs-datasketch runs it on a prefix of the stream (reported as such).

--store measures store mode (the dedup stage of `storyline run`) on the same file: `storyline
ingest` into a fresh SQLite database (timed apart), then `storyline dedup --db` as a whole
process (timed); its duplicate groups are scored like corpus mode's dup_cluster. With
--store-parts K the file is ingested and deduplicated in K consecutive parts (K runs, the
incremental case); the times are the sums over the runs. `storyline ingest` cleans the texts as
`storyline run` does; --store-raw skips that (--no-clean), so store mode sees corpus mode's texts.

    python benchmarks/dedup_bench.py --store --docs 10000 --seed 2 --store-parts 1
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_gen import generate  # noqa: E402

ENGINES = (
    "storyline",
    "rensa",
    "rensa-shingles",
    "datasketch",
    "datasketch-bulk",
    "datasketch-shingles",
)


def batches(
    n: int, seed: int, size: int, profile: str = "v2"
) -> Iterator[tuple[list[str], list[int]]]:
    """Yield (texts, true cluster numbers) in batches, straight from the generator."""
    texts: list[str] = []
    truth: list[int] = []
    for record in generate(n, seed, profile=profile):
        texts.append(record["text"])
        truth.append(int(record["cluster"][1:]))
        if len(texts) == size:
            yield texts, truth
            texts, truth = [], []
    if texts:
        yield texts, truth


def pairwise(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    """Return pairwise precision, recall and F1 of a clustering against the truth."""

    def pairs(counts: np.ndarray) -> int:
        c = counts.astype(np.int64)
        return int((c * (c - 1) // 2).sum())

    _, t = np.unique(truth, return_inverse=True)
    _, p = np.unique(pred, return_inverse=True)
    tp = pairs(np.unique(p.astype(np.int64) * (t.max() + 1) + t, return_counts=True)[1])
    pp = pairs(np.unique(p, return_counts=True)[1])
    tt = pairs(np.unique(t, return_counts=True)[1])
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class UnionFind:
    """Plain union-find, as a peer pipeline would write it."""

    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self, n: int) -> None:
        self.parent.extend(range(len(self.parent), len(self.parent) + n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def labels(self) -> np.ndarray:
        return np.array([self.find(i) for i in range(len(self.parent))])


def shingles(text: str, n: int = 3) -> list[str]:
    """Lower-cased word n-grams, built the way a Python pipeline builds them."""
    words = text.lower().split()
    return [" ".join(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))]


def storyline_engine(
    args: argparse.Namespace,
) -> tuple[Callable[[list[str]], None], Callable[[], np.ndarray]]:
    from storyline.dedup import DedupConfig, Deduplicator

    dedup = Deduplicator(DedupConfig(batch_size=args.batch))
    return dedup.add, lambda: dedup.finish().labels


def rensa_engine(args: argparse.Namespace, *, shingled: bool):
    import rensa

    lsh = rensa.RMinHashLSH(threshold=args.peer_threshold, num_perm=128, num_bands=32)
    uf = UnionFind()
    store: list[object] = []

    def add(texts: list[str]) -> None:
        tokens = [shingles(t) if shingled else t.split() for t in texts]
        hashes = rensa.RMinHash.from_token_sets(tokens, num_perm=128, seed=42)
        start = len(store)
        store.extend(hashes)
        uf.add(len(texts))
        lsh.insert_many(hashes, start_key=start)
        for key, (mh, cands) in enumerate(zip(hashes, lsh.query_all(hashes), strict=False), start):
            for c in cands:
                if c < key and mh.jaccard(store[c]) >= args.peer_threshold:
                    uf.union(key, c)

    return add, uf.labels


def datasketch_engine(args: argparse.Namespace, *, shingled: bool, bulk: bool):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=args.peer_threshold, num_perm=128)
    uf = UnionFind()
    store: dict[int, MinHash] = {}

    def minhash(tokens: list[bytes]) -> MinHash:
        m = MinHash(num_perm=128)
        for token in tokens:
            m.update(token)
        return m

    def add(texts: list[str]) -> None:
        sets = [
            [s.encode("utf8") for s in set(shingles(t) if shingled else t.split())] for t in texts
        ]
        start = len(uf.parent)
        uf.add(len(texts))
        hashes = MinHash.bulk(sets, num_perm=128) if bulk else [minhash(s) for s in sets]
        for i, m in enumerate(hashes):
            key = start + i
            for c in lsh.query(m):
                if m.jaccard(store[c]) >= args.peer_threshold:
                    uf.union(key, c)
            lsh.insert(key, m)
            store[key] = m

    return add, uf.labels


def run_worker(args: argparse.Namespace) -> dict[str, object]:
    """Run one engine over the stream; return its timing, peak RSS and accuracy."""
    name = args.worker
    if name == "storyline":
        add, finish = storyline_engine(args)
    elif name.startswith("rensa"):
        add, finish = rensa_engine(args, shingled=name.endswith("shingles"))
    else:
        bulk = name.endswith(("bulk", "shingles"))
        add, finish = datasketch_engine(args, shingled=name.endswith("shingles"), bulk=bulk)
    n = args.docs
    if name.startswith("datasketch"):
        n = min(n, args.max_docs_datasketch)
    truth: list[int] = []
    busy = cpu = 0.0
    for texts, clusters in batches(n, args.seed, args.batch, args.profile):
        truth.extend(clusters)
        t0, c0 = time.perf_counter(), time.process_time()
        add(texts)
        busy += time.perf_counter() - t0
        cpu += time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    labels = finish()
    busy += time.perf_counter() - t0
    cpu += time.process_time() - c0
    precision, recall, f1 = pairwise(np.asarray(labels), np.asarray(truth))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "engine": name,
        "docs": n,
        "seconds": busy,
        "docs_per_s": n / busy,
        "cpu_seconds": cpu,
        "peak_rss": peak,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def main() -> None:
    """Run each engine in a subprocess and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--peer-threshold", type=float, default=0.5)
    parser.add_argument("--max-docs-datasketch", type=int, default=20_000)
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print results as JSON lines")
    parser.add_argument("--files", action="store_true", help="whole processes, files in/out")
    parser.add_argument("--store", action="store_true", help="store mode (storyline dedup --db)")
    parser.add_argument("--store-parts", type=int, default=1, help="--store: runs to ingest in")
    parser.add_argument(
        "--store-raw", action="store_true", help="--store: ingest --no-clean (corpus mode's texts)"
    )
    parser.add_argument(
        "--score",
        nargs=2,
        metavar=("CORPUS", "OUT"),
        help="score a corpus-mode output against the generator's clusters",
    )
    parser.add_argument("--profile", default="v2", help="corpus_gen profile (v1 | v2)")
    parser.add_argument("--before-src", default="", help="source tree of storyline-before")
    parser.add_argument("--workdir", default="/tmp/dedup_bench")
    parser.add_argument("--peer", choices=FILE_ENGINES[2:], help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.score:
        print("P R F1", [round(x, 4) for x in score_files(*args.score)])
        return
    if args.peer:
        peer_process(args.peer, args.input, args.output, args.peer_threshold, args.docs)
        return
    if args.store:
        print(json.dumps(run_store(args)))
        return
    if args.files:
        if args.engines == ",".join(ENGINES):
            args.engines = ",".join(e for e in FILE_ENGINES if args.before_src or "before" not in e)
        report(run_files(args))
        return
    if args.worker:
        print(json.dumps(run_worker(args)))
        return
    results = []
    for name in args.engines.split(","):
        cmd = [
            sys.executable,
            __file__,
            "--worker",
            name,
            "--docs",
            str(args.docs),
            "--seed",
            str(args.seed),
            "--batch",
            str(args.batch),
            "--peer-threshold",
            str(args.peer_threshold),
            "--max-docs-datasketch",
            str(args.max_docs_datasketch),
            "--profile",
            args.profile,
        ]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        if args.json:
            print(json.dumps(results[-1]), flush=True)
    report(results)


def report(results: list[dict]) -> None:
    """Print the table and the throughput ratios."""
    ours = next((r for r in results if r["engine"] == "storyline"), None)
    cpu_rate = {r["engine"]: r["docs"] / max(r["cpu_seconds"], 1e-9) for r in results}
    print(
        f"{'engine':<22}{'docs':>9}{'seconds':>9}{'cpu s':>8}{'docs/s':>10}{'peak RSS':>10}"
        f"{'P':>7}{'R':>7}{'F1':>7}{'x speed':>9}{'x cpu':>8}"
    )
    for r in results:
        ratio = ours["docs_per_s"] / r["docs_per_s"] if ours else float("nan")
        cpu = cpu_rate["storyline"] / cpu_rate[r["engine"]] if ours else float("nan")
        print(
            f"{r['engine']:<22}{r['docs']:>9}{r['seconds']:>9.1f}{r['cpu_seconds']:>8.1f}"
            f"{r['docs_per_s']:>10.0f}{r['peak_rss'] / 2**20:>8.0f}MB{r['precision']:>7.3f}"
            f"{r['recall']:>7.3f}{r['f1']:>7.3f}{ratio:>9.1f}{cpu:>8.1f}"
        )
    print(
        "seconds: engine wall time (generation excluded); cpu s: its CPU time (all threads);\n"
        "x speed = storyline docs/s / engine docs/s by wall (each on its own docs count);\n"
        "x cpu: the same by CPU seconds; with --files both include reading and writing files;\n"
        "goals (issue 23): >= 3x rensa and >= 30x datasketch (per-token) end to end,\n"
        "storyline F1 >= 0.97 at 10k, 100k and 1M on the v2 generator."
    )


# -- whole processes, files in and files out (--files) -------------------------------------
FILE_ENGINES = ("storyline", "storyline-before", "rensa", "datasketch", "datasketch-bulk")
_WORD = re.compile(r"[^\W_]+")


def same_shingles(text: str) -> list[str]:
    """Storyline's shingles in Python: NFKC, lower case, letter/digit runs, word 3-grams."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower())
    return list({" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))})


def read_batches(src: str, limit: int, size: int = 5000) -> Iterator[tuple[list[str], list]]:
    """Yield (ids, shingle lists) of the first `limit` records, a batch at a time."""
    ids: list[str] = []
    sets: list[list[str]] = []
    with open(src, "rb") as handle:
        for n, line in enumerate(handle):
            if n >= limit:
                break
            record = orjson.loads(line)
            ids.append(record["id"])
            sets.append(same_shingles(record.get("text") or ""))
            if len(ids) == size:
                yield ids, sets
                ids, sets = [], []
    if ids:
        yield ids, sets


def peer_process(engine: str, src: str, dst: str, threshold: float, limit: int) -> None:
    """Run one peer from a JSONL file to a JSONL file of {id, dup_cluster} (a whole process).

    Batches of 5,000 texts: only the MinHashes of the corpus are held, never its shingles.
    """
    ids: list[str] = []
    uf = UnionFind()
    if engine == "rensa":
        import rensa

        lsh = rensa.RMinHashLSH(threshold=threshold, num_perm=128, num_bands=32)
        store: list = []
        for batch_ids, sets in read_batches(src, limit):
            hashes = rensa.RMinHash.from_token_sets(sets, num_perm=128, seed=42)
            start = len(store)
            store.extend(hashes)
            ids.extend(batch_ids)
            uf.add(len(batch_ids))
            lsh.insert_many(hashes, start_key=start)
            for key, (mh, cands) in enumerate(
                zip(hashes, lsh.query_all(hashes), strict=False), start
            ):
                for c in cands:
                    if c < key and mh.jaccard(store[c]) >= threshold:
                        uf.union(key, c)
    else:
        from datasketch import MinHash, MinHashLSH

        def one(tokens: list[str]) -> MinHash:
            m = MinHash(num_perm=128)
            for token in tokens:
                m.update(token.encode("utf8"))
            return m

        lsh, kept = MinHashLSH(threshold=threshold, num_perm=128), []
        for batch_ids, sets in read_batches(src, limit):
            if engine.endswith("bulk"):
                mhs = MinHash.bulk([[t.encode("utf8") for t in s] for s in sets], num_perm=128)
            else:
                mhs = [one(s) for s in sets]
            ids.extend(batch_ids)
            uf.add(len(batch_ids))
            for m in mhs:
                key = len(kept)
                for c in lsh.query(m):
                    if m.jaccard(kept[c]) >= threshold:
                        uf.union(key, c)
                lsh.insert(key, m)
                kept.append(m)
    labels = uf.labels()
    with open(dst, "wb") as out:
        for rid, label in zip(ids, labels.tolist(), strict=False):
            out.write(orjson.dumps({"id": rid, "dup_cluster": label}) + b"\n")


def score_files(corpus: str, output: str) -> tuple[float, float, float]:
    """Pairwise P/R/F1 of an output (records in input order, dup_cluster) against the truth."""
    truth, pred = [], []
    with open(corpus, "rb") as a, open(output, "rb") as b:
        for i, (line, out) in enumerate(zip(a, b, strict=True)):
            record, written = orjson.loads(line), orjson.loads(out)
            truth.append(int(record["cluster"][1:]))
            label = written.get("dup_cluster")
            pred.append(-1 - i if label is None else int(label))
    return pairwise(np.asarray(pred), np.asarray(truth))


def timed(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run a command; return its wall seconds, CPU seconds (user + system) and peak RSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return {
        "seconds": wall,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss": usage.ru_maxrss * 1024,
    }


def run_files(args: argparse.Namespace) -> list[dict]:
    """Write the corpus once, run every engine as a whole process on it, score the outputs."""
    work = Path(args.workdir)
    corpus = write_corpus(args)
    truth_of = {}
    with open(corpus, "rb") as handle:
        for line in handle:
            record = json.loads(line)
            truth_of[record["id"]] = int(record["cluster"][1:])
    results = []
    for name in args.engines.split(","):
        out = work / f"out_{name}.jsonl"
        env = dict(os.environ)
        limit = args.docs
        if name.startswith("storyline"):
            src = args.before_src if name.endswith("before") else str(HERE.parent / "src")
            env["PYTHONPATH"] = src
            cmd = [sys.executable, "-m", "storyline", "dedup", str(corpus), "-o", str(out)]
        else:
            if name.startswith("datasketch"):
                limit = min(limit, args.max_docs_datasketch)
            cmd = [
                sys.executable,
                __file__,
                "--peer",
                name,
                "--input",
                str(corpus),
                "--output",
                str(out),
                "--peer-threshold",
                str(args.peer_threshold),
                "--docs",
                str(limit),
            ]
        row = {"engine": name, "docs": limit, **timed(cmd, env)}
        pred, truth = [], []
        with open(out, "rb") as handle:
            for i, line in enumerate(handle):
                record = json.loads(line)
                label = record.get("dup_cluster")
                pred.append(-1 - i if label is None else int(label))
                truth.append(truth_of[record["id"]])
        row["precision"], row["recall"], row["f1"] = pairwise(np.asarray(pred), np.asarray(truth))
        row["docs_per_s"] = limit / row["seconds"]
        results.append(row)
        print(json.dumps(row), flush=True)
    return results


def write_corpus(args: argparse.Namespace) -> Path:
    """Write the generated corpus once (not timed); return its path."""
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus_{args.profile}_{args.docs}_s{args.seed}.jsonl"
    if not corpus.exists():
        with open(corpus, "w", encoding="utf-8") as out:
            for record in generate(args.docs, args.seed, profile=args.profile):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return corpus


def run_store(args: argparse.Namespace) -> dict[str, object]:
    """Store mode: ingest the corpus in --store-parts runs, dedup after each; score the groups."""
    import sqlite3

    corpus = write_corpus(args)
    work = Path(args.workdir)
    lines = corpus.read_bytes().splitlines(keepends=True)
    parts = max(args.store_parts, 1)
    tag = ("before" if args.before_src else "after") + ("_raw" if args.store_raw else "")
    raw = ["--no-clean"] if args.store_raw else []
    db = work / f"store_{tag}_{args.docs}_s{args.seed}_p{parts}.db"
    for stale in work.glob(db.name + "*"):
        stale.unlink()
    env = dict(os.environ)
    env["PYTHONPATH"] = args.before_src or str(HERE.parent / "src")
    ingest = {"seconds": 0.0, "cpu_seconds": 0.0}
    dedup = {"seconds": 0.0, "cpu_seconds": 0.0, "peak_rss": 0.0}
    for k in range(parts):
        part = work / f"part_{k}.jsonl"
        part.write_bytes(b"".join(lines[k * len(lines) // parts : (k + 1) * len(lines) // parts]))
        cli = [sys.executable, "-m", "storyline"]
        for total, cmd in (
            (ingest, [*cli, "ingest", str(part), "--db", str(db), *raw]),
            (dedup, [*cli, "dedup", "--db", str(db)]),
        ):
            row = timed(cmd, env)
            total["seconds"] += row["seconds"]
            total["cpu_seconds"] += row["cpu_seconds"]
            if "peak_rss" in total:
                total["peak_rss"] = max(total["peak_rss"], row["peak_rss"])
    conn = sqlite3.connect(db)
    group = dict(conn.execute("SELECT article_id, grp FROM dedup_groups").fetchall())
    pred, truth = [], []
    number: dict[str, int] = {}
    for i, line in enumerate(lines):
        record = orjson.loads(line)
        truth.append(int(record["cluster"][1:]))
        label = group.get(record["id"], f"#{i}")
        pred.append(number.setdefault(label, len(number)))
    precision, recall, f1 = pairwise(np.asarray(pred), np.asarray(truth))
    return {
        "engine": "storyline-store" + ("-before" if args.before_src else ""),
        "cleaned": not args.store_raw,
        "docs": len(lines),
        "parts": parts,
        "dedup_seconds": dedup["seconds"],
        "dedup_cpu_seconds": dedup["cpu_seconds"],
        "dedup_peak_rss": dedup["peak_rss"],
        "ingest_seconds": ingest["seconds"],
        "ingest_cpu_seconds": ingest["cpu_seconds"],
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


if __name__ == "__main__":
    main()
