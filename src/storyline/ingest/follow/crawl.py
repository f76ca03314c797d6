"""The polite scheduler: robots.txt first, a rate and a concurrency cap per host, retries."""

from __future__ import annotations

import heapq
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin

from storyline.config import FollowConfig
from storyline.ingest.follow.fetch import Fetcher, Response
from storyline.ingest.follow.robots import Robots, robots_from
from storyline.ingest.follow.urls import normalise, origin, robots_url

ROBOTS = "robots"


@dataclass(frozen=True)
class Job:
    """One URL to fetch for a purpose (kind), keyed by the address it was found under."""

    key: str  # the frontier or source URL this answers for
    kind: str  # page | source | robots
    url: str = ""  # the URL to request now: key, or where a redirect led
    etag: str | None = None
    modified: str | None = None
    hops: int = 0
    tries: int = 0

    @property
    def target(self) -> str:
        """Return the URL to request."""
        return self.url or self.key


@dataclass(frozen=True)
class Done:
    """The end of one job: the final answer, what the worker made of it, or why none."""

    job: Job
    response: Response | None = None
    result: Any = None  # what process() returned for a final answer
    blocked: bool = False  # robots.txt forbids the URL: it was never requested
    error: str | None = None  # set when no request could finish the job


Process = Callable[[Job, Response], Any]


@dataclass
class _Host:
    """Scheduling state of one origin."""

    interval: float
    robots: Robots | None = None
    asked: bool = False  # robots.txt is being fetched
    robots_job: Job | None = None  # the robots.txt request to make (or the hop it led to)
    ready: deque[Job] = field(default_factory=deque)
    later: list[tuple[float, int, Job]] = field(default_factory=list)  # retries, by due time
    active: int = 0
    next_at: float = 0.0


class Crawl:
    """Fetch jobs politely; iterate to receive each finished job (jobs may be added meanwhile)."""

    def __init__(self, fetcher: Fetcher, config: FollowConfig, process: Process) -> None:
        self.fetcher = fetcher
        self.config = config
        self.process = process
        self.hosts: dict[str, _Host] = {}
        self.seen: set[str] = set()  # URLs requested or queued: one request per URL per crawl
        self.requests = 0
        self._seq = 0

    def add(self, job: Job) -> bool:
        """Queue a job unless its URL was queued already in this crawl."""
        if job.target in self.seen:
            return False
        self.seen.add(job.target)
        self._host(job.target).ready.append(job)
        return True

    def _host(self, url: str) -> _Host:
        key = origin(url)
        if key not in self.hosts:
            self.hosts[key] = _Host(interval=1.0 / self.config.rate)
        return self.hosts[key]

    def __iter__(self) -> Iterator[Done]:
        """Run until every job is done, yielding each as it finishes."""
        workers = self.config.workers
        running: dict[Future[tuple[Response, Any]], tuple[str, Job]] = {}
        with ThreadPoolExecutor(workers, thread_name_prefix="follow") as pool:
            while True:
                now = time.monotonic()
                for key, host in list(self.hosts.items()):  # the consumer may add
                    yield from self._start(pool, running, key, host, now)
                if not running:
                    wake = self._next_wake()
                    if wake is None:
                        return
                    time.sleep(max(0.0, wake - time.monotonic()))
                    continue
                full = len(running) >= workers
                timeout = None if full else self._next_wake()
                finished, _ = wait(
                    running,
                    timeout=None if timeout is None else max(0.0, timeout - time.monotonic()),
                    return_when=FIRST_COMPLETED,
                )
                for future in finished:
                    key, job = running.pop(future)
                    self.hosts[key].active -= 1
                    yield from self._finish(key, job, *future.result())

    def _start(
        self,
        pool: ThreadPoolExecutor,
        running: dict[Future[tuple[Response, Any]], tuple[str, Job]],
        key: str,
        host: _Host,
        now: float,
    ) -> Iterator[Done]:
        """Start what this host's rate and cap allow now; yield jobs robots.txt forbids."""
        while host.later and host.later[0][0] <= now:
            host.ready.append(heapq.heappop(host.later)[2])
        while host.ready and len(running) < self.config.workers:
            if host.active >= self.config.per_host or now < host.next_at:
                return
            if host.robots is None:
                if host.asked:
                    return
                host.asked = True
                job = host.robots_job or Job(key=key, kind=ROBOTS, url=robots_url(key + "/"))
            else:
                job = host.ready.popleft()
                if not host.robots.allows(job.target, self.config.user_agent):
                    yield Done(job, blocked=True)
                    continue
            host.active += 1
            host.next_at = now + host.interval
            self.requests += 1
            running[pool.submit(self._work, job)] = (key, job)

    def _next_wake(self) -> float | None:
        """Return when the next waiting job may start, or None when nothing waits."""
        times = []
        for host in self.hosts.values():
            if host.active >= self.config.per_host:
                continue  # woken by its answers, not by the clock
            if host.ready and (host.robots is not None or not host.asked):
                times.append(host.next_at)
            if host.later:
                times.append(max(host.next_at, host.later[0][0]))
        return min(times) if times else None

    def _work(self, job: Job) -> tuple[Response, Any]:
        """Fetch one URL (in a worker thread) and process a final answer there too."""
        response = self.fetcher.get(job.target, etag=job.etag, modified=job.modified)
        if job.kind == ROBOTS or self._step(job, response) is not None:
            return response, None
        return response, self.process(job, response)

    def _step(self, job: Job, response: Response) -> Job | None:
        """Return the job that continues this one (a redirect hop or a retry), if any."""
        if response.location is not None and job.hops < self.config.max_redirects:
            target = normalise(urljoin(job.target, response.location))
            if target is not None:
                return replace(job, url=target, hops=job.hops + 1, tries=0)
        if response.retryable and job.tries < self.config.retries:
            return replace(job, tries=job.tries + 1)
        return None

    def _finish(self, key: str, job: Job, response: Response, result: Any) -> Iterator[Done]:
        if job.kind == ROBOTS:
            yield from self._robots_answer(key, job, response)
            return
        follow = self._step(job, response)
        if follow is None:
            if response.location is not None:
                response = replace(
                    response,
                    error=f"more than {self.config.max_redirects} redirects (a redirect loop?)",
                )
            yield Done(job, response, result)
        elif follow.tries > job.tries:  # a retry: same URL, after a backoff
            self._seq += 1
            due = time.monotonic() + self.config.backoff * 2 ** (follow.tries - 1)
            heapq.heappush(self.hosts[key].later, (due, self._seq, follow))
        elif follow.target in self.seen:
            yield Done(job, response, error=f"redirects to {follow.target}, fetched on its own")
        else:
            self.add(follow)

    def _robots_answer(self, key: str, job: Job, response: Response) -> Iterator[Done]:
        """Take the rules of an origin; a redirected robots.txt is followed within the bound."""
        host = self.hosts[key]
        hop = self._step(job, response)
        if hop is not None:  # a redirect or a retry: asked again, still before any page
            host.robots_job, host.asked = hop, False
            if hop.tries > job.tries:
                backoff = self.config.backoff * 2 ** (hop.tries - 1)
                host.next_at = max(host.next_at, time.monotonic() + backoff)
            return
        # Past the retries a 5xx or timeout reads as "nothing allowed" (RFC 9309).
        host.robots = robots_from(response.status, response.body)
        agent = self.config.user_agent
        host.interval = max(1.0 / self.config.rate, host.robots.delay(agent))
        yield from ()
