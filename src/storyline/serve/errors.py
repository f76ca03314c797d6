"""Turn every failure into {status, message}: JSON for the API and twins, a page for browsers."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from storyline.errors import InputError, NotFoundError, StoreError, StorylineError, UsageError

log = logging.getLogger("storyline.serve")

_STATUS: tuple[tuple[type[StorylineError], int], ...] = (
    (NotFoundError, 404),
    (UsageError, 400),
    (InputError, 422),
    (StoreError, 503),
)
_TITLES = {
    400: "Bad request",
    401: "Token needed",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "JSON only",
    422: "Invalid input",
    503: "Store unavailable",
}


def wants_json(request: Request) -> bool:
    """Tell whether this path answers in JSON (API, .json twins, OpenAPI) rather than HTML."""
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path.endswith(".json")


def error_response(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """Render one error as JSON {status, message} or as the error page."""
    if wants_json(request):
        return JSONResponse({"status": status, "message": message}, status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    title = _TITLES.get(status, "Error")
    context = {"status": status, "title": title, "message": message, "nav": ""}
    return templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )


def validation_message(errors: Sequence[Any]) -> str:
    """Say which parameter is wrong and how, in one line per problem."""
    parts = []
    for error in errors:
        loc = [str(x) for x in error.get("loc", ())]
        where = {"query": "query parameter", "path": "path parameter", "body": "body"}.get(
            loc[0] if loc else "", "input"
        )
        name = ".".join(loc[1:])
        detail = error.get("msg", "is invalid")
        parts.append(f"{where} {name}: {detail}".replace(" :", ":"))
    return "; ".join(parts) or "the request is invalid"


async def _storyline_error(request: Request, exc: Exception) -> Response:
    status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)
    return error_response(request, status, str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}: start from / or see the API at /docs"
    return error_response(request, exc.status_code, message, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, 422, validation_message(exc.errors()))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "internal error: the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the same {status, message} shape."""
    app.add_exception_handler(StorylineError, _storyline_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
