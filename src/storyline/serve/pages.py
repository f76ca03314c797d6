"""Server-rendered pages and their .json twins: both built from the same view function."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from storyline.serve import views
from storyline.serve.deps import PageParams, ReadStore, StoryQueryParams
from storyline.serve.story_page import story_page_context

router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=200)]


def render(request: Request, template: str, context: dict[str, Any]) -> Response:
    """Render one page with the context every page shares."""
    config = request.app.state.config
    base = {
        "json_url": _twin(request),
        "max_chars": config.max_display_chars,
        "nav": template.removesuffix(".html"),
    }
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, {**base, **context})


def _twin(request: Request) -> str:
    """Return the address of this page's JSON twin ("/" lists the stories too)."""
    path = request.url.path.rstrip("/") or "/stories"
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{path}.json{query}"


@router.get("/stories.json")
def stories_json(store: ReadStore, page: PageParams, query: StoryQueryParams) -> JSONResponse:
    """Return the story list page as JSON."""
    return JSONResponse(views.story_list(store, query, page))


@router.get("/")
@router.get("/stories")
def stories_page(
    request: Request, store: ReadStore, page: PageParams, query: StoryQueryParams
) -> Response:
    """Render the story list with search and filters."""
    listing = views.story_list(store, query, page)
    return render(request, "stories.html", {"listing": listing, "query": query})


@router.get("/stories/{story_id}.json")
def story_json(story_id: str, store: ReadStore) -> JSONResponse:
    """Return one story's whole analysis, the object `storyline story ID --json` prints."""
    return JSONResponse(views.story_detail(store, story_id))


@router.get("/stories/{story_id}")
def story_page(
    request: Request, story_id: str, store: ReadStore, a: Text = None, b: Text = None
) -> Response:
    """Render one story: summary, timeline, copy graph, quotes, entities, comparison."""
    story = views.story_detail(store, story_id)
    limit = request.app.state.config.max_display_chars
    context = story_page_context(store, story, left=a, right=b, limit=limit)
    return render(request, "story.html", context)


@router.get("/articles/{article_id:path}.json")
def article_json(article_id: str, store: ReadStore) -> JSONResponse:
    """Return one article as JSON."""
    return JSONResponse(views.article_view(store, article_id))


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str, store: ReadStore) -> Response:
    """Render one article with the removed spans struck through and labelled."""
    article = views.article_view(store, article_id)
    limit = request.app.state.config.max_display_chars
    return render(request, "article.html", views.article_page_context(store, article, limit=limit))


@router.get("/sources.json")
def sources_json(store: ReadStore, page: PageParams) -> JSONResponse:
    """Return the source list as JSON."""
    return JSONResponse(views.source_list(store, page))


@router.get("/sources")
def sources_page(request: Request, store: ReadStore, page: PageParams) -> Response:
    """Render the sources with their counts of originals and copies."""
    return render(request, "sources.html", {"listing": views.source_list(store, page)})
