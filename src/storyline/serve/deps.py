"""Request dependencies: one store connection per request, paging and story filters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from storyline.serve.config import ServeConfig
from storyline.store import Store

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 10**12  # more items than any store holds: a page this far is empty


def get_config(request: Request) -> ServeConfig:
    """Return the server's configuration."""
    config: ServeConfig = request.app.state.config
    return config


def read_store(config: Annotated[ServeConfig, Depends(get_config)]) -> Iterator[Store]:
    """Open the store read-only for one request and close it afterwards."""
    store = Store.open(config.db, readonly=True)
    try:
        yield store
    finally:
        store.close()


def write_store(config: Annotated[ServeConfig, Depends(get_config)]) -> Iterator[Store]:
    """Open the store for writing for one request and close it afterwards."""
    store = Store.open(config.db)
    try:
        yield store
    finally:
        store.close()


@dataclass(frozen=True)
class Page:
    """Which slice of a listing to return."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def envelope(self, items: list[object], total: int) -> dict[str, object]:
        """Wrap one page of items with the totals a client needs to page on."""
        return {"items": items, "total": total, "limit": self.limit, "offset": self.offset}


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> Page:
    """Read limit/offset from the query string (an offset past any listing is clamped)."""
    # SQLite takes 64-bit integers only: a larger offset would fail deep in the query
    return Page(limit=limit, offset=min(offset, MAX_OFFSET))


@dataclass(frozen=True)
class StoryQuery:
    """What a story listing is filtered by."""

    q: str | None = None  # words that must all occur in one of the story's articles
    since: str | None = None  # ISO day: stories with an article published on or after it
    until: str | None = None  # ISO day: stories with an article published on or before it
    source: str | None = None  # outlet that must carry the story
    sort: str = "relevance"  # with q: best match first; "recent": newest first


def story_query(
    q: Annotated[
        str | None,
        Query(max_length=200, description='Words that all occur; "a phrase", a OR b, pre*, -word.'),
    ] = None,
    since: Annotated[
        date | None, Query(description="Stories with articles from this day on.")
    ] = None,
    until: Annotated[
        date | None, Query(description="Stories with articles up to this day.")
    ] = None,
    source: Annotated[
        str | None, Query(max_length=200, description="Outlet carrying the story.")
    ] = None,
    sort: Annotated[
        Literal["relevance", "recent"],
        Query(description="relevance: best match first (titles weigh most); recent: newest."),
    ] = "relevance",
) -> StoryQuery:
    """Read the story filters from the query string (blank means unset)."""
    return StoryQuery(
        q=(q or "").strip() or None,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        source=(source or "").strip() or None,
        sort=sort,
    )


ReadStore = Annotated[Store, Depends(read_store)]
WriteStore = Annotated[Store, Depends(write_store)]
PageParams = Annotated[Page, Depends(page_params)]
StoryQueryParams = Annotated[StoryQuery, Depends(story_query)]
