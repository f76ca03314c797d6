"""Configuration records: options that travel together."""

from __future__ import annotations

from dataclasses import dataclass, field

MB = 1024 * 1024

# news-please field names, the default mapping for JSON/JSONL/CSV records.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title", "headline"),
    "text": ("maintext", "text", "articleBody", "body"),
    # Stands for the text when a record has none: a feed item's summary, else its headline.
    "description": ("description", "summary"),
    "published": ("date_publish", "published", "date", "datePublished", "pubDate"),
    "source": ("source_domain", "source", "publisher", "site_name", "hostname"),
    "url": ("url", "link"),
    "authors": ("authors", "author"),
    "language": ("language",),
}


@dataclass(frozen=True)
class IngestConfig:
    """How ingest reads and bounds its input."""

    source: str | None = None  # --source: outlet name forced on every record
    field_map: dict[str, tuple[str, ...]] = field(default_factory=dict)  # --map overrides
    max_text_bytes: int = 5 * MB  # text larger than this is rejected
    max_raw_bytes: int = 50 * MB  # one decompressed file/record larger than this is rejected
    # One HTML page larger than this is rejected: extraction time grows faster than the size
    # (a 2 MB page of short link blocks took 7.5 s, 1 MB 1.4 s; 8 MB took 109 s).
    max_html_bytes: int = 2 * MB
    batch_size: int = 500  # records per transaction
    strict: bool = False  # stop at the first rejection and store nothing

    def fields(self) -> dict[str, tuple[str, ...]]:
        """Return the effective field mapping (defaults overridden by --map)."""
        merged = dict(DEFAULT_FIELDS)
        merged.update(self.field_map)
        return merged


def parse_field_map(pairs: list[str] | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Turn ['text=body', 'published=meta.date'] into a field mapping."""
    from storyline.errors import UsageError

    mapping: dict[str, tuple[str, ...]] = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        name, path = name.strip(), path.strip()
        if not sep or not name or not path:
            raise UsageError(f"--map {pair!r}: expected FIELD=PATH, for example text=body")
        if name not in DEFAULT_FIELDS:
            known = ", ".join(DEFAULT_FIELDS)
            raise UsageError(f"--map {pair!r}: unknown field {name!r}; known fields: {known}")
        mapping[name] = (path,)
    return mapping


DEFAULT_USER_AGENT = "storyline-follow/0.1 (news story engine; name yourself with --user-agent)"


@dataclass(frozen=True)
class FollowConfig:
    """How `storyline follow` fetches: politeness, bounds and retries."""

    user_agent: str = DEFAULT_USER_AGENT
    rate: float = 1.0  # requests per second per host (robots.txt Crawl-delay may lower it)
    per_host: int = 2  # requests in flight per host at most
    workers: int = 8  # requests in flight overall at most
    timeout: float = 20.0  # seconds for connect, each read, and a whole response
    retries: int = 2  # extra tries after a 5xx or a timeout within a round
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_bytes: int = 5 * MB  # one response larger than this is dropped
    max_redirects: int = 5  # redirect hops followed per URL
    max_rounds_tried: int = 3  # rounds a failing page is tried before it is given up
    refetch: bool = False  # fetch stored pages again (conditionally) instead of skipping them
    ingest: IngestConfig = field(default_factory=IngestConfig)

    def check(self) -> FollowConfig:
        """Refuse options that cannot work; return self."""
        from storyline.errors import UsageError

        if not self.rate > 0:
            raise UsageError(f"--rate {self.rate}: must be above 0 requests per second")
        for name in ("per_host", "workers", "max_bytes"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name} {getattr(self, name)}: must be at least 1")
        if not self.timeout > 0:
            raise UsageError(f"--timeout {self.timeout}: must be above 0 seconds")
        if self.retries < 0 or self.max_redirects < 0 or self.backoff < 0:
            raise UsageError("retries, backoff and max_redirects cannot be negative")
        if not self.user_agent.strip() or any(c in self.user_agent for c in "\r\n"):
            raise UsageError("--user-agent: give one non-empty line")
        return self
