"""Escaping, security headers and the loopback host check, without a browser."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from storyline.serve import ServeConfig, create_app

from .conftest import HOSTILE_IDS

# Markup that can only appear if a "<", ">" or quote of the stored text went out unescaped.
RAW_MARKUP = (
    "<script>alert",
    "<img src=x",
    "<svg onload",
    "<svg/onload",
    "<iframe",
    'href="javascript:',
    '" onclick',
    "onerror=alert(2)>",
    "onerror=alert(5)>",
    '"><script>',
)


def hostile_pages(client: TestClient) -> list[str]:
    story = client.get("/api/stories", params={"q": "hostile"}).json()["items"][0]["id"]
    return [f"/articles/{quote(i, safe='')}" for i in HOSTILE_IDS] + [
        f"/stories/{story}",
        "/stories",
        "/sources",
        f"/stories?q={quote('<script>alert(1)</script>')}",
    ]


def test_hostile_text_is_escaped_on_every_page(client: TestClient) -> None:
    for path in hostile_pages(client):
        page = client.get(path)
        assert page.status_code == 200, path
        for markup in RAW_MARKUP:
            assert markup not in page.text, (path, markup)
        assert "alert(" in page.text  # the text is shown, escaped


def test_every_response_carries_a_csp(client: TestClient) -> None:
    for path in ("/stories", "/api/stories", "/articles/evil_999", "/nope", "/static/style.css"):
        csp = client.get(path).headers["content-security-policy"]
        assert (
            "script-src 'self'" in csp
            and "default-src 'none'" in csp
            and "unsafe-inline" not in csp
        )
    headers = client.get("/stories").headers
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    docs = client.get("/docs")
    csp = docs.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "http" not in csp  # no inline script, no CDN
    assert "http" not in docs.text and '<script src="/static/docs.js">' in docs.text
    bundle = client.get("/static/swagger/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example"])
def test_loopback_server_refuses_other_host_names(seeded_db: Path, host: str) -> None:
    app = create_app(ServeConfig(db=seeded_db))
    with TestClient(app, base_url=f"http://{host}") as client:
        assert client.get("/api/stories").status_code == 400
    with TestClient(app, base_url="http://localhost:8000") as client:
        assert client.get("/api/stories").status_code == 200


def test_other_binds_accept_any_host(seeded_db: Path) -> None:
    app = create_app(ServeConfig(db=seeded_db, host="0.0.0.0"))
    with TestClient(app, base_url="http://news.example") as client:
        assert client.get("/api/stories").status_code == 200


def test_gets_never_write(client: TestClient, seeded_db: Path) -> None:
    before = seeded_db.stat().st_mtime_ns
    for path in ("/stories", "/sources", "/api/articles", "/articles/evil_999"):
        client.get(path)
    assert seeded_db.stat().st_mtime_ns == before
