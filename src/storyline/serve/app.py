"""The web app: REST API under /api, server-rendered pages, their .json twins, /docs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.trustedhost import TrustedHostMiddleware

from storyline import __version__
from storyline.dates import in_utc
from storyline.dates import show as show_date
from storyline.serve import api_routes, follow_routes, pages, similarity_routes
from storyline.serve.config import ServeConfig
from storyline.serve.errors import install_error_handlers
from storyline.serve.placer import Placer
from storyline.serve.security import BodyLimitMiddleware, SecurityHeadersMiddleware
from storyline.store import Store

HERE = Path(__file__).parent
SWAGGER_UI = files("fastapi_offline") / "static"  # Swagger UI 5, installed with storyline
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
DESCRIPTION = (
    "Browse the stories storyline found, their copy graph, quotes and entities; add articles "
    "and match texts. Every list takes `limit` and `offset` and answers with `total`; every "
    "error is JSON `{status, message}`. Writes take JSON only and, when the server runs with "
    "`--token`, need `Authorization: Bearer <token>`."
)


def create_app(config: ServeConfig) -> FastAPI:
    """Build the app for one store."""
    app = FastAPI(
        title="storyline",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served below from the installed Swagger UI: no CDN, no network
        redoc_url=None,
    )
    app.state.config = config
    app.state.templates = make_templates()
    app.state.placer = Placer(config.db)
    install_error_handlers(app)
    app.include_router(api_routes.router)
    app.include_router(follow_routes.router)
    app.include_router(similarity_routes.router)
    app.include_router(pages.router)
    app.add_api_route("/docs", api_docs, methods=["GET"], include_in_schema=False)
    app.mount("/static/swagger", StaticFiles(directory=str(SWAGGER_UI)))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)
    if config.host in LOOPBACK:
        # A loopback server answers only to loopback names: a DNS-rebinding page cannot reach it.
        hosts = ["127.0.0.1", "localhost", "[::1]", "::1"]
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    # added last, so outermost: its headers go on every answer, refusals of the ones above too
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def api_docs(request: Request) -> Response:
    """Serve Swagger UI for the OpenAPI schema, from files installed with storyline."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "docs.html", {})


def run(config: ServeConfig, *, announce: Callable[[str], None] = print) -> None:
    """Prepare the store, say where to point the browser, and serve until interrupted."""
    # Migrates it (GETs then open it read-only); a missing file is a typo, not a new store.
    with Store.open(config.db, must_exist=True) as store:
        articles = store.count_articles()
    if not articles:
        announce(
            f"note: {config.db} has no articles yet: add some with `storyline run PATH "
            f"--db {config.db}` or POST /api/articles"
        )
    if config.host not in LOOPBACK and not config.token:
        announce(
            f"warning: serving on {config.host} without --token: anyone who can reach it "
            "can add articles"
        )
    announce(
        f"storyline: serving {config.db} at {config.url} (API docs at {config.url}docs); "
        "Ctrl+C stops"
    )
    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="info")


def make_templates() -> Jinja2Templates:
    """Create the Jinja2 environment: escaping on for every template and every value."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = format_day
    env.filters["utc"] = in_utc  # a range's ends, compared and shown in one zone
    env.filters["short"] = shorten
    env.filters["num"] = format_count
    env.globals["query"] = query_string
    return Jinja2Templates(env=env)


def format_day(value: str | None) -> str:
    """Show a stored date as '26 Apr 2024', with its time and zone when it has them."""
    if not value:
        return "undated"
    shown = show_date(value)  # "2024-04-26 17:04 UTC-05:00", a day as "2024-04-26"
    try:
        day = datetime.strptime(shown[:10], "%Y-%m-%d")
    except ValueError:
        return shown
    return f"{day.day} {day:%b %Y}{shown[10:]}"


def format_count(value: int | None) -> str:
    """Show a count with thousands separators, or a dash when it is unknown."""
    return "–" if value is None else f"{value:,}"


def shorten(value: str | None, size: int = 80) -> str:
    """Cut a text to size characters at a word boundary."""
    text = " ".join((value or "").split())
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0] + "…"


def query_string(request: Request, **changes: Any) -> str:
    """Return the current query string with some parameters changed (None drops one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else "?"
