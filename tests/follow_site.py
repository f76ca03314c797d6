"""A loopback news site for follow tests and benchmarks: routes, delays, every request counted."""

from __future__ import annotations

import gzip
import html
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SCRAPINGHUB = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / ("scrapinghub-article-extraction-benchmark/html")
)
STAMP = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Route:
    """One path's answer."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow page)
    etag: str | None = None  # answer 304 to a request that names it
    stream: int = 0  # send this many bytes in chunks, without a Content-Length


class Site:
    """A ThreadingHTTPServer on 127.0.0.1 serving routes and counting every request by path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()  # requests carrying validators, by path
        self.agents: set[str] = set()
        self.active = 0
        self.max_active = 0  # most requests in flight at once
        self.starts: list[tuple[float, str]] = []  # (monotonic time, path) of each request
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """Return http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        """Return the absolute URL of a path."""
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", **options: object) -> None:
        """Serve body (or options such as status, delay, etag, stream) at path."""
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **options)  # type: ignore[arg-type]

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        """Answer path with a redirect to another path."""
        self.routes[path] = Route(status=status, headers={"Location": to})

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            return None

        def do_GET(self) -> None:
            with site.lock:
                site.hits[self.path] += 1
                site.agents.add(self.headers.get("User-Agent", ""))
                site.starts.append((time.monotonic(), self.path))
                if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                    site.conditional[self.path] += 1
                site.active += 1
                site.max_active = max(site.max_active, site.active)
            try:
                self._route()
            finally:
                with site.lock:
                    site.active -= 1

        def _route(self) -> None:
            route = site.routes.get(self.path)
            if route is None:
                self._answer(404, b"not found", "text/plain", {})
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self._answer(304, b"", "", {"ETag": route.etag})
                return
            headers = dict(route.headers)
            if route.etag:
                headers.update({"ETag": route.etag, "Last-Modified": STAMP})
            if route.stream:
                self._stream(route)
                return
            self._answer(route.status, route.body, route.content_type, headers)

        def _answer(self, status: int, body: bytes, ctype: str, headers: dict[str, str]) -> None:
            try:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _stream(self, route: Route) -> None:
            self.close_connection = True
            try:
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_536 + b"</p>"
                for _ in range(route.stream // len(chunk) + 1):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


# -- bodies -----------------------------------------------------------------------------------


def article_html(title: str, paragraphs: list[str], *, published: str = "2024-05-02") -> str:
    """Return a small article page with a title, a date and paragraphs."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title>"
        f'<meta property="article:published_time" content="{published}">'
        f'<meta property="og:site_name" content="Loopback News"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        f"<footer>Copyright Loopback News</footer></body></html>"
    )


TOPICS = {
    "flood": (
        "Floods hit the river town of Marlow",
        "Heavy rain pushed the river Thames over its banks in Marlow on Thursday, forcing "
        "hundreds of residents to leave their homes, the Environment Agency said.",
        "Rescue teams from Buckinghamshire Fire and Rescue carried elderly residents from "
        "flooded streets near the bridge while volunteers handed out sandbags.",
        "Council leader Martin Tett said the flood defences built after 2014 had held in most "
        "places but water had broken through near the old brewery.",
    ),
    "election": (
        "Voters in Lisbon choose a new mayor",
        "Voters in Lisbon went to the polls on Sunday to elect a new mayor after a campaign "
        "dominated by housing costs and tourism, the electoral commission reported.",
        "Candidate Ana Ribeiro of the Socialist Party promised rent controls, while her rival "
        "Carlos Moedas defended his record on public transport and trams.",
        "Turnout reached 52 percent by late afternoon, higher than four years ago, according "
        "to figures from the interior ministry.",
    ),
    "merger": (
        "Nordbank agrees to buy Helix Insurance",
        "Nordbank said on Monday it had agreed to buy Helix Insurance for 4.2 billion euros, "
        "creating the largest financial group in the Baltic region.",
        "Chief executive Ingrid Solberg told analysts the deal would cut costs by 300 million "
        "euros a year and that regulators in Tallinn and Riga had been informed.",
        "Shares in Helix Insurance rose 18 percent in Stockholm trading after the announcement.",
    ),
    "vaccine": (
        "Measles vaccination drive begins in Lagos",
        "Health workers in Lagos began a two-week measles vaccination campaign on Wednesday "
        "aimed at reaching two million children under five, officials said.",
        "Lagos State health commissioner Akin Abayomi said clinics would stay open late and "
        "mobile teams would visit markets and bus stations.",
        "The World Health Organization has warned of rising measles cases across West Africa.",
    ),
}


def topic_page(topic: str, variant: int = 0) -> str:
    """Return an article page about one of a few events (variants reword the closing line)."""
    title, *paragraphs = TOPICS[topic]
    extra = f"Reporting by desk {variant} of Loopback News, filed late in the day."
    return article_html(
        title if variant == 0 else f"{title}: update {variant}", [*paragraphs, extra]
    )


def shared_pages(count: int) -> list[bytes]:
    """Return up to count scrapinghub benchmark pages (empty without ../shared)."""
    if not SCRAPINGHUB.is_dir():
        return []
    files = sorted(SCRAPINGHUB.glob("*.html.gz"))[:count]
    return [gzip.decompress(f.read_bytes()) for f in files]


def rss(items: list[tuple[str, str]], title: str = "Loopback News") -> str:
    """Return an RSS 2.0 feed of (title, link) items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
        f"<guid>{html.escape(u)}</guid></item>"
        for t, u in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.invalid/</link><description>x</description>{entries}"
        "</channel></rss>"
    )


def atom(items: list[tuple[str, str]]) -> str:
    """Return an Atom feed of (title, link) items."""
    entries = "".join(
        f'<entry><title>{html.escape(t)}</title><link rel="alternate" href="{html.escape(u)}"/>'
        f"<id>{html.escape(u)}</id><updated>2024-05-02T10:00:00Z</updated></entry>"
        for t, u in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom side</title><id>urn:x</id><updated>2024-05-02T10:00:00Z</updated>"
        f"{entries}</feed>"
    )


def json_feed(items: list[tuple[str, str]]) -> str:
    """Return a JSON Feed 1.1 of (title, link) items."""
    import json

    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "JSON side",
            "items": [{"id": u, "url": u, "title": t} for t, u in items],
        }
    )


def sitemap(urls: list[str], *, news: bool = True) -> str:
    """Return a (news) sitemap listing urls."""
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    body = "".join(
        f"<url><loc>{html.escape(u)}</loc>"
        + ("<news:news><news:title>t</news:title></news:news>" if news else "")
        + "</url>"
        for u in urls
    )
    return (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f"{ns}>{body}</urlset>"
    )


def sitemap_index(urls: list[str]) -> str:
    """Return a sitemap index naming child sitemaps."""
    body = "".join(f"<sitemap><loc>{html.escape(u)}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0"?><sitemapindex '
        f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    )


def wait_for(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Poll check until it holds or seconds pass."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


def request_paths(site: Site) -> Iterator[str]:
    """Yield every path requested so far."""
    with site.lock:
        yield from list(site.hits)
