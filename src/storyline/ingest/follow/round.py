"""One round of fetching: sources first, then every page due, each answer stored at once."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from storyline.config import FollowConfig
from storyline.errors import UsageError
from storyline.ingest.follow.crawl import Crawl, Done, Job
from storyline.ingest.follow.feeds import Listing, read_lines_or_opml
from storyline.ingest.follow.fetch import Fetcher
from storyline.ingest.follow.pages import Found, interpret
from storyline.ingest.follow.ports import FollowStore
from storyline.ingest.follow.urls import normalise
from storyline.models import FetchOutcome

MAX_ERRORS_KEPT = 20


@dataclass
class RoundFetch:
    """What one round fetched and stored, and where its time went."""

    sources: int = 0  # source answers (feeds, sitemaps, lists; 304s included)
    unchanged: int = 0  # 304 answers and pages whose article was stored already
    found: int = 0  # page URLs new to the frontier
    pages: int = 0  # page answers
    stored: int = 0  # articles stored, new or a new version
    failed: int = 0  # pages given up (4xx, too big, not an article, redirect loops)
    retry: int = 0  # pages to try again next round (5xx, timeouts, no answer)
    blocked: int = 0  # URLs robots.txt forbids: never requested
    requests: int = 0  # HTTP requests made, robots.txt included
    fetch_seconds: float = 0.0  # summed over workers: waiting for servers
    extract_seconds: float = 0.0  # summed over workers: reading feeds and pages
    store_seconds: float = 0.0  # in this thread: writing answers to the store
    article_ids: list[str] = field(default_factory=list)  # stored this round
    errors: list[str] = field(default_factory=list)  # the first few, "url: why"

    def note(self, url: str, error: str) -> None:
        """Keep an error to show (the first few only: a round may have thousands)."""
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(f"{url}: {error}")


def source_key(source: str) -> str:
    """Return how a source is stored: its normalised URL, or a local file as file:// URI."""
    path = Path(source)
    if "://" not in source and path.is_file():
        return path.resolve().as_uri()
    url = normalise(source)
    if url is None:
        raise UsageError(f"{source}: neither an http(s) URL nor a readable file")
    return url


def add_sources(store: FollowStore, sources: list[str] | tuple[str, ...]) -> list[str]:
    """Follow sources (feed, sitemap or list URLs, local list files); return their keys."""
    keys = [source_key(s) for s in sources]
    with store.transaction():
        for key in keys:
            store.follow_source(key, kind="list" if key.startswith("file:") else "")
    return keys


def fetch_round(store: FollowStore, fetcher: Fetcher, config: FollowConfig) -> RoundFetch:
    """Fetch every followed source and every page due, storing each answer as it comes."""
    report = RoundFetch()
    crawl = Crawl(fetcher, config, partial(interpret, config=config.ingest))
    with store.transaction():
        if config.refetch:
            store.requeue_stored()
        for source in store.followed_sources():
            if source.url.startswith("file:"):
                for job in _read_local(store, source.url, config, report):
                    crawl.add(job)
            else:
                crawl.add(
                    Job(source.url, "source", etag=source.etag, modified=source.last_modified)
                )
    for row in store.due_pages(max_attempts=config.max_rounds_tried):
        crawl.add(Job(row.url, "page", etag=row.etag, modified=row.last_modified))
    for done in crawl:
        start = time.monotonic()
        with store.transaction():  # one answer, one commit: a kill loses no stored answer
            jobs = _record(store, done, report)
        report.store_seconds += time.monotonic() - start
        for job in jobs:
            crawl.add(job)
    report.requests = crawl.requests
    return report


def _read_local(
    store: FollowStore, uri: str, config: FollowConfig, report: RoundFetch
) -> list[Job]:
    """Read a local list of URLs or an OPML file; its URLs go on the frontier or are followed."""
    path = Path(url2pathname(urlsplit(uri).path))
    try:
        with path.open("rb") as handle:
            body = handle.read(config.max_bytes + 1)
    except OSError as exc:
        store.source_fetched(uri, "", FetchOutcome("failed", error=f"cannot read: {exc}"))
        report.note(uri, f"cannot read: {exc}")
        return []
    if len(body) > config.max_bytes:
        error = f"over the {config.max_bytes:,}-byte cap"
        store.source_fetched(uri, "", FetchOutcome("failed", error=error))
        report.note(uri, error)
        return []
    listing = read_lines_or_opml(body, uri)
    store.source_fetched(uri, listing.kind, FetchOutcome("stored", status=200))
    return _take_listing(store, uri, listing, report)


