"""One bounded HTTP GET: timeouts, a size cap, conditional headers, no redirect followed."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import httpx2

from storyline.config import FollowConfig

REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Response:
    """What a server answered (status 0: no answer), with the body when it is usable."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None  # the Location of a redirect
    error: str | None = None  # why no usable answer came
    retryable: bool = False  # a 5xx or a timeout: worth another try
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Tell whether the answer carries a body to read (200) or says 'unchanged' (304)."""
        return self.error is None and self.status in (200, 304)


class Fetcher:
    """A pooled HTTP client; redirects are left to the caller so each hop is checked."""

    def __init__(self, config: FollowConfig) -> None:
        self.config = config
        t = config.timeout
        self.client = httpx2.Client(
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx2.Timeout(t, connect=t, read=t, write=t, pool=None),
            limits=httpx2.Limits(max_connections=config.workers, max_keepalive_connections=16),
            follow_redirects=False,
        )

    def close(self) -> None:
        """Close the pooled connections."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, modified: str | None = None) -> Response:
        """GET url once; send the validators of the last answer so it can say 304."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        start = time.monotonic()
        try:
            return self._get(url, headers, start)
        except httpx2.TimeoutException:
            return _failed(url, f"timed out after {self.config.timeout:g} s", start, retry=True)
        except (httpx2.HTTPError, httpx2.InvalidURL, OSError, ValueError) as exc:
            return _failed(url, f"{type(exc).__name__}: {exc}", start, retry=False)

    def _get(self, url: str, headers: dict[str, str], start: float) -> Response:
        with self.client.stream("GET", url, headers=headers) as answer:
            status = answer.status_code
            base = Response(
                url,
                status,
                content_type=answer.headers.get("content-type", "").lower(),
                etag=answer.headers.get("etag"),
                last_modified=answer.headers.get("last-modified"),
            )
            if status in REDIRECTS:
                location = answer.headers.get("location")
                return replace(base, location=location, seconds=time.monotonic() - start)
            if status != 200:
                error = None if status == 304 else f"HTTP {status}"
                elapsed = time.monotonic() - start
                return replace(base, error=error, retryable=status >= 500, seconds=elapsed)
            body, error = self._read(answer, start)
            retry = error is not None and error.startswith("timed out")
            elapsed = time.monotonic() - start
            return replace(base, body=body, error=error, retryable=retry, seconds=elapsed)

    def _read(self, answer: httpx2.Response, start: float) -> tuple[bytes, str | None]:
        """Read a body up to the size cap and the whole-response deadline."""
        limit = self.config.max_bytes
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return b"", f"response of {int(declared):,} bytes is over the {limit:,}-byte cap"
        chunks, size = [], 0
        for chunk in answer.iter_bytes(CHUNK):  # decoded: the cap holds for gzip bombs too
            size += len(chunk)
            if size > limit:
                return b"", f"response is over the {limit:,}-byte cap"
            if time.monotonic() - start > self.config.timeout:  # a trickle beats read timeouts
                return b"", f"timed out after {self.config.timeout:g} s"
            chunks.append(chunk)
        return b"".join(chunks), None


def _failed(url: str, error: str, start: float, *, retry: bool) -> Response:
    return Response(url, 0, error=error, retryable=retry, seconds=time.monotonic() - start)
