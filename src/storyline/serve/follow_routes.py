"""Follow over the web: add sources to follow, and the "sources followed" page with its twin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StringConstraints

from storyline.follow import follow_urls, followed
from storyline.serve.deps import ReadStore, WriteStore
from storyline.serve.pages import render
from storyline.serve.security import require_json, require_token

router = APIRouter()
WRITE = [Depends(require_token), Depends(require_json)]
SourceUrl = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]


class FollowIn(BaseModel):
    """Sources to follow: feeds (RSS, Atom, JSON Feed), sitemaps or URL lists, by http(s) URL."""

    sources: list[SourceUrl] = Field(min_length=1, max_length=100)
    fetch_now: bool = Field(
        False,
        description="Run one round now and answer with what changed (else the next "
        "round of a running `storyline follow` fetches them).",
    )


@router.post(
    "/api/follow",
    tags=["api"],
    summary="Follow feeds, sitemaps or URL lists",
    dependencies=WRITE,
    status_code=201,
    responses={400: {}, 401: {}, 413: {}, 415: {}, 422: {}},
)
def post_follow(request: Request, store: WriteStore, body: FollowIn) -> dict[str, Any]:
    """Remember the sources; with fetch_now, fetch them and run the pipeline once."""
    config = request.app.state.config.follow
    # another writer (a post's placement pass) is waited for by the store, not by a lock here
    return follow_urls(store, body.sources, config, fetch_now=body.fetch_now)


@router.get("/api/follow", tags=["api"], summary="Sources followed, with their last fetch")
def get_follow(store: ReadStore) -> dict[str, Any]:
    """Return every followed source: last fetch, status, errors and article counts."""
    return followed(store)


@router.get("/followed.json", include_in_schema=False)
def followed_json(store: ReadStore) -> JSONResponse:
    """Return the sources-followed page as JSON."""
    return JSONResponse(followed(store))


@router.get("/followed", include_in_schema=False)
def followed_page(request: Request, store: ReadStore) -> Response:
    """Render the sources followed: last fetch, errors and article counts."""
    return render(request, "followed.html", {"listing": followed(store)})
