"""End to end in headless Chromium (Debian's, driven by Playwright): seed story, hostile text."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from storyline.serve import ServeConfig, create_app
from support import SEED_IDS

from .conftest import HOSTILE_IDS

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Counts what the stored texts could have injected: scripts (app.js aside), inline handlers,
# javascript: URLs and frames.
INJECTED = """() => ({
    scripts: [...document.scripts].filter(s => !s.src.endsWith('/static/app.js')).length,
    handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
    js_urls: [...document.querySelectorAll('a,iframe')].filter(e => /^\\s*javascript:/i.test(
        e.getAttribute('href') || e.getAttribute('src') || '')).length,
    frames: document.querySelectorAll('iframe,object,embed').length,
})"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(seeded_db: Path) -> Iterator[str]:
    """Serve the seeded store on a free loopback port for the module's tests."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(ServeConfig(db=seeded_db, port=port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Launch headless Chromium once for the module."""
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Collect the messages of every dialog (alert, confirm, prompt) a page opens."""
    return []


@pytest.fixture
def page(browser: Any, dialogs: list[str]) -> Iterator[Any]:
    """Open a fresh page that records and dismisses dialogs."""
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    opened = context.new_page()
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def open_seed_story(page: Any, base_url: str) -> None:
    """Go from the story list to the seeds' story (the one 004 published first)."""
    page.goto(f"{base_url}/stories")
    first = page.get_by_role("link", name=SEED_IDS[3])
    page.locator("tr", has=first).locator("a.story-title").click()
    page.wait_for_selector("svg.graph")


def test_seed_story_shows_copy_edge_and_first_publisher(page: Any, base_url: str) -> None:
    open_seed_story(page, base_url)
    copy, source = SEED_IDS[1], SEED_IDS[0]
    edge = page.locator(f'svg.graph g.edge[data-copy="{copy}"][data-source="{source}"]')
    assert edge.count() == 1 and edge.is_visible() and edge.locator("path").get_attribute("d")
    assert edge.get_attribute("data-kind") == "copy"
    listed = page.locator(f'li.copy-edge[data-copy="{copy}"][data-source="{source}"]')
    assert listed.is_visible() and "→" in listed.inner_text()
    first = page.locator(".first-publisher")
    assert first.is_visible() and SEED_IDS[3] in first.inner_text()
    assert SEED_IDS[3] in page.locator("tr.is-first").inner_text()
    assert page.locator("#compare mark.shared").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story-page.png"), full_page=True)


def test_compare_any_two_versions(page: Any, base_url: str) -> None:
    open_seed_story(page, base_url)
    page.locator('select[name="b"]').select_option(SEED_IDS[2])  # app.js submits on change
    page.wait_for_url(f"**b={SEED_IDS[2]}**")
    right = page.locator("#compare .side").nth(1)
    assert SEED_IDS[2] in right.inner_text() and right.locator("ins.added").count() > 0


def test_article_page_strikes_removed_spans(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/articles/{SEED_IDS[1]}")
    removed = page.locator("del.removed")
    assert removed.count() > 0
    assert "line-through" in removed.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert removed.first.locator(".removed-label").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)


def test_api_docs_render_without_the_network(page: Any, base_url: str) -> None:
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base_url) else outside.append(r.url))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".opblock-tag", timeout=15_000)  # Swagger UI booted and read the schema
    assert page.locator(".opblock").count() >= 5
    assert outside == [] and not [e for e in errors if "Content Security Policy" in e]


def test_hostile_articles_render_inert(page: Any, base_url: str, dialogs: list[str]) -> None:
    page.goto(f"{base_url}/stories?q=hostile")
    page.locator("a.story-title").first.click()
    paths = [page.url.removeprefix(base_url), "/stories", "/sources"]
    paths += [f"/articles/{quote(i, safe='')}" for i in HOSTILE_IDS]
    for path in paths:
        response = page.goto(base_url + path)
        assert response.ok and "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_timeout(200)  # let anything that would run, run
        assert page.evaluate(INJECTED) == {"scripts": 0, "handlers": 0, "js_urls": 0, "frames": 0}
        assert "alert(" in page.content(), path  # the text is there, shown as text
    assert dialogs == []
