"""follow benchmark: pages fetched, extracted and placed into stories from a loopback site.

    python benchmarks/follow_bench.py --pages 1000 --rate 100 --rounds 10 --per-round 50

A loopback site (tests/follow_site.py, in a process of its own) serves --pages article pages built
from the seeded corpus generator (benchmarks/corpus_gen.py: originals, copies, event siblings),
a news sitemap listing them, and a robots.txt forbidding /private/ (the sitemap lists
--private pages there too). Round 1 follows the sitemap into a fresh store at --rate requests
per second per host and reports pages/s and where the time went. Then --rounds more rounds
each add --per-round new pages to the sitemap; the resident memory after each round shows
whether it stays flat. The server counts every request: requests to forbidden paths, the most
in flight at once, and the most started in any one-second window (against the rate set).
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
import time
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from corpus_gen import generate  # noqa: E402
from follow_site import Site, sitemap  # noqa: E402
from storyline.config import FollowConfig  # noqa: E402
from storyline.follow import FollowReport, follow_round  # noqa: E402
from storyline.ingest.follow import Fetcher, add_sources, fetch_round  # noqa: E402
from storyline.store import Store  # noqa: E402


def page_html(record: dict[str, str]) -> str:
    """Wrap one generated record as an article page with outlet chrome around it."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["text"].split("\n\n"))
    title, source = html.escape(record["title"]), html.escape(record["source"])
    return (
        f"<!doctype html><html><head><title>{title} | {source}</title>"
        f'<meta property="og:site_name" content="{source}">'
        f'<meta property="article:published_time" content="{record["published"]}"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport"
        f"</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>&copy; {source}. All rights reserved.</footer></body></html>"
    )


def rss_mb() -> float:
    """Return this process's resident memory in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def max_per_second(starts: list[float]) -> int:
    """Return the most requests started within any one-second window."""
    best, left = 0, 0
    for right, moment in enumerate(starts):
        while moment - starts[left] >= 1.0:
            left += 1
        best = max(best, right - left + 1)
    return best


class Bench:
    """The site, its pages and the sitemap growing round after round."""

    def __init__(self, site: Site, private: int) -> None:
        self.site, self.urls = site, [site.url(f"/private/p{n}") for n in range(private)]
        self.records = generate(10**6, seed=11)
        site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        for url in self.urls:
            site.add(url.removeprefix(site.base), "<html><body>forbidden</body></html>")

    def grow(self, count: int) -> None:
        """Serve count more pages and list them first in the sitemap."""
        start = len(self.urls)
        for n, record in zip(range(start, start + count), self.records, strict=False):
            self.site.add(f"/news/a{n}", page_html(record))
            self.urls.insert(0, self.site.url(f"/news/a{n}"))
        self.site.add("/sitemap.xml", sitemap(self.urls), content_type="application/xml")

    def counts(self) -> dict[str, object]:
        """Return what the server counted."""
        site = self.site
        with site.lock:
            starts = sorted(moment for moment, _ in site.starts)
            hits = dict(site.hits)
        return {
            "requests_seen": sum(hits.values()),
            "forbidden_requests": sum(n for p, n in hits.items() if "/private/" in p),
            "max_in_flight": site.max_active,
            "max_started_in_1s": max_per_second(starts),
            "pages_hit_twice": sum(1 for p, n in hits.items() if "/news/" in p and n > 1),
        }


def serve(conn: Connection, private: int) -> None:
    """Run the site in its own process (its CPU is not the follower's), driven over a pipe."""
    with Site() as site:
        bench = Bench(site, private)
        conn.send(site.base)
        while True:
            command, value = conn.recv()
            if command == "grow":
                bench.grow(value)
                conn.send("ok")
            elif command == "counts":
                conn.send(bench.counts())
            else:
                return


class Remote:
    """The parent's handle on the site process."""

    def __init__(self, private: int) -> None:
        self.conn, child = Pipe()
        self.process = Process(target=serve, args=(child, private), daemon=True)
        self.process.start()
        self.base: str = self.conn.recv()

    def ask(self, command: str, value: int = 0) -> Any:
        """Send one command and return the answer."""
        self.conn.send((command, value))
        return self.conn.recv()

    def stop(self) -> None:
        """End the site process."""
        self.conn.send(("stop", 0))
        self.process.join(10)


def run_round(
    store: Store, fetcher: Fetcher, config: FollowConfig, *, fetch_only: bool = False
) -> dict[str, object]:
    """Run one round (or only its fetching) and return its figures."""
    start = time.monotonic()
    if fetch_only:  # the follow machinery alone: no clean, dedup, cluster or analyze
        report = FollowReport(fetch_round(store, fetcher, config))
    else:
        report = follow_round(store, fetcher, config)
    wall = time.monotonic() - start
    f = report.fetch
    return {
        "pages": f.pages,
        "stored": f.stored,
        "requests": f.requests,
        "wall_s": round(wall, 2),
        "pages_per_s": round(f.pages / wall, 1) if wall else None,
        "steps_s": {k: round(v, 2) for k, v in report.seconds.items()},
        "workers_fetch_s": round(f.fetch_seconds, 2),
        "workers_extract_s": round(f.extract_seconds, 2),
        "store_writes_s": round(f.store_seconds, 2),
        "new_stories": len(report.new_stories),
        "joined": len(report.joined),
        "copies": len(report.copies),
        "rss_mb": round(rss_mb(), 1),
    }


def main() -> None:
    """Run the benchmark and print one JSON object per round, then the server's counts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0, help="requests/s per host")
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=50)
    parser.add_argument("--private", type=int, default=20)
    parser.add_argument("--fetch-only", action="store_true", help="skip the pipeline stages")
    args = parser.parse_args()
    config = FollowConfig(rate=args.rate, per_host=args.per_host, workers=8, timeout=10.0)
    site = Remote(args.private)
    site.ask("grow", args.pages)
    tmp = tempfile.TemporaryDirectory()
    with tmp, Store.open(Path(tmp.name) / "follow.db") as store, Fetcher(config) as fetcher:
        add_sources(store, [site.base + "/sitemap.xml"])
        for number in range(1, args.rounds + 2):
            if number > 1:
                site.ask("grow", args.per_round)
            row = run_round(store, fetcher, config, fetch_only=args.fetch_only)
            print(json.dumps({"round": number, **row}), flush=True)
        articles = store.count_articles()
    counts = site.ask("counts")
    site.stop()
    limits = {"per_host_cap": args.per_host, "rate_set": args.rate}
    print(json.dumps({"articles": articles, **counts, **limits}))


if __name__ == "__main__":
    main()
