"""Request dependencies: one store connection per request, pagination parameters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from storyline.serve.config import ServeConfig
from storyline.store import Store

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


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
    """Read limit/offset from the query string."""
    return Page(limit=limit, offset=offset)


ReadStore = Annotated[Store, Depends(read_store)]
WriteStore = Annotated[Store, Depends(write_store)]
PageParams = Annotated[Page, Depends(page_params)]
