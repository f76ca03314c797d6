"""Make sense of one answer (in a worker thread): a listing of links, or an article."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import stable_id
from storyline.ingest.follow.crawl import Job
from storyline.ingest.follow.feeds import Listing, read_listing
from storyline.ingest.follow.fetch import Response
from storyline.ingest.html import html_to_article
from storyline.models import Article

LISTINGS = frozenset({"feed", "sitemap", "index", "opml"})


@dataclass(frozen=True)
class Found:
    """What a 200 answer holds: a listing, an article, or why it is neither."""

    listing: Listing | None = None
    article: Article | None = None
    reason: str | None = None
    final_url: str | None = None  # where the page was found after redirects
    seconds: float = 0.0


def interpret(job: Job, response: Response, *, config: IngestConfig) -> Found | None:
    """Read a 200 answer into a listing or an article (the HTML path of ingest); None else."""
    if response.status != 200 or response.error is not None:
        return None
    start = time.monotonic()
    try:
        found = _interpret(job, response, config)
    except InputError as exc:
        found = Found(reason=exc.reason)
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a library crashing on one hostile page must not stop the round
        found = Found(reason=f"could not be read ({type(exc).__name__}: {exc})")
    return replace(found, seconds=time.monotonic() - start)


def _interpret(job: Job, response: Response, config: IngestConfig) -> Found:
    listing = read_listing(response.body, response.content_type, response.url)
    if listing.kind in LISTINGS or (job.kind == "source" and listing.kind != "page"):
        return Found(listing=listing)
    article = html_to_article(
        response.body,
        path=job.key,
        record=None,
        url=response.url,
        default_id=stable_id(job.key, ""),
        config=config,
    )
    return Found(article=article, final_url=response.url)
