"""The REST API under /api: thin shells over the view functions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from storyline.serve import views
from storyline.serve.deps import PageParams, ReadStore, StoryQueryParams, WriteStore
from storyline.serve.security import require_json, require_token

router = APIRouter(prefix="/api", tags=["api"])
WRITE = [Depends(require_token), Depends(require_json)]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found: `{status, message}`"},
    422: {"description": "Invalid parameters: `{status, message}`"},
}


class ArticleIn(BaseModel):
    """One article, with the fields `storyline ingest` reads (news-please names work too)."""

    model_config = ConfigDict(extra="allow")
    id: str | None = Field(
        None, max_length=500, description="Your id; derived from url or text if absent."
    )
    title: str | None = None
    text: str | None = Field(None, description="Article body (or `maintext`).")
    published: str | None = Field(
        None, description="ISO 8601 date or datetime (or `date_publish`)."
    )
    source: str | None = Field(
        None, description="Outlet name (or `source_domain`; else the url's host)."
    )
    url: str | None = None
    authors: list[str] | str | None = None
    language: str | None = None


class MatchIn(BaseModel):
    """A text to look up among the stored articles."""

    text: str = Field(min_length=1, description="The text to match.")
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 date, helps place it in a story.")


@router.get("/stories", summary="List and search stories", responses=ERRORS)
def list_stories(store: ReadStore, page: PageParams, query: StoryQueryParams) -> dict[str, Any]:
    """Return one page of stories, newest first, with `total` for paging."""
    return views.story_list(store, query, page)


@router.get("/stories/{story_id}", summary="One story with its whole analysis", responses=ERRORS)
def get_story(story_id: str, store: ReadStore) -> dict[str, Any]:
    """Return the same object as `storyline story ID --json`."""
    return views.story_detail(store, story_id)


@router.get("/articles", summary="List articles", responses=ERRORS)
def list_articles(store: ReadStore, page: PageParams) -> dict[str, Any]:
    """Return one page of stored articles in ingest order."""
    return views.article_list(store, page)


@router.get("/articles/{article_id:path}", summary="One article", responses=ERRORS)
def get_article(article_id: str, store: ReadStore) -> dict[str, Any]:
    """Return raw input, cleaned text, removed spans and duplicates of one article."""
    return views.article_view(store, article_id)


@router.get("/sources", summary="Sources with counts of originals and copies", responses=ERRORS)
def list_sources(store: ReadStore, page: PageParams) -> dict[str, Any]:
    """Return one page of outlets, largest first."""
    return views.source_list(store, page)


@router.post(
    "/articles",
    summary="Add articles and place them into stories",
    dependencies=WRITE,
    status_code=201,
    responses={**ERRORS, 401: {}, 413: {}, 415: {}},
)
def post_articles(
    request: Request,
    store: WriteStore,
    body: Annotated[ArticleIn | list[ArticleIn], Body(description="One article or a list.")],
) -> JSONResponse:
    """Store the articles, then place them into stories; say where each one went.

    Placing (clean, dedup, cluster, analyze) runs in the background, shared by concurrent
    posts; an article it has not placed within a few seconds is listed with `placed: false`
    and `story_id: null`: it is stored and gets its story shortly.
    """
    records = [
        r.model_dump(exclude_none=True) for r in (body if isinstance(body, list) else [body])
    ]
    config = request.app.state.config
    result = views.ingest_records(store, records, request.app.state.placer, wait=config.place_wait)
    status = 201 if result["ingested"] or result["new_versions"] else 200
    return JSONResponse(result, status_code=status)


@router.post(
    "/match",
    summary="Find a text's duplicates and its story",
    dependencies=WRITE,
    responses={**ERRORS, 401: {}, 413: {}, 415: {}},
)
def post_match(store: ReadStore, body: MatchIn) -> dict[str, Any]:
    """Match a text against the store without storing it."""
    return views.match_text(store, body.text, title=body.title, published=body.published)
