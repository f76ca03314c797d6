"""The web app: REST API under /api, server-rendered pages, their .json twins, /docs."""

from __future__ import annotations

import threading
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
from storyline.serve import api_routes, pages, similarity_routes
from storyline.serve.config import ServeConfig
from storyline.serve.errors import install_error_handlers
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
    app.state.write_lock = threading.Lock()
    install_error_handlers(app)
    app.include_router(api_routes.router)
    app.include_router(similarity_routes.router)
    app.include_router(pages.router)
    app.add_api_route("/docs", api_docs, methods=["GET"], include_in_schema=False)
    app.mount("/static/swagger", StaticFiles(directory=str(SWAGGER_UI)))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    if config.host in LOOPBACK:
        # A loopback server answers only to loopback names: a DNS-rebinding page cannot reach it.
        hosts = ["127.0.0.1", "localhost", "[::1]", "::1"]
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    return app


def api_docs(request: Request) -> Response:
    """Serve Swagger UI for the OpenAPI schema, from files installed with storyline."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "docs.html", {})


def run(config: ServeConfig, *, announce: Callable[[str], None] = print) -> None:
    """Prepare the store, say where to point the browser, and serve until interrupted."""
    with Store.open(config.db) as store:  # creates and migrates it: GETs then open it read-only
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
    env.filters["short"] = shorten
    env.filters["num"] = format_count
    env.globals["query"] = query_string
    return Jinja2Templates(env=env)


def format_day(value: str | None) -> str:
    """Show an ISO date or datetime as '26 Apr 2024' (and the time when there is one)."""
    if not value:
        return "undated"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if len(value) <= 10:
        return moment.strftime("%-d %b %Y")
    return moment.strftime("%-d %b %Y %H:%M")


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
