"""Security: response headers (CSP), the write token and the JSON-only rule for writes."""

from __future__ import annotations

import hmac
import json
from email.message import Message

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

# Pages load only their own stylesheet and script; nothing inline, no frames, no plugins.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Swagger UI at /docs comes from the files fastapi-offline installs and boots from a script
# file of ours: no CDN, no inline script. It sets inline style attributes as it renders.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    """Add Content-Security-Policy and friends to every HTTP response."""

    def __init__(self, app: ASGIApp, *, docs_paths: tuple[str, ...] = ("/docs",)) -> None:
        self.app = app
        self.docs_paths = docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] in self.docs_paths else PAGE_CSP

        async def send_with_headers(message: AsgiMessage) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in _NAMES]
                headers += [(b"content-security-policy", csp.encode()), *_HEADERS]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


_NAMES = frozenset({b"content-security-policy", *(name for name, _ in _HEADERS)})


class BodyTooLarge(HTTPException):
    """A request body went over the limit while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"the request body is over the {limit:,}-byte limit: send fewer "
            "or smaller articles per request",
        )


class BodyLimitMiddleware:
    """Refuse request bodies over a size: by Content-Length at once, else while reading."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            error = BodyTooLarge(self.max_bytes)
            body = json.dumps({"status": 413, "message": error.detail}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        seen = 0

        async def counting_receive() -> AsgiMessage:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:  # FastAPI passes HTTPException on to the error handlers
                raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, counting_receive, send)


def require_json(request: Request) -> None:
    """Refuse a write whose body is not declared as JSON (blocks cross-site form posts)."""
    declared = request.headers.get("content-type", "")
    message = Message()
    message["content-type"] = declared
    subtype = message.get_content_subtype()
    is_json = message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )
    if not declared or not is_json:
        raise HTTPException(
            status_code=415,
            detail="send the body as JSON with the header `Content-Type: application/json`",
        )


def require_token(request: Request) -> None:
    """Check `Authorization: Bearer <token>` when the server was started with --token."""
    expected: str | None = request.app.state.config.token
    if not expected:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise HTTPException(
            status_code=401,
            detail="this server needs a token for writes: send `Authorization: Bearer <token>` "
            "with the token given to `storyline serve --token`",
            headers={"WWW-Authenticate": "Bearer"},
        )