def _take_listing(store: FollowStore, key: str, listing: Listing, report: RoundFetch) -> list[Job]:
    """Put a listing's pages on the frontier and follow its sources; return the new jobs."""
    new_pages = store.add_pages(listing.pages, key)
    report.found += len(new_pages)
    jobs = [Job(url, "page") for url in new_pages]
    for source in listing.sources:
        if store.follow_source(source, parent=key):
            jobs.append(Job(source, "source"))
    return jobs


def _record(store: FollowStore, done: Done, report: RoundFetch) -> list[Job]:
    """Store what one finished job gave; return the jobs it leads to."""
    job, response = done.job, done.response
    if done.blocked or done.error is not None or response is None or not response.ok:
        _record_failure(store, done, report)
        return []
    report.fetch_seconds += response.seconds
    outcome = FetchOutcome(
        "stored", response.status, None, None, response.etag, response.last_modified
    )
    found: Found | None = done.result
    if found is None:  # 304: nothing changed since the validators were stored
        report.unchanged += 1
        _mark(store, job, outcome, "", report)
        return []
    report.extract_seconds += found.seconds
    if found.listing is not None:
        return _record_listing(store, job, found.listing, outcome, report)
    return _record_page(store, job, found, outcome, report)


def _mark(
    store: FollowStore, job: Job, outcome: FetchOutcome, kind: str, report: RoundFetch
) -> None:
    """Record one answer (or a robots.txt refusal) on its source or its frontier page."""
    answered = outcome.state != "blocked"
    if job.kind == "source":
        store.source_fetched(job.key, kind, outcome)
        report.sources += answered
    else:
        store.page_fetched(job.key, outcome)
        report.pages += answered


def _record_failure(store: FollowStore, done: Done, report: RoundFetch) -> None:
    """Record a job robots.txt forbids, or one that ended without a usable answer."""
    job, response = done.job, done.response
    if done.blocked:
        error, state, status = "robots.txt disallows it: not requested", "blocked", 0
        report.blocked += 1
    else:
        status = response.status if response is not None else 0
        error = done.error or (response.error if response is not None else None) or "no answer"
        # 5xx, timeouts and lost connections may pass: the page is tried again next round.
        again = (
            done.error is None
            and response is not None
            and (response.retryable or response.status == 0)
        )
        state = "retry" if again else "failed"
        if job.kind == "page":
            report.retry += again
            report.failed += not again
        report.fetch_seconds += response.seconds if response is not None else 0.0
    if not done.blocked:  # counted apart: a refusal is the rules working, not an error
        report.note(job.key, error)
    _mark(store, job, FetchOutcome(state, status, error), "", report)


def _record_listing(
    store: FollowStore, job: Job, listing: Listing, outcome: FetchOutcome, report: RoundFetch
) -> list[Job]:
    """Record a feed, sitemap or list; a page that turns out to be one is followed from now."""
    if job.kind == "page":
        store.follow_source(job.key, kind=listing.kind)
        store.page_fetched(job.key, replace(outcome, state="source"))
        store.source_fetched(job.key, listing.kind, outcome)
        report.pages += 1
    else:
        _mark(store, job, outcome, listing.kind, report)
    return _take_listing(store, job.key, listing, report)


def _record_page(
    store: FollowStore, job: Job, found: Found, outcome: FetchOutcome, report: RoundFetch
) -> list[Job]:
    """Store the article of a page (a source that is a single page becomes one)."""
    article = found.article
    if article is None:
        reason = found.reason or "not an article"
        report.note(job.key, reason)
        report.failed += job.kind == "page"
        _mark(store, job, replace(outcome, state="failed", error=reason), "", report)
        return []
    if job.kind == "source":
        store.source_fetched(job.key, "page", outcome)
        store.add_pages([job.key], job.key)
    batch = store.new_batch()
    result = store.upsert_article(article, batch)
    store.close_batch(batch, int(result != "unchanged"))
    if result == "unchanged":
        report.unchanged += 1
    else:
        report.stored += 1
        report.article_ids.append(article.id)
    store.page_fetched(job.key, replace(outcome, article_id=article.id))
    final = normalise(found.final_url) if found.final_url else None
    if final is not None and final != job.key and store.add_pages([final], job.key):
        # Where a redirect led is stored too: a feed naming it later will not fetch it again.
        store.page_fetched(final, replace(outcome, article_id=article.id))
    report.pages += 1
    return []
